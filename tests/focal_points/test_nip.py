"""NIP as officials check it: 18 digits, spaces accepted and removed, printed
grouped; digit 15 is the sex code and must agree with the chosen sex. One field
(`pug_portal.nip.NipField`) in every form and importer that takes a NIP."""

import io

import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.forms.dossiers import DossierForm
from focal_points.forms.events import AttendanceAddForm, AttendanceImportForm
from focal_points.forms.registry import (
    AppointmentForm,
    AppointmentImportForm,
    UnitForm,
    UnitImportForm,
)
from focal_points.models import FocalPointAppointment, Person
from pug_portal.nip import NipField, format_nip, nip_sex, nip_sex_error
from tests.factories import AppointmentFactory, DecreeFactory, PersonFactory
from tests.focal_points.test_import_appointments import (  # noqa: F401
    decree_a,
    errors_of,
    preview,
    row,
)

GROUPED = "19680512 199703 2 004"
DIGITS = "196805121997032004"


def clean(value, **kwargs):
    return NipField(**kwargs).clean(value)


def test_spaces_are_accepted_and_removed():
    assert clean(GROUPED) == DIGITS
    assert clean(" 19680512199703 2004 ") == DIGITS
    assert clean("'196805121997032004") == DIGITS  # as a spreadsheet keeps text
    assert clean("") == ""
    assert clean("", empty_value=None) is None


@pytest.mark.parametrize(
    "value,message",
    [
        (
            "1968051219970320",
            "NIP harus 18 angka (spasi boleh, misalnya 19680512 199703 2 004); yang "
            "diisi 16 karakter.",
        ),
        (
            "19680512 199703 2 00A",
            "NIP harus 18 angka (spasi boleh, misalnya 19680512 199703 2 004); yang "
            "diisi 18 karakter.",
        ),
        (
            "19680512 199703 3 004",
            "Angka ke-15 NIP adalah kode jenis kelamin dan harus 1 (laki-laki) atau 2 "
            "(perempuan), bukan 3.",
        ),
    ],
)
def test_a_malformed_nip_is_refused_with_what_is_wrong(value, message):
    with pytest.raises(forms.ValidationError) as error:
        clean(value)
    assert error.value.messages == [message]


def test_it_is_printed_grouped():
    assert format_nip(DIGITS) == GROUPED
    assert format_nip(None) == "" and format_nip("12") == "12"


def test_digit_15_is_the_sex_code():
    assert nip_sex(DIGITS) == "P"
    assert nip_sex("197203151999031005") == "L"
    assert nip_sex_error(DIGITS, "P") is None
    assert nip_sex_error(DIGITS, "L") == (
        "NIP ini milik perempuan (angka ke-15 = 2), tetapi jenis kelamin yang "
        "dipilih laki-laki. Periksa NIP atau jenis kelaminnya."
    )


@pytest.mark.parametrize(
    "form_class,field",
    [
        (AppointmentForm, "nip"),
        (AppointmentImportForm, "nip"),
        (AttendanceAddForm, "nip"),
        (AttendanceImportForm, "nip"),
        (UnitForm, "head_nip"),
        (UnitImportForm, "head_nip"),
        (DossierForm, "kak_pic_nip"),
    ],
)
def test_every_form_that_takes_a_nip_uses_the_one_field(form_class, field):
    assert isinstance(form_class.base_fields[field], NipField)


def _appoint(client, unit, **over):
    decree = DecreeFactory(unit=unit)
    data = {
        "name": "Rina Marlina",
        "nip": GROUPED,
        "sex": "P",
        "team_role": "ANGGOTA",
        "decree": decree.pk,
        "start_date": "2026-02-01",
    } | over
    return client.post(reverse("focal_points:appointment_create", args=[unit.pk]), data)


def test_the_grouped_nip_is_stored_as_digits_and_shown_grouped(
    reviewer, unit_a, client_for
):
    client = client_for(reviewer)
    response = _appoint(client, unit_a)
    assert response.status_code == 302
    assert Person.objects.get().nip == DIGITS
    appointment = FocalPointAppointment.objects.get()
    page = client.get(appointment.get_absolute_url()).content.decode()
    assert GROUPED in page


def test_a_nip_contradicting_the_sex_is_refused_next_to_the_field(
    reviewer, unit_a, client_for
):
    response = _appoint(client_for(reviewer), unit_a, sex="L")
    assert response.status_code == 200
    assert response.context["form"].errors["nip"] == [
        "NIP ini milik perempuan (angka ke-15 = 2), tetapi jenis kelamin yang "
        "dipilih laki-laki. Periksa NIP atau jenis kelaminnya."
    ]
    assert "is-invalid" in response.content.decode()
    assert not Person.objects.exists()


def test_the_import_refuses_a_row_whose_nip_contradicts_its_sex(
    reviewer,
    decree_a,  # noqa: F811
):
    shown = preview(reviewer, row(nip="19850101 201001 2 001", jenis_kelamin="L"))
    assert errors_of(shown)[(2, "nip")] == (
        "NIP ini milik perempuan (angka ke-15 = 2), tetapi jenis kelamin yang "
        "dipilih laki-laki. Periksa NIP atau jenis kelaminnya."
    )


def test_the_import_accepts_a_grouped_nip(reviewer, decree_a):  # noqa: F811
    shown = preview(reviewer, row(nip="19850101 201001 2 001"))
    assert not shown.errors


def test_the_directory_workbook_prints_the_nip_grouped(reviewer, unit_a, client_for):
    AppointmentFactory(unit=unit_a, person=PersonFactory(nip=DIGITS))
    url = reverse("report_download", args=["direktori-focal-point", "xlsx"])
    response = client_for(reviewer).get(url)
    assert response.status_code == 200
    values = [
        c.value
        for ws in load_workbook(io.BytesIO(response.content)).worksheets
        for r in ws.iter_rows()
        for c in r
    ]
    assert GROUPED in values
