"""Persentase ARG as DESIGN §3 defines it, on a hand-built city: total belanja
Rp 100.000.000.000, one Rp 1.000.000.000 ARG line whose GBS is approved, and one
line flagged ARG without a GBS (no dossier) → 1,0 % and "ditandai ARG, GBS belum
disetujui: 1", on the city board, the unit dashboard and both recaps (PDF text read
back with pypdf, workbook cells with openpyxl)."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluations.models import TotalBelanja
from evaluations.selectors import arg as selectors
from evaluations.workflow import Status
from tests.factories import BudgetLineFactory, CycleFactory, DossierFactory
from tests.reports import download

FLAGGED = "ditandai arg, gbs belum disetujui"


@pytest.fixture
def city(db, unit_a, frozen_today):
    cycle = CycleFactory(year=2026)
    TotalBelanja.objects.create(
        unit=unit_a, year=2026, phase="MURNI", total=Decimal("100000000000")
    )
    approved = BudgetLineFactory(
        unit=unit_a, pagu=Decimal("1000000000"), arg_category="KESETARAAN"
    )
    DossierFactory(
        unit=unit_a, cycle=cycle, budget_line=approved, status=Status.APPROVED
    )
    # flagged ARG, no dossier (so no GBS): shown apart, never in the ARG pagu
    flagged = BudgetLineFactory(unit=unit_a, pagu=Decimal("500000000"))
    return {"unit": unit_a, "cycle": cycle, "flagged": flagged}


def text_of(response) -> str:
    """The page as a reader sees it: tags gone, spaces collapsed, lower case."""
    return " ".join(strip_tags(response.content.decode()).split()).lower()


def pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_the_figures(city):
    mine, whole = selectors.unit_and_city_arg(unit_id=city["unit"].pk, year=2026)
    for figures in (mine, whole):
        assert figures.arg_pagu == Decimal("1000000000")
        assert figures.total_belanja == Decimal("100000000000")
        assert figures.percent == pytest.approx(1.0)
        assert (figures.flagged, figures.flagged_pagu) == (1, Decimal("500000000"))
        assert figures.by_category["KESETARAAN"] == Decimal("1000000000")
        assert figures.by_category["PELEMBAGAAN"] == 0


def test_the_unit_dashboard_shows_a_new_city_figure_at_once(city, unit_b):
    """The city's figures are cached for the unit dashboards (selectors.city_arg):
    a write to a figure's model is seen on the next view."""
    _mine, before = selectors.unit_and_city_arg(unit_id=city["unit"].pk, year=2026)
    assert before.total_belanja == Decimal("100000000000")
    TotalBelanja.objects.create(
        unit=unit_b, year=2026, phase="MURNI", total=Decimal("100000000000")
    )
    mine, after = selectors.unit_and_city_arg(unit_id=city["unit"].pk, year=2026)
    assert after.total_belanja == Decimal("200000000000")
    assert mine.total_belanja == Decimal("100000000000")


def test_the_city_board(city, client_for, reviewer):
    page = client_for(reviewer).get(reverse("evaluations:city_dashboard"))
    text = text_of(page)
    assert "persentase arg kota 1,0 %" in text
    assert f"{FLAGGED}: 1" in text
    html = page.content.decode()
    lines = reverse("evaluations:dashboard_budget_lines")
    assert f'href="{lines}?year=2026&amp;gbs=pending">1</a>' in html
    # by category, each linked to its lines
    assert "anggaran kesetaraan gender: rp 1.000.000.000" in text
    assert "gbs=approved&amp;arg_category=KESETARAAN" in html


def test_the_unit_dashboard(city, client_for, focal_a):
    url = reverse("evaluations:unit_dashboard", args=[city["unit"].pk])
    text = text_of(client_for(focal_a).get(url + "?year=2026"))
    assert "1,0 %" in text
    assert f"{FLAGGED}: 1" in text
    assert "total belanja 2026: rp 100.000.000.000 (murni)" in text
    # a focal point sees the figure but is not offered to change it
    assert "catat total belanja" not in text and "ubah total belanja" not in text


