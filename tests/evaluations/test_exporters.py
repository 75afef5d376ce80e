"""Documents and reports of the evaluations app: the GAP matrix, GBS and KAK/TOR PDFs
of a dossier, the unit annual recap, the city recap for Bappeda and the every-dossier
list — content type, file name, what a reader finds inside (pypdf text, openpyxl
cells), scoping, the injection and fetcher cases, and pinned query counts."""

import csv
import datetime
import io
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluations.exporters import (
    CityRecapExporter,
    DossierListExporter,
    UnitRecapExporter,
)
from evaluations.gap import GAP_STEPS, GBS_ROWS, ISU_GENDER, KEBIJAKAN, PENGUKURAN
from evaluations.models import (
    ActionPlanRow,
    CycleState,
    DataKind,
    DisaggregatedDataRow,
    Dossier,
    ReviewComment,
)
from pug_portal.reports import pdf
from pug_portal.reports.exporting import ExportParams
from tests.evaluations.test_dashboard import build_city
from tests.factories import CycleFactory, DossierFactory, complete_dossier
from tests.reports import download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE_IMG = '<img src="file:///etc/passwd">'
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example/x","klik")'


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def squeezed(text: str) -> str:
    """Text without any whitespace: a header wrapped over two lines in a narrow
    column still matches."""
    return "".join(text.split())


def document_url(dossier, kind: str) -> str:
    return reverse("evaluations:dossier_document", args=[dossier.pk, kind])


@pytest.fixture
def signed_unit(unit_a):
    unit_a.head_name = "dr. Allin Hendalin Mahdaniar"
    unit_a.head_title = "Kepala Dinas Kesehatan"
    unit_a.head_rank = "Pembina Utama Muda (IV/c)"
    unit_a.head_nip = "197001011995031001"
    unit_a.save()
    return unit_a


@pytest.fixture
def dossier(signed_unit, cycle):
    """A complete dossier of unit A (pagu Rp 150.000.000, one action of Rp
    45.000.000), signed in Serpong on 10 March 2026, with its KAK/TOR."""
    dossier = complete_dossier(DossierFactory(unit=signed_unit, cycle=cycle))
    Dossier.objects.filter(pk=dossier.pk).update(
        gap_access="Akses perempuan ke layanan malam terbatas.",
        gbs_sign_place="Serpong",
        gbs_sign_date=datetime.date(2026, 3, 10),
        kak_included=True,
        kak_legal_basis="Permendagri 90 Tahun 2019",
        kak_beneficiaries="Ibu hamil dan suami",
        kak_beneficiaries_male=420,
        kak_beneficiaries_female=1250,
        kak_purpose="Meningkatkan keterlibatan suami.",
        kak_pic_name="Siti Rahmawati",
        kak_pic_nip="198001012005012001",
    )
    dossier.refresh_from_db()
    return dossier


# --- the GAP matrix --------------------------------------------------------------------


