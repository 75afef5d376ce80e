"""Benchmark: preview and commit of a large import, per importer.

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/import_bench.py                 # 10,000 rows each
    .venv/bin/python bench/import_bench.py --rows 2000 --only budget-lines
    .venv/bin/python bench/import_bench.py --database-url postgres://…/pug_bench

Without --database-url it creates a throwaway SQLite database in a temporary
directory (never the project's db.sqlite3) and migrates it. With one, the database
must be a scratch one: the bench migrates it and writes into it.

For each importer it times, on the same rows:

  preview new        Importer.parse(rows) when every row is new (the preview page)
  commit new         Importer.commit(rows), writing every row
  preview unchanged  Importer.parse(rows) again: every row now matches what is saved

and prints the number of queries each step ran. Times are the best of --repeat
rounds; the commit runs once (it writes).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="pug-bench-")


def _configure(database_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pug_portal.settings")
    os.environ["DATABASE_URL"] = (
        database_url or f"sqlite:///{Path(TMP.name) / 'bench.sqlite3'}"
    )
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("IMPORT_MAX_ROWS", "1000000")
    import django

    django.setup()


UNITS = 50


def _setup() -> dict:
    """Units, decrees, an event and an administrator to import as."""
    from focal_points.models import CapacityEvent, Decree, Unit
    from pug_portal.models import Role, User

    admin = User.objects.create(username="bench_admin", role=Role.ADMIN)
    units = [
        Unit.objects.create(
            name=f"Dinas Bench {i}", short_name=f"DB{i}", unit_type="DINAS"
        )
        for i in range(UNITS)
    ]
    for unit in units:
        Decree.objects.create(
            number=f"800/{unit.pk}/SK/2026",
            date=datetime.date(2026, 1, 2),
            title="Tim Focal Point PUG",
            unit=unit,
            fiscal_year=2026,
            valid_from=datetime.date(2026, 1, 2),
        )
    start = datetime.datetime(2026, 3, 10, 1, 0, tzinfo=datetime.UTC)
    event = CapacityEvent.objects.create(
        title="Bimtek bench",
        event_type="BIMTEK",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        organiser=units[0],
    )
    return {"admin": admin, "units": units, "event": event}


def _nip(i: int) -> str:
    return f"19800101{2005000000 + i:010d}"


def rows_units(n: int, _ctx: dict) -> list[tuple[int, dict[str, str]]]:
    return [
        (
            i + 2,
            {
                "short_name": f"BU{i}",
                "name": f"Unit Bench {i}",
                "unit_type": "KELURAHAN",
                "parent_short_name": "",
                "is_coordinator": "0",
                "is_planning_agency": "0",
                "code": f"K{i}",
                "note": "",
            },
        )
        for i in range(n)
    ]


def rows_budget(n: int, ctx: dict) -> list[tuple[int, dict[str, str]]]:
    units = ctx["units"]
    return [
        (
            i + 2,
            {
                "tahun": "2026",
                "nama_singkat_pd": units[i % UNITS].short_name,
                "kode_program": "2.08.02",
                "nama_program": "Program PUG",
                "kode_kegiatan": "2.08.02.2.01",
                "nama_kegiatan": "Pelembagaan PUG",
                "kode_sub_kegiatan": f"2.08.02.2.01.{i // UNITS + 1:04d}",
                "nama_sub_kegiatan": f"Sub kegiatan {i}",
                "pagu": f"{1_000_000 + i}",
                "realisasi": "",
                "arg": "ya" if i % 3 else "tidak",
                "kategori_arg": "PELEMBAGAAN" if i % 3 else "",
            },
        )
        for i in range(n)
    ]


def rows_appointments(n: int, ctx: dict) -> list[tuple[int, dict[str, str]]]:
    units = ctx["units"]
    return [
        (
            i + 2,
            {
                "nama_singkat_pd": units[i % UNITS].short_name,
                "nomor_sk": f"800/{units[i % UNITS].pk}/SK/2026",
                "nama": f"Pegawai {i}",
                "nip": _nip(i),
                "jenis_kelamin": "LP"[i % 2],
                "jabatan": "Kepala Seksi",
                "pangkat_golongan": "III/c",
                "peran_tim": "ANGGOTA",
                "tanggal_mulai": "2026-01-05",
                "tanggal_selesai": "",
                "email": f"p{i}@example.test",
                "telepon": "0812",
            },
        )
        for i in range(n)
    ]


def rows_attendance(n: int, ctx: dict) -> list[tuple[int, dict[str, str]]]:
    units = ctx["units"]
    return [
        (
            i + 2,
            {
                "nama": f"Peserta {i}",
                "nip": _nip(i),
                "jenis_kelamin": "LP"[i % 2],
                "perangkat_daerah": units[i % UNITS].short_name,
                "instansi": "",
                "jabatan": "Staf",
                "hadir": "ya",
                "pre_test": str(i % 100),
                "post_test": str((i + 7) % 100),
                "nomor_sertifikat": f"{i}/SERT",
            },
        )
        for i in range(n)
    ]


CASES: dict[str, Callable] = {
    "units": rows_units,
    "budget-lines": rows_budget,
    "focal-points": rows_appointments,
    "attendance": rows_attendance,
}


def _timed(fn: Callable, repeat: int) -> tuple[float, int, object]:
    from django.db import connection

    best = float("inf")
    result = None
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    for _ in range(repeat):
        count[0] = 0
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - started)
    return best, count[0], result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    _configure(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    ctx = _setup()
    print(f"{connection.vendor}, {args.rows:,} rows, best of {args.repeat}")
    print(f"{'importer':<14}{'step':<20}{'time s':>9}{'queries':>10}  result")
    for identifier in args.only or list(CASES):
        _run_case(identifier, CASES[identifier](args.rows, ctx), ctx, args.repeat)


def _run_case(identifier: str, rows: list, ctx: dict, repeat: int) -> None:
    from pug_portal.imports import get_importer

    importer_cls = get_importer(identifier)
    context = {"event": ctx["event"].pk} if identifier == "attendance" else None

    def importer():
        return importer_cls(user=ctx["admin"], context=context)

    steps = [
        ("preview new", lambda: importer().parse(rows), repeat),
        ("commit new", lambda: importer().commit(rows), 1),
        ("preview unchanged", lambda: importer().parse(rows), repeat),
    ]
    for step, fn, times in steps:
        seconds, queries, result = _timed(fn, times)
        if hasattr(result, "counts"):
            summary = result.counts
        else:
            summary = {"created": result.created, "errors": len(result.errors)}
        print(f"{identifier:<14}{step:<20}{seconds:>9.2f}{queries:>10,}  {summary}")


if __name__ == "__main__":
    main()
