"""Benchmark: ListExporter XLSX against a bare openpyxl write-only loop.

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/export_bench.py            # 50,000 rows
    .venv/bin/python bench/export_bench.py --rows 200000 --repeat 5

It creates a throwaway SQLite database in a temporary directory (never the project's
db.sqlite3), migrates it, and measures side by side in one run:

  bare openpyxl        ws.append(row) of the same values, from a list in memory
  ListExporter memory  a ListExporter whose rows() iterates that same list
  bare openpyxl (db)   ws.append(row) of the directory's values, fetched beforehand
  directory (db)       the real focal-point directory XLSX, streamed from SQLite
                       with .iterator() (query and row building included)

Every variant writes to a file in the temporary directory. Times are the best of
--repeat rounds (the variants take turns) without tracing; peak memory is measured
in a separate run under tracemalloc (which slows Python down), at N/10 and N rows,
so a peak that grows with the row count would show. The row lists are built before
tracing starts and are not counted (they stand for "values already in memory").
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="pug-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pug_portal.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{Path(TMP.name) / 'bench.sqlite3'}"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from pug_portal.reports.exporting import (  # noqa: E402
    SYSTEM_USER,
    Column,
    Kind,
    ListExporter,
)

Row = Sequence[object]


def synthetic_rows(n: int) -> list[Row]:
    """Rows shaped like the dossier list: text, a NIP, a count, Rupiah, a date, a
    fraction, and free text of which 1% looks like a formula."""
    start = datetime.date(2026, 1, 1)
    return [
        [
            f"Dinas Contoh {i % 97}",
            f"Kegiatan penguatan layanan responsif gender nomor {i}",
            f"{198001012005010000 + i:018d}",
            i % 40,
            Decimal(1_250_000 + i * 1000),
            start + datetime.timedelta(days=i % 365),
            (i % 100) / 100,
            f'=HYPERLINK("http://x/{i}")' if i % 100 == 0 else f"Catatan {i}",
        ]
        for i in range(n)
    ]


class SyntheticExport(ListExporter):
    identifier = "bench-synthetic"
    verbose_name = "Bench"
    columns = (
        Column("Perangkat daerah", width=30),
        Column("Kegiatan", width=50),
        Column("NIP", width=20),
        Column("Jumlah", Kind.NUMBER),
        Column("Pagu", Kind.MONEY, width=16),
        Column("Tanggal", Kind.DATE),
        Column("ARG", Kind.PERCENT),
        Column("Catatan", width=30),
    )
    data: list[Row] = []

    def rows(self):
        return iter(self.data)


OUT = Path(TMP.name) / "out.xlsx"


def bare(rows: list[Row], header: Sequence[str]) -> Callable[[], int]:
    def run() -> int:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Data")
        ws.append(list(header))
        for row in rows:
            ws.append(row)
        wb.save(OUT)
        return OUT.stat().st_size

    return run


def exporter(make) -> Callable[[], int]:
    # To a file, as export_report does: render() would hold the finished file in
    # memory and make the peak grow with the file size.
    def run() -> int:
        with OUT.open("wb") as stream:
            make().write(stream)
        return OUT.stat().st_size

    return run


def best_time(fn: Callable[[], int], repeat: int) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(repeat):
        gc.collect()
        t0 = clock()
        size = fn()
        best = min(best, clock() - t0)
    return best, size


# The wall clock by default; --cpu: this process's CPU time, which other work on a
# shared machine does not inflate (the export runs in one thread, SQLite included).
clock = time.perf_counter


def peak_mb(fn: Callable[[], int]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def seed_directory(n: int) -> None:
    """n current focal-point appointments over 100 units, with bulk inserts."""
    from focal_points.models import (
        Decree,
        FocalPointAppointment,
        IssuerType,
        Person,
        Unit,
    )

    FocalPointAppointment.objects.all().delete()
    Person.objects.all().delete()
    Decree.objects.all().delete()
    Unit.objects.all().delete()
    units = Unit.objects.bulk_create(
        Unit(name=f"Dinas Contoh {i}", short_name=f"DC{i}", unit_type="DINAS")
        for i in range(100)
    )
    day = datetime.date(2026, 1, 5)
    decrees = Decree.objects.bulk_create(
        Decree(
            number=f"800/{i}/SK/2026",
            date=day,
            title="tentang Tim Focal Point PUG",
            issuer_type=IssuerType.KEPALA_PD,
            unit=unit,
            fiscal_year=2026,
            valid_from=day,
        )
        for i, unit in enumerate(units)
    )
    persons = Person.objects.bulk_create(
        (
            Person(
                name=f"Pegawai {i}",
                nip=f"{198001012005010000 + i:018d}",
                sex="LP"[i % 2],
                email=f"pegawai{i}@example.test",
            )
            for i in range(n)
        ),
        batch_size=2000,
    )
    FocalPointAppointment.objects.bulk_create(
        (
            FocalPointAppointment(
                person=person,
                unit=units[i % 100],
                decree=decrees[i % 100],
                team_role="ANGGOTA",
                position="Analis Kebijakan",
                start_date=day,
            )
            for i, person in enumerate(persons)
        ),
        batch_size=2000,
    )


def directory_values() -> tuple[list[str], list[Row]]:
    from focal_points.exporters.registry import FocalPointDirectoryExporter

    exporter = FocalPointDirectoryExporter(user=SYSTEM_USER, fmt="xlsx")
    return [str(c.title) for c in exporter.get_columns()], list(exporter.rows())


def measure(n: int, repeat: int, with_db: bool) -> list[tuple[str, int, float, int]]:
    """(variant, rows, seconds, bytes) for each variant at n rows."""
    rows = synthetic_rows(n)
    SyntheticExport.data = rows
    header = [str(c.title) for c in SyntheticExport.columns]
    variants = [
        ("bare openpyxl", bare(rows, header)),
        (
            "ListExporter memory",
            exporter(lambda: SyntheticExport(user=SYSTEM_USER, fmt="xlsx")),
        ),
    ]
    if with_db:
        from focal_points.exporters.registry import FocalPointDirectoryExporter

        seed_directory(n)
        db_header, db_rows = directory_values()
        variants += [
            ("bare openpyxl (db)", bare(db_rows, db_header)),
            (
                "directory (db)",
                exporter(
                    lambda: FocalPointDirectoryExporter(user=SYSTEM_USER, fmt="xlsx")
                ),
            ),
        ]
    # Round-robin over the variants, so a burst of load on the machine slows every
    # variant alike instead of one of them.
    best = dict.fromkeys((name for name, _ in variants), float("inf"))
    sizes: dict[str, int] = {}
    for _ in range(repeat):
        for name, fn in variants:
            seconds, sizes[name] = best_time(fn, 1)
            best[name] = min(best[name], seconds)
    return [(name, fn, best[name], sizes[name]) for name, fn in variants]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--cpu", action="store_true", help="time CPU use instead of the wall clock"
    )
    parser.add_argument(
        "--no-db", action="store_true", help="skip the queryset (directory) variants"
    )
    args = parser.parse_args()
    if args.cpu:
        global clock
        clock = time.process_time

    call_command("migrate", verbosity=0)
    small = max(args.rows // 10, 1)
    print(
        f"PUG Portal export bench — {args.rows:,} rows, best of {args.repeat}; "
        f"peak memory (tracemalloc) at {small:,} and {args.rows:,} rows"
    )
    print(f"Python {sys.version.split()[0]}, Django {django.get_version()}, SQLite")

    peaks_small = {}
    for name, fn, _, _ in measure(small, 1, not args.no_db):
        peaks_small[name] = peak_mb(fn)
    results = measure(args.rows, args.repeat, not args.no_db)

    baseline: dict[str, float] = {}
    line = "{:<22} {:>9} {:>9} {:>8} {:>10} {:>16} {:>16}"
    print()
    print(
        line.format(
            "variant",
            "rows",
            "time s",
            "ratio",
            "size MB",
            f"peak MB @{small:,}",
            f"peak MB @{args.rows:,}",
        )
    )
    for name, fn, seconds, size in results:
        base_name = "bare openpyxl (db)" if "(db)" in name else "bare openpyxl"
        if name == base_name:
            baseline[base_name] = seconds
        ratio = seconds / baseline[base_name]
        print(
            line.format(
                name,
                f"{args.rows:,}",
                f"{seconds:.2f}",
                f"{ratio:.2f}x",
                f"{size / 1024 / 1024:.1f}",
                f"{peaks_small[name]:.1f}",
                f"{peak_mb(fn):.1f}",
            )
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        TMP.cleanup()