def test_gap_matrix_is_a_landscape_pdf_with_the_nine_official_columns(
    dossier, focal_a, client_for
):
    response = client_for(focal_a).get(document_url(dossier, "gap"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    code = dossier.budget_line.sub_kegiatan_code.replace(".", "-")
    assert f'filename="gap-dinkes-{code}-2026.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    text = squeezed(pdf_text(response.content))
    assert squeezed("DINAS KESEHATAN") in text  # the letterhead (upper case)
    assert "PEMERINTAHKOTATANGERANGSELATAN" in text
    for step in GAP_STEPS:
        assert squeezed(str(step.label)) in text, step.label
    for group in (ISU_GENDER, KEBIJAKAN, PENGUKURAN):
        assert squeezed(str(group)) in text
    assert squeezed("Rp 150.000.000") in text  # pagu in the identity block
    assert squeezed("Akses perempuan ke layanan malam terbatas.") in text
    assert squeezed("Kelas ibu hamil akhir pekan bersama suami") in text  # step 7
    assert squeezed("L 420, P 0 orang") in text  # baseline L/P row, step 8
    # the letterhead's address and column 1's program lines may take a second page
    assert squeezed("Halaman 1 dari") in text


def test_gap_prints_each_lp_row_once_in_the_column_of_its_kind(
    dossier, focal_a, client_for
):
    for kind, label in (
        (DataKind.REALISASI, "Realisasi kelas 2025"),
        (DataKind.TARGET, "Target pendamping 2026"),
    ):
        DisaggregatedDataRow.objects.create(
            dossier=dossier,
            label=label,
            kind=kind,
            male=Decimal(10),
            female=Decimal(20),
            unit_of_measure="orang",
        )

    text = squeezed(
        pdf_text(client_for(focal_a).get(document_url(dossier, "gap")).content)
    )

    insight = "Kunjungan K1 didampingi suami"
    for label in (
        "Realisasi kelas 2025",
        "Target pendamping 2026",
        "Pendamping K1",
        insight,
    ):
        assert text.count(squeezed(label)) == 1
    # columns are read left to right: insight data in step 2, the baseline in step
    # 8, targets and realised figures with the indicators in step 9
    assert (
        text.index(squeezed(insight))
        < text.index(squeezed("Pendamping K1"))
        < text.index(squeezed("Realisasi kelas 2025"))
    )
    assert text.index(squeezed("Pendamping K1")) < text.index(
        squeezed("Target pendamping 2026")
    )


def test_gap_group_headers_span_their_steps():
    from evaluations.exporters import GapMatrixDocument

    top = GapMatrixDocument.header_top()
    assert [(str(h["label"]), h["colspan"]) for h in top] == [
        (str(GAP_STEPS[0].label), 1),
        (str(GAP_STEPS[1].label), 1),
        ("Isu Gender", 3),
        ("Kebijakan dan Rencana Ke Depan", 2),
        ("Pengukuran Hasil", 2),
    ]


# --- the GBS ---------------------------------------------------------------------------


def test_gbs_has_the_official_rows_in_order_rupiah_and_the_signature_block(
    dossier, focal_a, client_for
):
    response = client_for(focal_a).get(document_url(dossier, "gbs"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="gbs-dinkes-' in response["Content-Disposition"]
    text = pdf_text(response.content)
    flat = squeezed(text)
    # each official row label after the previous one (the table starts after the
    # subtitle, which also says "Tahun Anggaran")
    position = flat.index(squeezed("Nama Perangkat Daerah"))
    for row in GBS_ROWS:
        if row.key in ("gbs_actions", "gbs_signature"):
            continue
        position = flat.index(squeezed(str(row.label)), position)  # ValueError: order
    assert "Rp\xa0150.000.000" in text  # Jumlah Anggaran = pagu
    assert "Rp\xa045.000.000" in text  # the action's Masukan
    # signature block of the Kepala PD, from the unit registry
    assert "Serpong, 10 Maret 2026" in text
    for line in (
        "Kepala Dinas Kesehatan",
        "dr. Allin Hendalin Mahdaniar",
        "Pembina Utama Muda (IV/c)",
        "NIP 19700101 199503 1 001",
    ):
        assert line in text
    assert text.index("Serpong, 10 Maret 2026") < text.index(
        "NIP 19700101 199503 1 001"
    )


def test_gbs_notes_an_amount_that_differs_from_the_pagu(dossier, reviewer, client_for):
    Dossier.objects.filter(pk=dossier.pk).update(gbs_amount=Decimal("1250000"))

    text = pdf_text(client_for(reviewer).get(document_url(dossier, "gbs")).content)

    assert "Rp\xa01.250.000" in text
    assert squeezed("berbeda dari pagu sub kegiatan (Rp 150.000.000)") in squeezed(text)


# --- the KAK/TOR -----------------------------------------------------------------------


def test_kak_prints_its_sections_beneficiaries_and_person_in_charge(
    dossier, planner, client_for
):
    response = client_for(planner).get(document_url(dossier, "kak"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="kak-dinkes-' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for heading in ("A. Latar Belakang", "B. Penerima Manfaat", "G. Biaya"):
        assert heading in text
    assert "Permendagri 90 Tahun 2019" in text
    assert "420 1.250 1.670" in text  # L, P, total
    assert "Rp\xa0150.000.000" in text
    assert "Siti Rahmawati" in text and "NIP 19800101 200501 2 001" in text


def test_kak_of_a_dossier_without_one_is_not_found(dossier, focal_a, client_for):
    Dossier.objects.filter(pk=dossier.pk).update(kak_included=False)

    assert client_for(focal_a).get(document_url(dossier, "kak")).status_code == 404


def test_the_detail_page_offers_the_documents(dossier, focal_a, client_for):
    page = client_for(focal_a).get(dossier.get_absolute_url()).content.decode()

    for kind in ("gap", "gbs", "kak"):
        assert document_url(dossier, kind) in page


# --- scope -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["gap", "gbs", "kak"])
def test_it_returns_404_to_other_units_focal_point(dossier, focal_b, client_for, kind):
    assert client_for(focal_b).get(document_url(dossier, kind)).status_code == 404


def test_an_unknown_document_is_not_found(dossier, focal_a, client_for):
    assert client_for(focal_a).get(document_url(dossier, "rka")).status_code == 404


# --- injection and the fetcher ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["gap", "gbs", "kak"])
def test_markup_in_dossier_text_is_printed_as_text_and_fetches_nothing(
    dossier, focal_a, client_for, kind
):
    Dossier.objects.filter(pk=dossier.pk).update(
        gap_insight=f"{HOSTILE_IMG} http://evil.example/x.png",
        gap_access=f'<img src="http://evil.example/t.png"> {HOSTILE_FORMULA}',
        kak_legal_basis=f'{HOSTILE_IMG}<link rel="stylesheet" href="data:text/css,x">',
    )
    fetchers = []
    original = pdf.static_only_fetcher

    def recording_fetcher():
        fetcher = original()
        fetchers.append(fetcher)
        return fetcher

    with mock.patch.object(pdf, "static_only_fetcher", recording_fetcher):
        response = client_for(focal_a).get(document_url(dossier, kind))

    assert response.status_code == 200
    text = squeezed(pdf_text(response.content))
    assert squeezed(HOSTILE_IMG) in text  # escaped: shown, not an element
    (fetcher,) = fetchers
    assert fetcher.refused == []  # nothing but our own markup asked for a URL
    assert fetcher.served
    assert all(url.startswith(pdf.PRINT_STATIC) for url in fetcher.served)


def test_the_fetcher_refuses_what_user_text_could_name():
    fetcher = pdf.static_only_fetcher()
    for url in ("file:///etc/passwd", "http://evil.example/x.png", "data:,x"):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)
    assert fetcher.refused == [
        "file:///etc/passwd",
        "http://evil.example/x.png",
        "data:,x",
    ]


def test_formula_like_dossier_text_stays_text_in_the_dossier_list(
    dossier, focal_a, client_for
):
    Dossier.objects.filter(pk=dossier.pk).update(
        gap_access=HOSTILE_FORMULA, gap_internal="+1+1", gap_external="@SUM(A1)"
    )
    url = reverse("report_download", args=["semua-dossier", "xlsx"])

    ws = load_workbook(io.BytesIO(download(client_for(focal_a), url).content))[
        "Dokumen PPRG"
    ]

    header = [c.value for c in ws[1]]
    row = dict(zip(header, ws[2], strict=True))
    for title, value in (
        ("GAP 3 Akses", HOSTILE_FORMULA),
        ("GAP 4 Sebab kesenjangan internal", "+1+1"),
        ("GAP 5 Sebab kesenjangan eksternal", "@SUM(A1)"),
    ):
        assert row[title].value == value
        assert row[title].data_type == "s"
        assert row[title].quotePrefix is True

    csv_url = reverse("report_download", args=["semua-dossier", "csv"])
    content = download(client_for(focal_a), csv_url).content
    records = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert "'" + HOSTILE_FORMULA in records[1]


# --- query counts ----------------------------------------------------------------------


def _grow(dossier, n: int) -> None:
    ActionPlanRow.objects.bulk_create(
        ActionPlanRow(
            dossier=dossier,
            position=i,
            description=f"Aksi {i}",
            input_amount=Decimal(1000),
            output="o",
            outcome="h",
        )
        for i in range(n)
    )
    DisaggregatedDataRow.objects.bulk_create(
        DisaggregatedDataRow(
            dossier=dossier,
            position=i,
            label=f"Data {i}",
            kind=DataKind.BASELINE,
            male=1,
            female=2,
            unit_of_measure="orang",
        )
        for i in range(n)
    )


@pytest.mark.parametrize("kind", ["gap", "gbs", "kak"])
@pytest.mark.parametrize("extra_rows", [0, 40])
def test_a_dossier_document_runs_five_queries_whatever_its_rows(
    dossier, focal_a, client_for, django_assert_num_queries, kind, extra_rows
):
    _grow(dossier, extra_rows)
    client = client_for(focal_a)
    # 1 session, 2 user, 3 the dossier in scope with unit, cycle and budget line,
    # 4 its action rows, 5 its data rows
    with django_assert_num_queries(5):
        response = client.get(document_url(dossier, kind))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 60])
def test_the_dossier_list_runs_three_queries_whatever_the_rows(
    unit_a, cycle, django_assert_num_queries, n, planner
):
    for _ in range(n):
        complete_dossier(DossierFactory(unit=unit_a, cycle=cycle))
    exporter = DossierListExporter(user=planner, fmt="xlsx")
    # 1 the current cycle's year, 2 the units' years (unit by unit: the background
    # run's progress), 3 the unit's rows with their action-plan, score and comment
    # subqueries, streamed with .iterator(), 4 the L/P rows, streamed too
    with django_assert_num_queries(4):
        content = exporter.render()
    workbook = load_workbook(io.BytesIO(content))
    assert workbook["Dokumen PPRG"].max_row == n + 2  # header, rows, totals
    assert (
        workbook["Data terpilah L-P"].max_row
        == DisaggregatedDataRow.objects.count() + 1
    )


def test_the_dossier_list_streams_unit_by_unit_in_name_order(
    unit_a, unit_b, cycle, planner, django_assert_num_queries
):
    """One query per unit's year, each in id order (a PostgreSQL index, no sort of
    the wide rows: test_query_plans.py); the units by name, as the list always was."""
    made = {
        unit: [DossierFactory(unit=unit, cycle=cycle).pk for _ in range(3)]
        for unit in (unit_a, unit_b)
    }
    exporter = DossierListExporter(user=planner, fmt="csv")
    # 1 the current cycle's year, 2 the units' years in order, 3–4 one query per
    # unit's year (a CSV has no L/P sheet)
    with django_assert_num_queries(4):
        content = exporter.render()
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    ids = [int(row[0]) for row in rows if row and row[0].isdecimal()]
    by_name = sorted((unit_a, unit_b), key=lambda u: u.name)
    assert ids == made[by_name[0]] + made[by_name[1]]


# --- the every-dossier list ------------------------------------------------------------


def test_dossier_list_holds_every_field_typed(dossier, reviewer, client_for):
    response = download(
        client_for(reviewer),
        reverse("report_download", args=["semua-dossier", "xlsx"]) + "?year=2026",
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert re.search(
        r'filename="semua-dossier-2026-\d{8}\.xlsx"', response["Content-Disposition"]
    )
    ws = load_workbook(io.BytesIO(response.content))["Dokumen PPRG"]
    header = [c.value for c in ws[1]]
    assert len(header) == len(DossierListExporter.FIELDS)
    row = dict(zip(header, ws[2], strict=True))
    assert row["Perangkat daerah"].value == "Dinas Kesehatan"
    assert row["Pagu"].value == 150000000 and row["Pagu"].data_type == "n"
    assert row["Pagu"].number_format == '"Rp" #,##0'
    assert row["Status"].value == "Draf"
    assert row["ARG"].value == "Ya"
    assert row["Kategori ARG"].value == "Anggaran pelembagaan kesetaraan gender"
    assert row["Jumlah rencana aksi"].value == 1
    assert row["Total masukan rencana aksi"].value == 45000000
    assert row["KAK Target P"].value == 1250
    assert row["GBS Tanggal tanda tangan"].is_date
    assert row["GAP 9 Indikator hasil"].value == "Suami mendampingi K1 35% (persen)"


def test_dossier_list_without_a_year_lists_the_current_year_only(
    dossier, reviewer, client_for
):
    past = CycleFactory(
        year=2025,
        open_date=datetime.date(2025, 2, 1),
        submission_deadline=datetime.date(2025, 7, 31),
        review_deadline=datetime.date(2025, 9, 30),
        state=CycleState.CLOSED,
    )
    DossierFactory(unit=dossier.unit, cycle=past)
    url = reverse("report_download", args=["semua-dossier", "csv"])

    response = download(client_for(reviewer), url)

    records = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[1] for r in records[1:]] == ["2026"]
    past_only = download(client_for(reviewer), url + "?year=2025").content
    records = list(csv.reader(io.StringIO(past_only.decode("utf-8-sig"))))
    assert [r[1] for r in records[1:]] == ["2025"]


def test_dossier_list_csv_and_focal_points_see_their_own_units_only(
    dossier, unit_b, cycle, focal_b, client_for
):
    DossierFactory(unit=unit_b, cycle=cycle)
    url = reverse("report_download", args=["semua-dossier", "csv"])

    response = download(client_for(focal_b), url)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    records = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert records[0][:3] == ["ID", "Tahun anggaran", "Perangkat daerah"]
    assert [r[2] for r in records[1:]] == ["Kecamatan Setu"]
    assert download(client_for(focal_b), url + "?unit=Dinkes").status_code == 404


# --- the unit annual recap -------------------------------------------------------------


@pytest.fixture
def city(db, unit_a, unit_b, focal_a, focal_b, frozen_today):
    objs = build_city(unit_a, unit_b)
    type(unit_a).objects.filter(is_coordinator=True).update(is_active=False)
    complete_dossier(objs.a1)
    Dossier.objects.filter(pk=objs.a1.pk).update(kak_included=True)
    return objs


def test_unit_recap_xlsx_holds_the_units_figures(city, focal_a, client_for):
    url = reverse("report_download", args=["rekap-tahunan-pd", "xlsx"])

    response = download(client_for(focal_a), url + "?unit=Dinkes&year=2026")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert (
        'filename="rekap-tahunan-pd-dinkes-2026-20260615.xlsx"'
        in (response["Content-Disposition"])
    )
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Ringkasan per PD", "Dokumen PPRG", "Focal Point"]
    summary = [c.value for c in wb["Ringkasan per PD"][2]]
    # total belanja (perubahan), ARG pagu of approved GBS, %, reason, realisasi,
    # flagged without approved GBS, dossiers
    assert summary[:8] == [
        "Dinas Kesehatan",
        2_000_000_000,
        300_000_000,
        0.15,
        None,
        0,
        1,
        2,
    ]
    assert wb["Ringkasan per PD"]["D2"].number_format == "0.0%"
    # the average counts approved dossiers only (A2's 5 is provisional); the team
    # and the SK focal point of the year
    assert summary[-3:] == [16, 2, "Ya"]
    dossiers = [
        [c.value for c in row] for row in wb["Dokumen PPRG"].iter_rows(min_row=2)
    ]
    assert [(r[5], r[6], r[7]) for r in dossiers] == [
        ("Disetujui", 16, "Baik"),
        ("Perlu perbaikan", 5, "Kurang"),
    ]
    people = [r[1].value for r in wb["Focal Point"].iter_rows(min_row=2)]
    assert "t_focal_a" in people and len(people) == 2


def test_unit_recap_pdf_of_every_unit_in_a_focal_points_scope(
    city, focal_a, client_for
):
    url = reverse("report_download", args=["rekap-tahunan-pd", "pdf"])

    response = download(client_for(focal_a), url + "?year=2026")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Dinas Kesehatan" in text
    assert "Kecamatan Setu" not in text and "Dinas Pendidikan" not in text
    assert "Rp\xa02.000.000.000" in text and "Rp\xa0300.000.000" in text
    assert "15,0 %" in text
    assert "prasyarat" not in text.lower()  # no self-assessment section yet


def test_unit_recap_of_another_unit_is_not_found(city, focal_a, client_for):
    url = reverse("report_download", args=["rekap-tahunan-pd", "pdf"])
    assert download(client_for(focal_a), url + "?unit=Kec. Setu").status_code == 404


# --- the city recap --------------------------------------------------------------------


def test_city_recap_xlsx_compliance_matrix_arg_classification_and_trend(
    city, planner, client_for
):
    url = reverse("report_download", args=["rekap-kota", "xlsx"])

    response = download(client_for(planner), url + "?year=2026")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="rekap-kota-2026-20260615.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [
        "Kepatuhan",
        "ARG",
        "Kualitas dokumen",
        "Tren",
        "Ringkasan",
    ]
    ws = wb["Kepatuhan"]
    header = [c.value for c in ws[1]]
    assert header[:8] == [
        "Perangkat daerah",
        "Jenis",
        "SK focal point tahun berjalan",
        "Dokumen PPRG",
        "GAP disetujui",
        "GBS disetujui",
        "KAK/TOR disetujui",
        "Melaksanakan PPRG",
    ]
    assert "Penilaian mandiri" not in header  # no self-assessment model yet
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=2)}
    assert rows["Dinas Kesehatan"] == [
        "Dinas Kesehatan",
        "Dinas",
        "Ya",
        2,
        1,  # A1 approved with its GAP, GBS and KAK/TOR; A2 is being revised
        1,
        1,
        "Ya",
    ]
    assert rows["Dinas Pendidikan"][2:4] == ["Tidak", 2]
    assert rows["Kecamatan Setu"][4:8] == [0, 0, 0, "Tidak"]  # B1 only submitted
    arg = {r[0].value: [c.value for c in r] for r in wb["ARG"].iter_rows(min_row=2)}
    assert arg["Dinas Kesehatan"][:7] == [
        "Dinas Kesehatan",
        2_000_000_000,
        300_000_000,
        0.15,
        None,
        0,
        1,
    ]
    assert arg["Kecamatan Setu"][1:7] == [
        None,
        0,
        None,
        "total belanja belum dicatat",
        0,
        2,
    ]
    assert arg["Kota"][1:4] == [3_000_000_000, 400_000_000, pytest.approx(0.4 / 3)]
    # khusus target gender: every ARG line of the city is KHUSUS
    assert arg["Kota"][7:10] == [400_000_000, 0, 0]
    assert wb["ARG"]["B2"].number_format == '"Rp" #,##0'
    assert wb["ARG"]["C2"].data_type == "n"
    classes = [
        [c.value for c in r] for r in wb["Kualitas dokumen"].iter_rows(min_row=2)
    ]
    assert classes == [
        ["Baik", 1, 0.5],
        ["Cukup", 1, 0.5],
        ["Kurang", 0, 0],
    ]
    trend = {r[0].value: [c.value for c in r] for r in wb["Tren"].iter_rows(min_row=2)}
    assert trend[2025][:3] == [2025, 1, 1] and trend[2025][6] == 0.2
    assert trend[2026][:3] == [2026, 5, 2]
    assert trend[2026][4:7] == [3_000_000_000, 400_000_000, pytest.approx(0.4 / 3)]


