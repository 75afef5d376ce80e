"""The focal-point directory report (PDF + Excel): content, scope, query count."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from focal_points.exporters.registry import FocalPointDirectoryExporter
from focal_points.models import Sex, TeamRole
from pug_portal.nip import format_nip
from pug_portal.reports.exporting import SYSTEM_USER, ExportParams, OutOfScope
from tests.factories import (
    AppointmentFactory,
    AttendanceFactory,
    PersonFactory,
    UnitFactory,
)

NIP_A = "198304172008012011"
NIP_B = "199001012015031004"


@pytest.fixture
def team(frozen_today, unit_a, unit_b, focal_a, focal_b):
    """Unit A: Dewi (P, trained, Ketua); unit B: Agus (L); an ended appointment in A."""
    dewi = AppointmentFactory(
        unit=unit_a,
        person=PersonFactory(name="Dewi Lestari", nip=NIP_A, sex=Sex.P),
        team_role=TeamRole.KETUA,
        position="Kepala Subbagian Perencanaan",
        start_date=datetime.date(2026, 1, 6),
    )
    AttendanceFactory(person=dewi.person, name=dewi.person.name, attended=True)
    agus = AppointmentFactory(
        unit=unit_b,
        person=PersonFactory(name="Agus Setiawan", nip=NIP_B, sex=Sex.L),
        position='=HYPERLINK("http://x")',
    )
    AppointmentFactory(
        unit=unit_a,
        person=PersonFactory(name="Mantan Anggota"),
        end_date=datetime.date(2026, 3, 1),
    )
    return dewi, agus


def xlsx(exporter):
    return load_workbook(io.BytesIO(exporter.render()))


def pdf_text(content: bytes) -> str:
    """The PDF's text with line breaks as spaces (cells wrap; identifiers must not)."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_workbook_lists_current_focal_points_with_typed_cells(team):
    wb = xlsx(FocalPointDirectoryExporter(user=SYSTEM_USER, fmt="xlsx"))
    ws = wb["Direktori"]
    header = [c.value for c in ws[1]]
    rows = {
        r[1]: dict(zip(header, r, strict=True))
        for r in ws.iter_rows(2, values_only=True)
    }

    assert "Mantan Anggota" not in rows  # ended appointments are history, not directory
    dewi = rows["Dewi Lestari"]
    assert dewi["Perangkat daerah"] == "Dinas Kesehatan"
    assert dewi["NIP"] == format_nip(NIP_A)  # text, grouped as printed
    assert dewi["L/P"] == "P"
    assert dewi["Peran dalam tim"] == "Ketua"
    assert dewi["Mulai"] == datetime.datetime(2026, 1, 6)
    assert dewi["Sudah dilatih"] == "Ya"
    assert rows["Agus Setiawan"]["Sudah dilatih"] == "Tidak"
    assert rows["Agus Setiawan"]["Jabatan"] == '=HYPERLINK("http://x")'
    assert ws.cell(2, 1).data_type == "s" and ws["C2"].data_type == "s"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:L")


def test_workbook_summary_counts_men_women_and_trained(team):
    ws = xlsx(FocalPointDirectoryExporter(user=SYSTEM_USER, fmt="xlsx"))["Ringkasan"]
    summary = dict(ws.iter_rows(2, values_only=True))

    # focal_a, focal_b (factory default P), Dewi (P), Agus (L)
    assert summary["Jumlah orang"] == 4
    assert summary["Laki-laki (L)"] == 1
    assert summary["Perempuan (P)"] == 3
    assert summary["Sudah dilatih"] == 1
    assert summary["Sudah dilatih, perempuan"] == 1
    assert summary["Belum dilatih"] == 3


def test_pdf_shows_units_nips_page_numbers_and_indonesian_dates(team):
    exporter = FocalPointDirectoryExporter(user=SYSTEM_USER, fmt="pdf")
    text = pdf_text(exporter.render())

    assert exporter.content_type == "application/pdf"
    assert exporter.filename() == "direktori-focal-point-20260615.pdf"
    assert "Direktori Focal Point PUG" in text
    assert "Dinas Kesehatan" in text and "Kecamatan Setu" in text
    assert format_nip(NIP_A) in text and format_nip(NIP_B) in text
    assert "Keadaan per 15 Juni 2026" in text
    assert "6 Januari 2026" in text
    assert "Halaman 1 dari 1" in text
    assert "Mantan Anggota" not in text


