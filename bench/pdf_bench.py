"""Benchmark: the GBS PDF of one dossier against WeasyPrint rendering the same final
HTML string (the goal: within 1.3x).

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/pdf_bench.py                 # 5 action rows, best of 7
    .venv/bin/python bench/pdf_bench.py --actions 40 --repeat 11

It creates a throwaway SQLite database in a temporary directory (never the project's
db.sqlite3), migrates it, creates one complete dossier (unit with its head, budget
line, GAP, `--actions` action rows and as many L/P data rows) and measures side by
side in one run, taking turns:

  weasyprint (html)   weasyprint.HTML(string=<the final HTML>).write_pdf(): the HTML
                      string the exporter renders, made once beforehand; with the
                      same static-only URL fetcher, which serves print.css (without
                      it WeasyPrint would lay out an unstyled page, less work)
  GbsDocument         the real exporter on a dossier already fetched: the template
                      (context, GBS values, translations) and the same WeasyPrint call
  GbsDocument (db)    the same, fetching the dossier first as the view does
                      (three queries: dossier with unit/cycle/budget line, actions,
                      data rows)
  view (GET)          GET /dossiers/<pk>/pdf/gbs/ through Django's test client as the
                      unit's focal point: session, permission, scope, response

Times are the best of --repeat rounds after two warm-up rounds (WeasyPrint loads its
fonts on the first render). ratio = time / weasyprint (html); the goal is <= 1.30
for GbsDocument (db).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="pug-pdf-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pug_portal.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{Path(TMP.name) / 'bench.sqlite3'}"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

GOAL = 1.30


def build_dossier(actions: int):
    """One complete dossier of a unit with a signing head, and its focal point."""
    from evaluations.models import (
        ActionPlanRow,
        BudgetLine,
        CycleState,
        DataKind,
        DisaggregatedDataRow,
        Dossier,
        EvaluationCycle,
    )
    from focal_points.models import (
        Decree,
        FocalPointAppointment,
        IssuerType,
        Person,
        Unit,
    )
    from pug_portal.models import Role, User

    unit = Unit.objects.create(
        name="Dinas Kesehatan",
        short_name="Dinkes",
        unit_type="DINAS",
        head_name="dr. Allin Hendalin Mahdaniar",
        head_title="Kepala Dinas Kesehatan",
        head_rank="Pembina Utama Muda (IV/c)",
        head_nip="197001011995031001",
    )
    cycle = EvaluationCycle.objects.create(
        year=2026,
        open_date=datetime.date(2026, 2, 1),
        submission_deadline=datetime.date(2026, 7, 31),
        review_deadline=datetime.date(2026, 9, 30),
        state=CycleState.OPEN,
    )
    line = BudgetLine.objects.create(
        unit=unit,
        year=2026,
        program_code="1.02.02",
        program_name="Program Pemenuhan Upaya Kesehatan Perorangan dan Masyarakat",
        kegiatan_code="1.02.02.2.02",
        kegiatan_name="Penyediaan Layanan Kesehatan untuk UKM dan UKP",
        sub_kegiatan_code="1.02.02.2.02.0001",
        sub_kegiatan_name="Pengelolaan Pelayanan Kesehatan Ibu Hamil",
        pagu=Decimal("1250000000"),
        is_arg=True,
        arg_category="KHUSUS",
    )
    text = (
        "Kader posyandu 1.240 orang: 1.198 perempuan dan 42 laki-laki; suami yang "
        "mendampingi kunjungan antenatal K1 baru 18% (Dinkes, 2025). "
    )
    dossier = Dossier.objects.create(
        unit=unit,
        cycle=cycle,
        budget_line=line,
        gap_policy="Meningkatnya cakupan pelayanan kesehatan ibu hamil sesuai standar.",
        gap_insight=text * 3,
        gap_access=text,
        gap_participation=text,
        gap_control=text,
        gap_benefit=text,
        gap_internal="Kelas ibu hamil hanya pada jam kerja.",
        gap_external="Anggapan bahwa kehamilan urusan perempuan saja.",
        gap_reformulated="Meningkatnya pelayanan ibu hamil dengan keterlibatan suami.",
        gap_baseline="Suami yang mendampingi K1: 18% (2025).",
        gap_output_indicator="58 kelas ibu hamil akhir pekan (kelas)",
        gap_outcome_indicator="Suami yang mendampingi K1 menjadi 35% (persen)",
        gbs_amount=line.pagu,
        gbs_sign_place="Serpong",
        gbs_sign_date=datetime.date(2026, 3, 10),
    )
    ActionPlanRow.objects.bulk_create(
        ActionPlanRow(
            dossier=dossier,
            position=i,
            description=f"Kelas ibu hamil akhir pekan bersama suami, puskesmas {i + 1}",
            input_amount=Decimal(1250000000) / actions,
            output="2 kelas per bulan",
            outcome="Keterlibatan suami meningkat",
        )
        for i in range(actions)
    )
    DisaggregatedDataRow.objects.bulk_create(
        DisaggregatedDataRow(
            dossier=dossier,
            position=i,
            label=f"Pendamping K1, puskesmas {i + 1}",
            kind=DataKind.BASELINE,
            male=Decimal(42 + i),
            female=Decimal(1198 - i),
            unit_of_measure="orang",
        )
        for i in range(actions)
    )
    user = User.objects.create_user("bench_focal", role=Role.FOCAL_POINT)
    decree = Decree.objects.create(
        number="800/1/SK/2026",
        date=datetime.date(2026, 1, 5),
        title="tentang Tim Focal Point PUG",
        issuer_type=IssuerType.KEPALA_PD,
        unit=unit,
        fiscal_year=2026,
        valid_from=datetime.date(2026, 1, 5),
    )
    FocalPointAppointment.objects.create(
        person=Person.objects.create(name="Siti", sex="P", user=user),
        unit=unit,
        decree=decree,
        team_role="ANGGOTA",
        start_date=datetime.date(2026, 1, 5),
    )
    return dossier, user


def best_ms(variants: list[tuple[str, Callable[[], int]]], repeat: int):
    """Best time (ms) and output size of each variant, taking turns."""
    for _ in range(2):
        for _name, fn in variants:
            fn()
    best = dict.fromkeys((name for name, _ in variants), float("inf"))
    sizes: dict[str, int] = {}
    for _ in range(repeat):
        for name, fn in variants:
            gc.collect()
            t0 = time.perf_counter()
            sizes[name] = fn()
            best[name] = min(best[name], (time.perf_counter() - t0) * 1000)
    return best, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from weasyprint import HTML

    from evaluations.exporters.documents import GbsDocument, dossier_for_documents
    from evaluations.models import Dossier
    from pug_portal.reports.exporting import SYSTEM_USER
    from pug_portal.reports.pdf import static_only_fetcher

    dossier, user = build_dossier(args.actions)
    loaded = dossier_for_documents(Dossier.objects).get(pk=dossier.pk)
    html = GbsDocument(user=SYSTEM_USER, dossier=loaded).render_html()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = f"/dossiers/{dossier.pk}/pdf/gbs/"

    def bare() -> int:
        out = io.BytesIO()
        HTML(string=html, base_url=None, url_fetcher=static_only_fetcher()).write_pdf(
            target=out
        )
        return len(out.getvalue())

    def exporter() -> int:
        return len(GbsDocument(user=SYSTEM_USER, dossier=loaded).render())

    def exporter_db() -> int:
        fresh = dossier_for_documents(Dossier.objects).get(pk=dossier.pk)
        return len(GbsDocument(user=SYSTEM_USER, dossier=fresh).render())

    def view() -> int:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    variants = [
        ("weasyprint (html)", bare),
        ("GbsDocument", exporter),
        ("GbsDocument (db)", exporter_db),
        ("view (GET)", view),
    ]
    best, sizes = best_ms(variants, args.repeat)

    import weasyprint

    print(
        f"PUG Portal PDF bench — GBS of one dossier ({args.actions} action rows, "
        f"{args.actions} L/P rows), best of {args.repeat}"
    )
    print(
        f"Python {sys.version.split()[0]}, Django {django.get_version()}, "
        f"WeasyPrint {weasyprint.__version__}, SQLite"
    )
    print()
    line = "{:<20} {:>9} {:>8} {:>9}"
    print(line.format("variant", "time ms", "ratio", "size KB"))
    base = best["weasyprint (html)"]
    for name, _fn in variants:
        print(
            line.format(
                name,
                f"{best[name]:.1f}",
                f"{best[name] / base:.2f}x",
                f"{sizes[name] / 1024:.1f}",
            )
        )
    ratio = best["GbsDocument (db)"] / base
    print()
    print(
        f"GbsDocument (db) / weasyprint (html) = {ratio:.2f}x; the goal is <= "
        f"{GOAL:.2f}: " + ("met" if ratio <= GOAL else "NOT met")
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        TMP.cleanup()