def test_city_recap_pdf_has_the_matrix_figures_and_charts_with_tables(
    city, planner, client_for
):
    url = reverse("report_download", args=["rekap-kota", "pdf"])

    response = download(client_for(planner), url + "?year=2026")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert PdfReader(io.BytesIO(response.content)).pages[0].mediabox.width > 800
    text = pdf_text(response.content)
    for expected in (
        "Rekap PPRG Kota Tahun 2026",
        "Dinas Kesehatan",
        "Kecamatan Setu",
        "Dinas Pendidikan",
        "Rp\xa03.000.000.000",  # city total belanja
        "Rp\xa0400.000.000",  # city ARG pagu
        "13,3 %",
        "15,0 %",  # Dinkes
        "Kualitas dokumen disetujui per tahun",
        "Tren dokumen PPRG disetujui dan persentase ARG",
        "Persentase ARG per perangkat daerah, 2026",
    ):
        assert expected in text, expected
    # Setu has no total belanja: no percentage, and the reason (wrapped in its cell)
    assert "—(totalbelanjabelumdicatat)" in squeezed(text)
    assert "Halaman 1 dari" in text


def test_city_recap_is_for_city_readers_only(city, focal_a, client_for):
    url = reverse("report_download", args=["rekap-kota", "pdf"])
    assert download(client_for(focal_a), url).status_code == 403


