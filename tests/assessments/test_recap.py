"""The evaluation recap (PDF + Excel, reports page and export_report): the city's
evaluation per group and every unit × group, self beside verified; three queries
whatever the number of units."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import Answer, SelfAssessment
from assessments.selectors.recap import evaluation_recap
from assessments.services.assessments import (
    assessment_approve,
    assessment_save,
    assessment_start_review,
    assessment_submit,
    assessment_verify,
)
from evaluations.workflow import Status
from tests.assessments.conftest import item_pk
from tests.factories import UnitFactory
from tests.reports import download

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_a(assessment_a, focal_a, reviewer):
    """Unit A's assessment: self K 4/6, B 3/4; verified K 2/6, B 3/4."""
    instrument = assessment_a.instrument
    assessment_save(
        assessment=assessment_a,
        by=focal_a,
        version=1,
        answers={
            item_pk(instrument, "K1"): {"value": "ya"},
            item_pk(instrument, "K2"): {"value": "Sebagian"},
            item_pk(instrument, "B1"): {"value": "100"},
            item_pk(instrument, "B2"): {"value": "0"},
        },
    )
    assessment_submit(assessment=assessment_a, by=focal_a)
    assessment_start_review(assessment=assessment_a, by=reviewer)
    assessment_verify(
        assessment=assessment_a,
        by=reviewer,
        answers={item_pk(instrument, "K2"): {"verified_value": "Belum"}},
    )
    return assessment_approve(assessment=assessment_a, by=reviewer)


def test_the_workbook_holds_each_units_groups_self_and_verified(
    approved_a, reviewer, client_for
):
    url = reverse("report_download", args=["rekap-evaluasi-pug", "xlsx"])
    response = download(client_for(reviewer), url + "?year=2026")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Perangkat daerah"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert header[:4] == [
        "Perangkat daerah",
        "Status",
        "Komitmen: mandiri",
        "Komitmen: terverifikasi",
    ]
    assert row[0] == "Dinas Kesehatan" and row[1] == "Disetujui"
    # K 4/6 self, 2/6 verified; B 3/4 both; total 7/10 and 5/10 (number cells)
    assert row[2:8] == pytest.approx([0.6667, 0.3333, 0.75, 0.75, 0.7, 0.5])
    assert sheet.cell(row=2, column=3).number_format == "0.0%"


def test_the_pdf_shows_the_unit_with_self_and_verified_percentages(
    approved_a, reviewer, client_for
):
    url = reverse("report_download", args=["rekap-evaluasi-pug", "pdf"])
    response = download(client_for(reviewer), url + "?year=2026")
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Rekap Evaluasi Penyelenggaraan PUG Tahun 2026" in text
    assert "Dinas Kesehatan" in text
    assert "70,0 / 50,0" in text


def test_export_report_writes_the_recap(approved_a, tmp_path):
    out = tmp_path / "rekap.xlsx"
    call_command(
        "export_report",
        "rekap-evaluasi-pug",
        "--format",
        "xlsx",
        "--year",
        "2026",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    assert load_workbook(out)["Perangkat daerah"].cell(row=2, column=1).value == (
        "Dinas Kesehatan"
    )


def test_a_focal_point_may_not_download_the_city_recap(focal_a, client_for):
    url = reverse("report_download", args=["rekap-evaluasi-pug", "xlsx"])
    assert client_for(focal_a).get(url + "?year=2026").status_code == 403


@pytest.mark.parametrize("size", [3, 60])
def test_the_recap_reads_three_queries_whatever_the_units(size, instrument):
    units = UnitFactory.create_batch(size)
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(instrument=instrument, unit=u, year=2026, status=Status.DRAFT)
        for u in units
    )
    item = instrument.items.get(code="K1")
    Answer.objects.bulk_create(
        Answer(assessment=a, item=item, value="ya", self_fraction=Decimal(1))
        for a in assessments
    )
    # 1 assessments with unit and instrument, 2 their items, 3 their answers
    with CaptureQueriesContext(connection) as queries:
        recap = evaluation_recap(year=2026)
    assert len(queries) == 3
    assert len(recap.units) == size
    assert recap.units[0].scores.group("KOMITMEN").self_points == Decimal(2)