def test_the_flagged_link_lists_the_flagged_line(city, client_for, reviewer):
    url = reverse("evaluations:dashboard_budget_lines") + "?year=2026&gbs=pending"
    page = client_for(reviewer).get(url)
    assert [line.pk for line in page.context["page"]] == [city["flagged"].pk]


def test_the_city_recap(city, client_for, planner):
    url = reverse("report_download", args=["rekap-kota", "pdf"])
    text = pdf_text(download(client_for(planner), url + "?year=2026").content)
    assert "Persentase ARG kota 1,0 %" in text
    assert re.search(r"Ditandai ARG, GBS belum disetujui 1\b", text)
    assert "Pagu ARG: Anggaran kesetaraan gender Rp 1.000.000.000" in text

    url = reverse("report_download", args=["rekap-kota", "xlsx"])
    workbook = load_workbook(io.BytesIO(download(client_for(planner), url).content))
    summary = {r[0].value: r[1].value for r in workbook["Ringkasan"].iter_rows()}
    assert summary["Persentase ARG kota"] == pytest.approx(0.01)
    assert summary["Ditandai ARG, GBS belum disetujui"] == 1
    assert summary["Pagu ARG: Anggaran kesetaraan gender"] == 1_000_000_000
    arg = {r[0].value: [c.value for c in r] for r in workbook["ARG"].iter_rows()}
    assert arg["Dinas Kesehatan"][1:4] == [
        100_000_000_000,
        1_000_000_000,
        pytest.approx(0.01),
    ]
    assert arg["Dinas Kesehatan"][6] == 1


def test_the_unit_recap(city, client_for, focal_a):
    url = reverse("report_download", args=["rekap-tahunan-pd", "pdf"])
    text = pdf_text(
        download(client_for(focal_a), url + "?unit=Dinkes&year=2026").content
    )
    assert "Persentase ARG 1,0 %" in text
    assert re.search(r"Ditandai ARG, GBS belum disetujui 1\b", text)

    url = reverse("report_download", args=["rekap-tahunan-pd", "xlsx"])
    content = download(client_for(focal_a), url + "?unit=Dinkes&year=2026").content
    row = [c.value for c in load_workbook(io.BytesIO(content))["Ringkasan per PD"][2]]
    assert row[1:4] == [100_000_000_000, 1_000_000_000, pytest.approx(0.01)]
    assert row[6] == 1


def test_the_latest_phase_is_the_years_figure(city):
    TotalBelanja.objects.create(
        unit=city["unit"], year=2026, phase="PERUBAHAN", total=Decimal("50000000000")
    )
    mine, _city = selectors.unit_and_city_arg(unit_id=city["unit"].pk, year=2026)
    assert mine.total_belanja == Decimal("50000000000")
    assert mine.percent == pytest.approx(2.0)


def test_a_unit_without_total_belanja_shows_a_dash_with_its_reason(
    city, client_for, reviewer, unit_b
):
    line = BudgetLineFactory(unit=unit_b, pagu=Decimal("2000000000"))
    DossierFactory(
        unit=unit_b, cycle=city["cycle"], budget_line=line, status=Status.APPROVED
    )
    figures = selectors.arg_by_unit(year=2026)
    assert figures[unit_b.pk].percent is None
    assert str(figures[unit_b.pk].missing_reason) == "total belanja belum dicatat"
    # the city counts only the units that have a total belanja: still 1 %
    mine, whole = selectors.unit_and_city_arg(unit_id=unit_b.pk, year=2026)
    assert whole.percent == pytest.approx(1.0)
    assert whole.arg_pagu == Decimal("3000000000")
    assert whole.units_without_total == 1
    url = reverse("evaluations:unit_dashboard", args=[unit_b.pk])
    text = text_of(client_for(reviewer).get(url + "?year=2026"))
    assert "— (total belanja belum dicatat)" in text
    assert "catat total belanja" in text  # staff are offered to record it