def test_city_recap_progress_counts_units(city, reviewer):
    seen = []
    exporter = CityRecapExporter(
        user=reviewer, fmt="xlsx", params=ExportParams(year=2026)
    )
    exporter.progress_callback = lambda done, total: seen.append((done, total))

    exporter.render()

    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_unit_recap_progress_counts_units(city, reviewer):
    seen = []
    exporter = UnitRecapExporter(
        user=reviewer, fmt="pdf", params=ExportParams(year=2026)
    )
    exporter.progress_callback = lambda done, total: seen.append((done, total))

    exporter.render()

    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


# --- the recaps' query counts ----------------------------------------------------------


def _more_units(n: int, cycle) -> None:
    from tests.factories import UnitFactory

    for _ in range(n):
        complete_dossier(DossierFactory(unit=UnitFactory(), cycle=cycle))


@pytest.mark.parametrize("extra_units", [0, 15])
def test_the_unit_recap_runs_six_queries_whatever_the_units(
    city, reviewer, django_assert_num_queries, extra_units
):
    _more_units(extra_units, city.cycle)
    exporter = UnitRecapExporter(
        user=reviewer, fmt="xlsx", params=ExportParams(year=2026)
    )
    # 1 the units with lines or dossiers that year, 2 their dossiers with scores,
    # 3 their current focal points with training status, 4 ARG pagu by unit,
    # 5 total belanja by unit, 6 realisation by unit
    with django_assert_num_queries(6):
        content = exporter.render()
    summary = load_workbook(io.BytesIO(content))["Ringkasan per PD"]
    assert summary.max_row == 1 + 3 + extra_units


