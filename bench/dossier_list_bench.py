"""Benchmark: the Excel of all dossiers (evaluations.exporters.DossierListExporter,
56 columns, one row per dossier) against a bare openpyxl write-only loop writing the
same values from memory (issue 4: within 1.5x at 50,000 rows; peak memory under
150 MB and not growing with the row count).

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/dossier_list_bench.py                 # 50,000 dossiers
    .venv/bin/python bench/dossier_list_bench.py --rows 100000 --repeat 5

It creates a throwaway SQLite database in a temporary directory (never the project's
db.sqlite3), migrates it and fills it with bulk inserts: 100 units, one cycle, N
budget lines and N complete dossiers (every GAP/GBS/KAK text filled, 1% of them
formula-like), one action row each and a reviewer score on every other one. Then,
side by side in one run, the variants taking turns:

  bare openpyxl (db)   ws.append(row) of the export's own rows, fetched beforehand
                       into a list (the values, already in memory)
  dossier list (db)    the real XLSX export, streamed from SQLite with .iterator():
                       the query with its subqueries, label translation, typed and
                       formula-safe cells, styled header, widths, frozen pane, filter

Both write to a file. Times are the best of --repeat rounds; peak memory is measured
in a separate pass under tracemalloc at N/10 and N dossiers (the row list of the bare
loop is built before tracing starts and not counted).
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
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="pug-dossier-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pug_portal.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{Path(TMP.name) / 'bench.sqlite3'}"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from pug_portal.reports.exporting import SYSTEM_USER  # noqa: E402

OUT = Path(TMP.name) / "out.xlsx"
GOAL = 1.5
BATCH = 5_000


def seed(n: int) -> None:
    """n complete dossiers over 100 units (bulk inserts, no fsync: a throwaway)."""
    from evaluations.models import (
        ActionPlanRow,
        BudgetLine,
        Dossier,
        EvaluationCycle,
        RubricScore,
    )
    from focal_points.models import Unit

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA journal_mode = MEMORY")
    Dossier.objects.all().delete()
    BudgetLine.objects.all().delete()
    Unit.objects.all().delete()
    EvaluationCycle.objects.all().delete()
    cycle = EvaluationCycle.objects.create(
        year=2026,
        open_date=datetime.date(2026, 2, 1),
        submission_deadline=datetime.date(2026, 7, 31),
        review_deadline=datetime.date(2026, 9, 30),
        state="OPEN",
    )
    units = Unit.objects.bulk_create(
        Unit(name=f"Dinas Contoh {i}", short_name=f"DC{i}", unit_type="DINAS")
        for i in range(100)
    )
    text = "Kader posyandu 1.240 orang: 1.198 perempuan, 42 laki-laki (Dinkes, 2025)."
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        lines = BudgetLine.objects.bulk_create(
            BudgetLine(
                unit=units[i % 100],
                year=2026,
                program_code="1.02.02",
                program_name="Program Pemenuhan Upaya Kesehatan Perorangan",
                kegiatan_code="1.02.02.2.02",
                kegiatan_name="Penyediaan Layanan Kesehatan untuk UKM dan UKP",
                sub_kegiatan_code=f"1.02.02.2.02.{i:06d}",
                sub_kegiatan_name=f"Pelayanan Kesehatan Ibu Hamil {i}",
                pagu=Decimal(1_250_000 + i * 1000),
                is_arg=True,
                arg_category="KHUSUS",
            )
            for i in range(start, start + size)
        )
        dossiers = Dossier.objects.bulk_create(
            Dossier(
                unit_id=line.unit_id,
                cycle=cycle,
                budget_line=line,
                status="APPROVED" if i % 2 else "SUBMITTED",
                gap_policy="Meningkatnya cakupan pelayanan kesehatan ibu hamil.",
                gap_insight=text,
                gap_access=f'=HYPERLINK("http://x/{i}")' if i % 100 == 0 else text,
                gap_participation="Suami jarang mendampingi kunjungan (18%).",
                gap_control=text,
                gap_benefit=text,
                gap_internal="Kelas ibu hamil hanya pada jam kerja.",
                gap_external="Anggapan bahwa kehamilan urusan perempuan saja.",
                gap_reformulated="Meningkatnya pelayanan dengan keterlibatan suami.",
                gap_baseline="Suami yang mendampingi K1: 18% (2025).",
                gap_output_indicator="58 kelas ibu hamil akhir pekan (kelas)",
                gap_outcome_indicator="Suami mendampingi K1 35% (persen)",
                gbs_amount=line.pagu,
                gbs_impact="Keterlibatan suami meningkat",
                gbs_sign_place="Serpong",
                gbs_sign_date=datetime.date(2026, 3, 10),
                kak_included=True,
                kak_legal_basis="Permendagri 90 Tahun 2019",
                kak_beneficiaries="Ibu hamil dan suami",
                kak_beneficiaries_male=420,
                kak_beneficiaries_female=1250,
                kak_purpose="Meningkatkan keterlibatan suami.",
                kak_method="Kelas akhir pekan",
                kak_location="29 puskesmas",
                kak_schedule="Maret–November",
                kak_pic_name="Siti Rahmawati",
                kak_pic_nip="198001012005012001",
            )
            for i, line in zip(range(start, start + size), lines, strict=True)
        )
        ActionPlanRow.objects.bulk_create(
            ActionPlanRow(
                dossier=d,
                description="Kelas ibu hamil akhir pekan bersama suami",
                input_amount=Decimal(45_000_000),
                output="58 kelas",
                outcome="Keterlibatan suami meningkat",
            )
            for d in dossiers
        )
        RubricScore.objects.bulk_create(
            RubricScore(
                dossier=d,
                kind="REVIEWER",
                c1=2,
                total=16,
                classification="RESPONSIF",
            )
            for d in dossiers[::2]
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def exporter():
    from evaluations.exporters import DossierListExporter

    return DossierListExporter(user=SYSTEM_USER, fmt="xlsx")


def bare(rows: list, header: list[str]) -> Callable[[], int]:
    def run() -> int:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Dossier")
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(OUT)
        return OUT.stat().st_size

    return run


def real() -> int:
    with OUT.open("wb") as stream:
        exporter().write(stream)
    return OUT.stat().st_size


def variants() -> list[tuple[str, Callable[[], int]]]:
    e = exporter()
    header = [str(c.title) for c in e.get_columns()]
    return [
        ("bare openpyxl (db)", bare(list(e.rows()), header)),
        ("dossier list (db)", real),
    ]


def peak_mb(fn: Callable[[], int]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    small = max(args.rows // 10, 1)

    seed(small)
    peaks_small = {name: peak_mb(fn) for name, fn in variants()}
    seed(args.rows)
    measured = variants()
    peaks = {name: peak_mb(fn) for name, fn in measured}
    best = dict.fromkeys((name for name, _ in measured), float("inf"))
    sizes: dict[str, int] = {}
    for _ in range(args.repeat):
        for name, fn in measured:
            gc.collect()
            t0 = time.perf_counter()
            sizes[name] = fn()
            best[name] = min(best[name], time.perf_counter() - t0)

    print(
        f"PUG Portal dossier-list bench — {args.rows:,} dossiers x "
        f"{len(exporter().get_columns())} columns, best of {args.repeat}; peak "
        f"memory (tracemalloc) at {small:,} and {args.rows:,} dossiers"
    )
    print(f"Python {sys.version.split()[0]}, Django {django.get_version()}, SQLite")
    print()
    line = "{:<20} {:>9} {:>8} {:>9} {:>16} {:>17}"
    print(
        line.format(
            "variant",
            "time s",
            "ratio",
            "size MB",
            f"peak MB @{small:,}",
            f"peak MB @{args.rows:,}",
        )
    )
    base = best["bare openpyxl (db)"]
    for name, _fn in measured:
        print(
            line.format(
                name,
                f"{best[name]:.2f}",
                f"{best[name] / base:.2f}x",
                f"{sizes[name] / 1024 / 1024:.1f}",
                f"{peaks_small[name]:.1f}",
                f"{peaks[name]:.1f}",
            )
        )
    ratio = best["dossier list (db)"] / base
    print()
    print(
        f"dossier list / bare = {ratio:.2f}x (goal <= {GOAL:.2f}: "
        + ("met" if ratio <= GOAL else "NOT met")
        + f"); peak {peaks['dossier list (db)']:.1f} MB (goal < 150 MB, flat)"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        TMP.cleanup()