def test_letterhead_names_the_unit_or_else_the_coordinator(team, unit_a):
    UnitFactory(name="Dinas Pemberdayaan Perempuan", is_coordinator=True)

    city = pdf_text(FocalPointDirectoryExporter(user=SYSTEM_USER, fmt="pdf").render())
    one = FocalPointDirectoryExporter(
        user=SYSTEM_USER, fmt="pdf", params=ExportParams(unit="Dinkes")
    )
    text = pdf_text(one.render())

    assert "DINAS PEMBERDAYAAN PEREMPUAN" in city
    assert "DINAS KESEHATAN" in text and "Kecamatan Setu" not in text
    assert one.filename() == "direktori-focal-point-dinkes-20260615.pdf"


def test_a_past_year_shows_the_directory_as_of_its_last_day(team):
    exporter = FocalPointDirectoryExporter(
        user=SYSTEM_USER, fmt="pdf", params=ExportParams(year=2025)
    )
    text = pdf_text(exporter.render())

    assert "Keadaan per 31 Desember 2025" in text
    assert "Dewi Lestari" not in text  # appointed in January 2026


def test_focal_point_b_gets_only_their_units_people(team, client_for, focal_b):
    client = client_for(focal_b)
    workbook = client.get(
        reverse("report_download", args=["direktori-focal-point", "xlsx"])
    )
    pdf = client.get(reverse("report_download", args=["direktori-focal-point", "pdf"]))

    assert workbook.status_code == pdf.status_code == 200
    ws = load_workbook(io.BytesIO(workbook.content))["Direktori"]
    units = {row[0] for row in ws.iter_rows(2, values_only=True)}
    names = {row[1] for row in ws.iter_rows(2, values_only=True)}
    assert units == {"Kecamatan Setu"}
    assert names == {"t_focal_b", "Agus Setiawan"}
    text = pdf_text(pdf.content)
    assert "Agus Setiawan" in text
    for unit_a_text in ("Dinas Kesehatan", "Dewi Lestari", NIP_A, "t_focal_a"):
        assert unit_a_text not in text


def test_focal_point_b_cannot_narrow_to_unit_a(team, client_for, focal_b):
    url = reverse("report_download", args=["direktori-focal-point", "xlsx"])

    assert client_for(focal_b).get(url, {"unit": "Dinkes"}).status_code == 404
    with pytest.raises(OutOfScope):
        FocalPointDirectoryExporter(
            user=focal_b, fmt="xlsx", params=ExportParams(unit="Dinkes")
        ).render()


def test_the_directory_is_offered_on_the_reports_page(client_for, focal_b):
    html = client_for(focal_b).get(reverse("reports")).content.decode()

    assert "Direktori Focal Point PUG" in html
    assert reverse("report_download", args=["direktori-focal-point", "pdf"]) in html
    assert reverse("report_download", args=["direktori-focal-point", "xlsx"]) in html


@pytest.mark.parametrize("size", [10, 200])
def test_directory_export_query_count_does_not_grow(
    size, db, frozen_today, django_assert_num_queries
):
    units = [UnitFactory() for _ in range(5)]
    for i in range(size):
        appointment = AppointmentFactory(unit=units[i % 5])
        if i % 3 == 0:
            AttendanceFactory(person=appointment.person, attended=True)

    # XLSX: 1 the appointments with person, unit and decree joined and is_trained as
    # an EXISTS subquery (streamed with iterator), 2 sex_counts, 3 trained counts.
    with django_assert_num_queries(3):
        content = FocalPointDirectoryExporter(user=SYSTEM_USER, fmt="xlsx").render()
    assert load_workbook(io.BytesIO(content))["Direktori"].max_row == size + 1

    # PDF: the same three, plus 4 the coordinator's name for the letterhead.
    with django_assert_num_queries(4):
        FocalPointDirectoryExporter(user=SYSTEM_USER, fmt="pdf").render()
