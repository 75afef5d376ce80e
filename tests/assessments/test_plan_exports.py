"""The Rencana Pokja PUG as its official matrix: PDF (A4 landscape, kop, page
numbers, Indonesian dates and Rupiah) and Excel (number cells, frozen header), from
the plan page, the reports page and export_report; read back."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import PlanKind, PlanStatus
from tests.assessments.factories import (
    PlanFactory,
    PlanRowFactory,
    plan_achievement,
    plan_target,
)
from tests.factories import DecreeFactory, UnitFactory
from tests.reports import download

pytestmark = pytest.mark.django_db


@pytest.fixture
def annual_plan(frozen_today):
    """The 2026 annual plan, ditetapkan on 10 March 2026 under an SK Pokja, with
    two rows; the first has its 2026 achievement (80 %)."""
    decree = DecreeFactory(
        unit=None,
        decree_type="POKJA",
        issuer_type="WALI_KOTA",
        number="100.3.3.2/Kep.45-Huk/2026",
        date=datetime.date(2026, 1, 12),
    )
    five = PlanFactory(start_year=2026, title="Rencana Pokja PUG 2026–2030")
    plan = PlanFactory(
        kind=PlanKind.ANNUAL,
        start_year=2026,
        parent=five,
        decree=decree,
        title="Rencana Kerja Pokja PUG 2026",
        status=PlanStatus.ADOPTED,
        adopted_on=datetime.date(2026, 3, 10),
    )
    bappeda = UnitFactory(name="Badan Perencanaan Pembangunan Daerah")
    first = PlanRowFactory(
        plan=plan,
        area="PELEMBAGAAN",
        program="Rapat koordinasi Pokja PUG",
        baseline="2 kali",
        target_total="20 kali",
        indicator="Jumlah rapat koordinasi",
        budget=Decimal("25000000"),
        unit=bappeda,
    )
    second = PlanRowFactory(
        plan=plan,
        area="PENGAWASAN",
        program="Pengawasan ARG oleh Inspektorat",
        indicator="PD yang diperiksa",
        budget=Decimal("1250000"),
    )
    plan_target(first, 2026, "4 kali")
    plan_target(second, 2026, "10 PD")
    plan_achievement(first, 2026, percent=Decimal(80), value="3 kali")
    return plan


def pdf_text(content: bytes) -> tuple[str, list]:
    """The text of every page, its words separated by single spaces (a cell's
    text wraps; Rupiah is written with a no-break space), and the pages."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split()), pages


def test_the_pdf_is_the_official_landscape_matrix(annual_plan, client_for, planner):
    url = reverse("assessments:plan_download", args=[annual_plan.pk, "pdf"])
    response = client_for(planner).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        "rencana-pokja-pug-tahunan-2026-20260615.pdf"
        in (response["Content-Disposition"])
    )
    text, pages = pdf_text(response.content)
    box = pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    for words in (
        "Rencana Pokja PUG tahunan 2026",
        "Rencana Kerja Pokja PUG 2026",
        "100.3.3.2/Kep.45-Huk/2026 tanggal 12 Januari 2026",
        "ditetapkan 10 Maret 2026",
        "Program/Kegiatan",
        "Data dasar",
        "Target 5 tahun",
        "Indikator",
        "PD penanggung jawab",
        "Capaian",
        "Rapat koordinasi Pokja PUG",
        "Pelembagaan PUG",
        "Pengawasan",
        "Rp 25.000.000",
        "Rp 1.250.000",
        "Rp 26.250.000",
        "80% — 3 kali",
        "Halaman 1 dari 1",
    ):
        assert words in text, words


def test_the_workbook_has_number_cells_and_a_frozen_header(
    annual_plan, client_for, reviewer
):
    url = reverse("assessments:plan_download", args=[annual_plan.pk, "xlsx"])
    sheet = load_workbook(io.BytesIO(client_for(reviewer).get(url).content)).active
    header = [c.value for c in sheet[1]]
    assert header == [
        "No.",
        "Area",
        "Program/Kegiatan",
        "Data dasar",
        "Target 5 tahun",
        "Target 2026",
        "Indikator",
        "Anggaran (Rp)",
        "PD penanggung jawab",
        "Capaian 2026 (%)",
        "Capaian 2026",
        "Catatan 2026",
    ]
    first = [c.value for c in sheet[2]]
    assert first[:9] == [
        1,
        "Pelembagaan PUG",
        "Rapat koordinasi Pokja PUG",
        "2 kali",
        "20 kali",
        "4 kali",
        "Jumlah rapat koordinasi",
        25000000,
        "Badan Perencanaan Pembangunan Daerah",
    ]
    assert first[9] == pytest.approx(0.8) and first[10] == "3 kali"
    assert sheet.cell(row=2, column=8).number_format == '"Rp" #,##0'
    assert sheet.cell(row=2, column=10).number_format == "0.0%"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[3]][9:] == [None, None, None]


def test_a_five_year_plan_has_a_target_and_an_achievement_column_per_year(
    frozen_today, client_for, reviewer
):
    plan = PlanFactory(start_year=2026)
    row = PlanRowFactory(plan=plan)
    plan_target(row, 2028, "=SUM(A1)")  # typed text never becomes a formula
    url = reverse("assessments:plan_download", args=[plan.pk, "xlsx"])
    sheet = load_workbook(io.BytesIO(client_for(reviewer).get(url).content)).active
    header = [c.value for c in sheet[1]]
    assert header[4:10] == [
        "Target 2026–2030",
        "Target 2026",
        "Target 2027",
        "Target 2028",
        "Target 2029",
        "Target 2030",
    ]
    assert header.count("Capaian 2030 (%)") == 1
    assert sheet.cell(row=2, column=8).data_type == "s"
    assert sheet.cell(row=2, column=8).value == "=SUM(A1)"


def test_the_reports_page_lists_it_and_the_year_chooses_the_plan(
    annual_plan, client_for, reviewer
):
    client = client_for(reviewer)
    assert "Rencana Pokja PUG" in client.get(reverse("reports")).content.decode()
    url = reverse("report_download", args=["rencana-pokja-pug", "pdf"])
    text, _pages = pdf_text(download(client, url + "?year=2026").content)
    assert "Rencana Kerja Pokja PUG 2026" in text  # the annual plan, not the five
    response = download(client, url + "?year=2031")
    assert response.status_code == 404


def test_a_focal_point_may_not_download_the_plan(annual_plan, client_for, focal_a):
    url = reverse("report_download", args=["rencana-pokja-pug", "xlsx"])
    assert client_for(focal_a).get(url + "?year=2026").status_code == 403


def test_export_report_writes_the_plan(annual_plan, tmp_path):
    out = tmp_path / "rencana.xlsx"
    call_command(
        "export_report",
        "rencana-pokja-pug",
        "--format",
        "xlsx",
        "--year",
        "2026",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    assert load_workbook(out).active.cell(row=2, column=3).value == (
        "Rapat koordinasi Pokja PUG"
    )