@pytest.mark.parametrize("extra_units", [0, 15])
def test_the_city_recap_runs_a_fixed_number_of_queries_whatever_the_units(
    city, planner, django_assert_num_queries, extra_units
):
    _more_units(extra_units, city.cycle)

    def recap():
        return CityRecapExporter(
            user=planner, fmt="pdf", params=ExportParams(year=2026)
        ).render()

    # 1 the data version and the cached figures (one read), 2–13 the city
    # dashboard's figures (evaluations.selectors.dashboard_city), 14–18 storing
    # them in the database cache (its cull count, a savepoint, the key, the row,
    # the release), 19 the compliance counts by unit, 20 the planning agency for
    # the letterhead
    with django_assert_num_queries(20):
        content = recap()
    assert content.startswith(b"%PDF-")
    # the next recap of the same data reads the figures back: 1, then 19 and 20
    with django_assert_num_queries(3):
        again = recap()
    assert again.startswith(b"%PDF-")


def test_the_city_recap_shows_a_write_made_since_the_last_one(city, planner):
    """The figures are cached with the data version: a dossier added since the
    last recap is counted in the next one."""

    def board():
        exporter = CityRecapExporter(
            user=planner, fmt="pdf", params=ExportParams(year=2026)
        )
        exporter.render()
        return exporter.board

    before = board()
    assert board().dossiers_total == before.dossiers_total  # read back
    DossierFactory(unit=city.a1.unit, cycle=city.cycle)

    after = board()

    assert after.dossiers_total == before.dossiers_total + 1


