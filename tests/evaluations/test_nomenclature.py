"""Budget codes checked as officials would: the Kepmendagri 050-5889/2021
nomenclature ships as a versioned reference table; a line's codes are checked
against their hierarchy and the table, with a warning, never a refusal."""

import pytest
from django.urls import reverse

from evaluations.models import BudgetLine, NomenclatureEntry
from evaluations.services.budget import budget_line_create

VERSION = "Kepmendagri 050-5889/2021"
LINE = {
    "year": 2026,
    "program_code": "2.08.02",
    "program_name": "Program Pengarusutamaan Gender dan Pemberdayaan Perempuan",
    "kegiatan_code": "2.08.02.2.01",
    "kegiatan_name": "Pelembagaan PUG",
    "sub_kegiatan_code": "2.08.02.2.01.0001",
    "sub_kegiatan_name": "Koordinasi dan Sinkronisasi Perumusan Kebijakan",
    "pagu": 100_000_000,
    "is_arg": False,
    "arg_category": "",
}


@pytest.mark.django_db
def test_the_table_ships_urusan_2_08_and_the_demo_codes():
    entries = NomenclatureEntry.objects.filter(version=VERSION)
    sub = entries.get(code="2.08.02.2.01.0001")
    assert sub.level == "SUB_KEGIATAN" and sub.first_year == 2022
    assert sub.indicator and sub.unit_of_measure == "Dokumen"
    assert {f"2.08.0{n}" for n in range(1, 8)} <= set(
        entries.filter(level="PROGRAM").values_list("code", flat=True)
    )
    setu = entries.get(code="7.01.03")
    assert setu.name == "Program Pemberdayaan Masyarakat Desa dan Kelurahan"
    assert not entries.filter(code="7.01.04").exists()


def test_a_line_in_the_table_with_a_sound_hierarchy_has_no_warning(
    focal_a, unit_a, cycle
):
    line = budget_line_create(by=focal_a, unit=unit_a, data=LINE)
    assert line.code_warnings() == []


def test_a_kegiatan_outside_its_program_is_kept_with_a_warning(focal_a, unit_a, cycle):
    line = budget_line_create(
        by=focal_a, unit=unit_a, data={**LINE, "kegiatan_code": "2.08.03.2.01"}
    )
    stored = BudgetLine.objects.get(pk=line.pk)
    assert stored.kegiatan_code == "2.08.03.2.01"  # raw text kept
    assert (
        "Kode kegiatan “2.08.03.2.01” tidak diawali kode program “2.08.02”; "
        "periksa kembali."
    ) in stored.code_warnings()
    assert (
        "Kode sub kegiatan “2.08.02.2.01.0001” tidak diawali kode kegiatan "
        "“2.08.03.2.01”; periksa kembali."
    ) in stored.code_warnings()


def test_the_kab_kota_digit_is_checked(focal_a, unit_a, cycle):
    line = BudgetLine(
        **{
            **LINE,
            "kegiatan_code": "2.08.02.1.01",
            "sub_kegiatan_code": "2.08.02.1.01.0001",
        }
    )
    assert (
        "Angka ke-4 kode kegiatan “2.08.02.1.01” adalah 1; untuk kabupaten/kota "
        "seharusnya 2."
    ) in line.code_warnings()


def test_a_code_missing_from_the_table_warns_with_the_version(db):
    line = BudgetLine(**{**LINE, "sub_kegiatan_code": "2.08.02.2.01.0099"})
    assert line.code_warnings() == [
        "Kode sub kegiatan “2.08.02.2.01.0099” tidak ditemukan dalam nomenklatur "
        "Kepmendagri 050-5889/2021; teks disimpan apa adanya, periksa kembali."
    ]


def test_a_year_before_the_table_is_checked_for_its_hierarchy_only(db):
    line = BudgetLine(**{**LINE, "year": 2021, "sub_kegiatan_code": "2.08.02.2.01.01"})
    assert line.code_warnings() == []


def test_the_page_shows_the_warning_next_to_the_saved_line(
    focal_a, unit_a, cycle, client_for
):
    data = {**LINE, "unit": unit_a.pk, "kegiatan_code": "2.08.03.2.01"}
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    response = client_for(focal_a).post(
        reverse("evaluations:budget_line_create"), data, follow=True
    )
    assert response.status_code == 200
    assert "tidak diawali kode program" in response.content.decode()
    assert BudgetLine.objects.filter(kegiatan_code="2.08.03.2.01").exists()
