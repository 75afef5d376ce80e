"""The inputs behind Persentase ARG: a unit's total belanja (page and import) and an
approved dossier's quarterly realisation. Every bad input is refused with its
message next to the field or row, and nothing is half-saved."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import (
    BudgetPhase,
    CycleState,
    Realisation,
    TotalBelanja,
)
from evaluations.services.arg import total_belanja_set
from evaluations.workflow import Status
from pug_portal.imports import RowStatus
from pug_portal.models import ActivityLog, ImportBatch
from tests.factories import CycleFactory, xlsx_bytes

# --- total belanja on the unit's page ---------------------------------------------


def post_total(client, unit, **data):
    values = {"year": 2026, "phase": "MURNI", "total": "100000000000", **data}
    return client.post(reverse("evaluations:total_belanja", args=[unit.pk]), values)


def test_a_reviewer_records_total_belanja_and_lands_on_the_units_year(
    client_for, reviewer, unit_a, cycle
):
    response = post_total(client_for(reviewer), unit_a)
    assert response.status_code == 302
    dashboard = reverse("evaluations:unit_dashboard", args=[unit_a.pk])
    assert response["Location"] == f"{dashboard}?year=2026#arg-title"
    row = TotalBelanja.objects.get()
    assert (row.unit, row.year, row.phase, row.total) == (
        unit_a,
        2026,
        BudgetPhase.MURNI,
        Decimal("100000000000"),
    )
    assert ActivityLog.objects.filter(action="total_belanja.set").count() == 1


def test_the_same_year_and_phase_is_replaced_not_duplicated(
    client_for, reviewer, unit_a, cycle
):
    client = client_for(reviewer)
    post_total(client, unit_a)
    post_total(client, unit_a, total="120000000000")
    assert list(TotalBelanja.objects.values_list("total", flat=True)) == [
        Decimal("120000000000")
    ]


@pytest.mark.parametrize(
    ("total", "message"),
    [
        ("0", "Total belanja harus lebih dari nol (Rupiah)."),
        ("-5", "Total belanja harus lebih dari nol (Rupiah)."),
        ("seratus", "Masukkan angka Rupiah tanpa titik atau huruf"),
    ],
)
def test_a_zero_negative_or_text_total_is_refused_next_to_the_field(
    client_for, reviewer, unit_a, cycle, total, message
):
    response = post_total(client_for(reviewer), unit_a, total=total)
    assert response.status_code == 200
    assert message in response.context["form"].errors["total"][0]
    assert message in response.text
    assert not TotalBelanja.objects.exists()


def test_a_closed_cycles_year_is_refused_next_to_the_year(client_for, reviewer, unit_a):
    CycleFactory(year=2025, state=CycleState.CLOSED)
    response = post_total(client_for(reviewer), unit_a, year=2025)
    assert "sudah ditutup" in response.context["form"].errors["year"][0]
    assert not TotalBelanja.objects.exists()


def test_a_focal_point_may_not_set_their_own_denominator(focal_a, unit_a, cycle):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        total_belanja_set(
            unit=unit_a, year=2026, phase="MURNI", total=Decimal(1), by=focal_a
        )


# --- total belanja from a workbook ---------------------------------------------------

HEADER = ["Nama Singkat PD", "Tahun", "Tahapan", "Total Belanja"]


def upload(client, rows):
    return client.post(
        reverse("import_upload", args=["total-belanja"]),
        {"file": SimpleUploadedFile("apbd.xlsx", xlsx_bytes([HEADER, *rows]))},
    )


def preview(client):
    batch = ImportBatch.objects.latest("pk")
    return batch, client.get(reverse("import_preview", args=[batch.pk]))


def test_a_good_workbook_is_previewed_then_committed_and_reimports_unchanged(
    client_for, reviewer, unit_a, unit_b, cycle
):
    client = client_for(reviewer)
    rows = [
        ["Dinkes", 2026, "MURNI", 100000000000],
        ["dinkes", 2026, "Perubahan", "120.000.000.000"],
        ["Kec. Setu", 2026, "murni", "25000000000"],
    ]
    upload(client, rows)
    batch, page = preview(client)
    assert [r["row"].status for r in page.context["rows"]] == [RowStatus.NEW] * 3
    assert not TotalBelanja.objects.exists(), "a preview writes nothing"
    result = client.post(reverse("import_commit", args=[batch.pk]), follow=True)
    assert result.context["result"]["created"] == 3
    assert TotalBelanja.objects.get(unit=unit_a, phase="PERUBAHAN").total == Decimal(
        "120000000000"
    )

    upload(client, rows)
    _batch, again = preview(client)
    assert again.context["preview"].counts["unchanged"] == 3


def test_bad_rows_are_shown_by_row_and_column_and_nothing_is_written(
    client_for, reviewer, unit_a, cycle
):
    client = client_for(reviewer)
    upload(
        client,
        [
            ["Dinkes", 2026, "MURNI", 0],
            ["Dinkes", 2027, "MURNI", -5],
            ["Dinas Entah", 2026, "MURNI", 1000],
            ["Dinkes", 2026, "APBD-P", 1000],
            ["Dinkes", 2028, "MURNI", "banyak"],
        ],
    )
    _batch, page = preview(client)
    errors = {(e.row, e.column): e.message for e in page.context["preview"].errors}
    assert errors[(2, "total_belanja")] == (
        "Total belanja harus lebih dari nol (Rupiah)."
    )
    assert errors[(3, "total_belanja")] == "tidak boleh negatif"
    assert "tidak dikenal" in errors[(4, "nama_singkat_pd")]
    assert (5, "tahapan") in errors
    assert "bukan angka" in errors[(6, "total_belanja")]
    assert not page.context["can_commit"]
    assert not TotalBelanja.objects.exists()


def test_the_import_template_has_the_four_columns(client_for, reviewer):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(reviewer).get(
        reverse("import_template", args=["total-belanja"])
    )
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "nama_singkat_pd",
        "tahun",
        "tahapan",
        "total_belanja",
    ]


def test_focal_points_and_planners_do_not_get_the_import(client_for, focal_a, planner):
    for user in (focal_a, planner):
        response = client_for(user).get(
            reverse("import_template", args=["total-belanja"])
        )
        assert response.status_code in (403, 404)


# --- quarterly realisation of an approved dossier ------------------------------------


@pytest.fixture
def approved_a(dossier_a):
    dossier_a.status = Status.APPROVED
    dossier_a.save(update_fields=["status"])
    return dossier_a


def post_realisation(client, dossier, **data):
    values = {
        "quarter": 1,
        "amount": "40000000",
        "physical_percent": "25",
        "beneficiaries_male": "120",
        "beneficiaries_female": "180",
        **data,
    }
    return client.post(
        reverse("evaluations:realisation_record", args=[dossier.pk]), values
    )


def test_the_focal_point_records_a_quarter_without_reopening_the_dossier(
    client_for, focal_a, approved_a
):
    client = client_for(focal_a)
    response = post_realisation(client, approved_a)
    assert response.status_code == 302
    assert response["Location"].endswith("#realisasi")
    approved_a.refresh_from_db()
    assert approved_a.status == Status.APPROVED
    realisation = Realisation.objects.get()
    assert (realisation.quarter, realisation.amount) == (1, Decimal("40000000"))
    page = client.get(approved_a.get_absolute_url())
    assert "Triwulan I" in page.text and "Rp\xa040.000.000" in page.text


def test_a_quarter_recorded_twice_is_refused_and_the_first_kept(
    client_for, focal_a, approved_a
):
    client = client_for(focal_a)
    post_realisation(client, approved_a)
    response = post_realisation(client, approved_a, amount="99000000")
    assert response.status_code == 200
    assert (
        "sudah dicatat; data pertama dipertahankan"
        in (response.context["form"].errors["quarter"][0])
    )
    assert list(Realisation.objects.values_list("amount", flat=True)) == [
        Decimal("40000000")
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-1", "Nilai Rupiah tidak boleh negatif."),
        ("physical_percent", "-3", "Persentase fisik tidak boleh negatif."),
        ("physical_percent", "140", "tidak boleh lebih dari 100"),
        ("beneficiaries_female", "-2", "penerima manfaat tidak boleh negatif"),
    ],
)
def test_negative_figures_are_refused_next_to_their_field(
    client_for, focal_a, approved_a, field, value, message
):
    response = post_realisation(client_for(focal_a), approved_a, **{field: value})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not Realisation.objects.exists()


def test_above_the_pagu_is_saved_with_a_warning_shown(client_for, focal_a, approved_a):
    client = client_for(focal_a)
    response = post_realisation(client, approved_a, amount="160000000")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "melebihi pagu sub kegiatan" in page.text
    assert Realisation.objects.get().amount == Decimal("160000000")


def test_a_dossier_not_yet_approved_takes_no_realisation(
    client_for, focal_a, dossier_a
):
    response = post_realisation(client_for(focal_a), dossier_a)
    assert response.status_code == 200
    assert "setelah dokumen PPRG disetujui" in response.text
    assert not Realisation.objects.exists()


# --- a budget change (perubahan) on an approved dossier's line ---------------------


def line_form(line, **over):
    values = {
        "year": line.year,
        "program_code": line.program_code,
        "program_name": line.program_name,
        "kegiatan_code": line.kegiatan_code,
        "kegiatan_name": line.kegiatan_name,
        "sub_kegiatan_code": line.sub_kegiatan_code,
        "sub_kegiatan_name": line.sub_kegiatan_name,
        "pagu": str(int(line.pagu)),
        "realisasi": "",
        "is_arg": "on",
        "arg_category": line.arg_category,
        **over,
    }
    return values


def test_a_perubahan_pagu_updates_an_approved_line_and_the_gbs_warns(
    client_for, focal_a, approved_a
):
    from pypdf import PdfReader

    line = approved_a.budget_line
    client = client_for(focal_a)
    url = reverse("evaluations:budget_line_update", args=[line.pk])
    response = client.post(url, line_form(line, pagu="175000000"))
    assert response.status_code == 302
    line.refresh_from_db()
    approved_a.refresh_from_db()
    assert line.pagu == Decimal("175000000")
    assert approved_a.status == Status.APPROVED  # not reopened
    assert ActivityLog.objects.filter(action="budget_line.perubahan").count() == 1

    warning = "berbeda dari pagu sub kegiatan (Rp\xa0175.000.000)"
    page = client.get(approved_a.get_absolute_url())
    assert warning in page.content.decode()
    pdf = client.get(
        reverse("evaluations:dossier_document", args=[approved_a.pk, "gbs"])
    )
    text = "".join(
        "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages
        ).split()
    )
    assert "berbedadaripagusubkegiatan(Rp175.000.000)" in text


def test_other_fields_of_an_approved_line_stay_locked(client_for, focal_a, approved_a):
    line = approved_a.budget_line
    url = reverse("evaluations:budget_line_update", args=[line.pk])
    response = client_for(focal_a).post(
        url, line_form(line, pagu="175000000", sub_kegiatan_name="Nama lain")
    )
    assert response.status_code == 200
    assert "hanya pagu (perubahan anggaran)" in response.text
    line.refresh_from_db()
    assert line.pagu == Decimal("150000000") and line.sub_kegiatan_name != "Nama lain"


def test_the_approved_dossier_page_reads_its_realisation_in_one_query(
    client_for, focal_a, approved_a
):
    """The same number of queries with one quarter recorded as with four."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(focal_a)
    url = approved_a.get_absolute_url()
    counts = []
    for quarters in ((1,), (2, 3, 4)):
        for quarter in quarters:
            post_realisation(client, approved_a, quarter=quarter, amount="1000")
        client.get(url)  # warm the content-type cache, as a running server has it
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.text.count("Triwulan ") >= len(quarters)
        counts.append(len(queries))
    assert Realisation.objects.count() == 4
    assert counts[0] == counts[1]