def test_city_recap_pdf_has_the_city_address_and_the_planning_heads_signature(
    city, planner, client_for
):
    from tests.factories import UnitFactory

    UnitFactory(
        name="Badan Perencanaan Pembangunan Daerah",
        short_name="Bappeda",
        is_planning_agency=True,
        head_name="Ir. Sri Wahyuni",
        head_nip="197001011995032001",
    )
    url = reverse("report_download", args=["rekap-kota", "pdf"])
    text = pdf_text(download(client_for(planner), url + "?year=2026").content)
    assert "Jl. Maruga No. 1, Serua, Ciputat, Kota Tangerang Selatan" in text
    flat = " ".join(text.split())
    # the signature block closes the recap: place and date, title, name, NIP
    assert "Kepala Badan Perencanaan Pembangunan Daerah" in flat
    assert "Ir. Sri Wahyuni" in flat and "NIP 19700101" in flat
    assert "Tangerang Selatan," in flat


def test_a_dossier_document_prints_its_units_address_or_the_citys(
    dossier, focal_a, client_for, settings
):
    settings.PUG_INSTITUTION_ADDRESS = "Jl. Kota No. 9"
    client = client_for(focal_a)
    text = pdf_text(client.get(document_url(dossier, "gbs")).content)
    assert "Jl. Kota No. 9" in text
    type(dossier.unit).objects.filter(pk=dossier.unit_id).update(
        address="Jl. Pajajaran No. 101, Pamulang"
    )
    text = pdf_text(client.get(document_url(dossier, "gbs")).content)
    assert "Jl. Pajajaran No. 101, Pamulang" in text and "Jl. Kota No. 9" not in text


