"""Benchmark: the GAP, GBS and KAK PDFs of the largest dossier the portal accepts —
every text field at its length limit, the action-plan and L/P tables at their row
limits (the goal: each PDF under 5 s).

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/dossier_pdf_limits.py              # best of 3
    .venv/bin/python bench/dossier_pdf_limits.py --repeat 5

It builds on pdf_bench.py's throwaway SQLite database and dossier, then fills every
limited field of the dossier and its rows to its `max_length` with ordinary words
(the limits are read from the models and forms, so the bench follows them when they
change). Times per render: the first (cold: fonts) and the best of --repeat, as CPU
time of this process (WeasyPrint is single-threaded, so on a shared machine that is
the wall time it would take alone; --wall for the wall clock); the exit status is 1
when the best time of a document is over the goal.
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal

import pdf_bench  # noqa: F401 - sets up Django on a throwaway database
from django.core.management import call_command

GOAL_SECONDS = 5.0
WORDS = (
    "Kader posyandu perempuan dan laki-laki mendampingi kunjungan antenatal di "
    "puskesmas kecamatan dengan data terpilah menurut jenis kelamin dan usia "
)


def text_of(length: int) -> str:
    """Ordinary words, `length` characters long (the worst case is long text, not
    one unbroken word, which the layout wraps anyway)."""
    return (WORDS * (length // len(WORDS) + 1))[:length].rstrip() + "."


def fill(obj) -> None:
    """Every text field with a max_length of `obj` at that length."""
    for field in obj._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        if not limit or field.choices or field.name.endswith("nip"):
            continue
        if field.get_internal_type() in {"CharField", "TextField"}:
            setattr(obj, field.name, text_of(limit - 1))


def largest_dossier():
    from evaluations.forms.dossiers import MAX_ACTION_ROWS, MAX_DATA_ROWS
    from evaluations.models import ActionPlanRow, DataKind, DisaggregatedDataRow

    dossier, _user = pdf_bench.build_dossier(1)
    fill(dossier)
    dossier.kak_included = True
    dossier.save()
    dossier.action_rows.all().delete()
    dossier.data_rows.all().delete()
    actions = []
    for i in range(MAX_ACTION_ROWS):
        row = ActionPlanRow(
            dossier=dossier, position=i, input_amount=Decimal("999999999999")
        )
        fill(row)
        actions.append(row)
    ActionPlanRow.objects.bulk_create(actions)
    rows = []
    for i in range(MAX_DATA_ROWS):
        row = DisaggregatedDataRow(
            dossier=dossier,
            position=i,
            kind=DataKind.BASELINE,
            male=Decimal(1000 + i),
            female=Decimal(2000 + i),
        )
        fill(row)
        rows.append(row)
    DisaggregatedDataRow.objects.bulk_create(rows)
    return dossier, len(actions), len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wall", action="store_true", help="wall clock, not CPU")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from evaluations.exporters.documents import (
        GapMatrixDocument,
        GbsDocument,
        KakDocument,
        dossier_for_documents,
    )
    from evaluations.models import Dossier
    from pug_portal.reports.exporting import SYSTEM_USER

    clock = time.perf_counter if args.wall else time.process_time
    dossier, actions, data_rows = largest_dossier()
    characters = sum(
        len(getattr(dossier, f.name) or "")
        for f in Dossier._meta.concrete_fields
        if f.get_internal_type() in {"CharField", "TextField"}
    )
    print(
        f"PUG Portal — PDFs of the largest allowed dossier: {characters:,} characters "
        f"of dossier text, {actions} action rows, {data_rows} L/P rows; "
        f"goal < {GOAL_SECONDS:.0f} s each ({'wall' if args.wall else 'CPU'} time)"
    )
    print(f"{'document':<10} {'first s':>8} {'best s':>8} {'PDF KB':>9}  verdict")
    failed = False
    for document in (GapMatrixDocument, GbsDocument, KakDocument):
        times = []
        size = 0
        for _ in range(1 + args.repeat):
            loaded = dossier_for_documents(Dossier.objects).get(pk=dossier.pk)
            started = clock()
            size = len(document(user=SYSTEM_USER, dossier=loaded).render())
            times.append(clock() - started)
        best = min(times[1:])
        ok = best < GOAL_SECONDS
        failed |= not ok
        print(
            f"{document.identifier:<10} {times[0]:>8.2f} {best:>8.2f} "
            f"{size / 1024:>9.0f}  {'ok' if ok else 'OVER'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