def test_the_units_year_page_carries_the_form_for_staff_only(
    client_for, reviewer, focal_a, unit_a, cycle
):
    url = reverse("evaluations:unit_dashboard", args=[unit_a.pk]) + "?year=2026"
    action = reverse("evaluations:total_belanja", args=[unit_a.pk]) + "?year=2026"
    staff = client_for(reviewer).get(url)
    form = staff.context["total_form"]
    assert form.initial == {"year": 2026, "phase": "MURNI", "total": None}
    assert f'action="{action}"' in staff.text
    assert 'name="total"' in staff.text
    # posted from there with a zero: the form page shows the message next to it
    response = client_for(reviewer).post(
        action, {"year": 2026, "phase": "MURNI", "total": "0"}
    )
    assert "Total belanja harus lebih dari nol" in response.text
    # the unit's focal point sees the figure only
    own = client_for(focal_a).get(url)
    assert own.context["total_form"] is None and 'name="total"' not in own.text


def test_the_realisation_page_of_a_dossier_not_approved_says_so_at_once(
    client_for, focal_a, dossier_a
):
    url = reverse("evaluations:realisation_record", args=[dossier_a.pk])
    page = client_for(focal_a).get(url)
    assert page.status_code == 200
    assert "setelah dokumen PPRG disetujui verifikator" in page.text