def test_the_dossier_workbook_totals_its_figures_and_lists_the_l_p_rows(
    unit_a, unit_b, cycle, planner
):
    a = complete_dossier(DossierFactory(unit=unit_a, cycle=cycle))
    b = complete_dossier(DossierFactory(unit=unit_b, cycle=cycle))
    DisaggregatedDataRow.objects.create(
        dossier=b,
        label="Peserta pelatihan",
        kind="TARGET",
        aspect="PARTISIPASI",
        male=Decimal("12.5"),
        female=Decimal("30"),
        total=None,
        unit_of_measure="orang",
        source="Renja 2026",
    )
    ReviewComment.objects.create(dossier=a, target="gap_1", text="Perjelas")
    workbook = load_workbook(
        io.BytesIO(DossierListExporter(user=planner, fmt="xlsx").render())
    )
    ws = workbook["Dokumen PPRG"]
    header = [c.value for c in ws[1]]
    last = dict(zip(header, [c.value for c in ws[ws.max_row]], strict=True))
    assert last["Perangkat daerah"] == "Jumlah (2 dokumen PPRG)"
    assert last["Pagu"] == 300000000  # 2 × 150.000.000
    assert last["GBS Jumlah anggaran"] == 300000000
    assert last["Jumlah rencana aksi"] == 2
    assert last["Total masukan rencana aksi"] == 90000000
    assert last["Catatan reviu terbuka"] == 1
    assert last["ID"] is None and last["Status"] is None

    data = workbook["Data terpilah L-P"]
    rows = [[c.value for c in row] for row in data.iter_rows(min_row=2)]
    header = [c.value for c in data[1]]
    by_label = {
        row[header.index("Uraian")]: dict(zip(header, row, strict=True)) for row in rows
    }
    assert len(rows) == DisaggregatedDataRow.objects.count()
    assert set(by_label) == set(
        DisaggregatedDataRow.objects.values_list("label", flat=True)
    )
    target = by_label["Peserta pelatihan"]
    assert target["ID dokumen PPRG"] == b.pk and target["Jenis"] == "Target"
    assert target["Aspek APKM"] == "Partisipasi"
    assert (target["Laki-laki"], target["Perempuan"], target["Jumlah"]) == (
        12.5,
        30,
        42.5,
    )
    assert target["Perangkat daerah"] == unit_b.name
    # the CSV stays one row per dossier, no totals
    csv_rows = list(
        csv.reader(
            io.StringIO(
                DossierListExporter(user=planner, fmt="csv")
                .render()
                .decode("utf-8-sig")
            )
        )
    )
    assert len(csv_rows) == 3
