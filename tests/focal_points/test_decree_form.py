"""The decree form: an SK Pokja PUG is the Wali Kota's — a blank "ditetapkan oleh"
becomes the Wali Kota on the server (the page's script only shows it sooner), any
other issuer or a unit is refused next to its field; other types still need one."""

import datetime
import json

import pytest
from django.urls import reverse

from focal_points.models import Decree, IssuerType

pytestmark = pytest.mark.django_db

BASE = {
    "number": "100.3.3.2/Kep.12-Huk/2026",
    "date": "2026-01-12",
    "title": "Kelompok Kerja Pengarusutamaan Gender",
    "fiscal_year": "2026",
    "valid_from": "2026-01-12",
}


def post(client, **data):
    return client.post(reverse("focal_points:decree_create"), {**BASE, **data})


def test_a_blank_issuer_of_an_sk_pokja_becomes_the_wali_kota(client_for, reviewer):
    response = post(client_for(reviewer), decree_type="POKJA", issuer_type="")
    assert response.status_code == 302
    decree = Decree.objects.get()
    assert (decree.decree_type, decree.issuer_type) == ("POKJA", IssuerType.WALI_KOTA)
    assert decree.unit is None and decree.valid_from == datetime.date(2026, 1, 12)


def test_an_sk_pokja_by_another_issuer_or_for_a_unit_is_refused(
    client_for, reviewer, unit_a
):
    response = post(
        client_for(reviewer),
        decree_type="POKJA",
        issuer_type=IssuerType.KEPALA_PD,
        unit=unit_a.pk,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Wali Kota" in errors["issuer_type"][0]
    assert "seluruh kota" in errors["unit"][0]
    assert not Decree.objects.exists()


def test_other_types_still_need_an_issuer(client_for, reviewer, unit_a):
    response = post(
        client_for(reviewer), decree_type="FOCAL_POINT", issuer_type="", unit=unit_a.pk
    )
    assert response.status_code == 200
    assert "issuer_type" in response.context["form"].errors
    assert not Decree.objects.exists()


def test_the_form_names_the_city_and_carries_the_preset_for_the_script(
    client_for, reviewer
):
    response = client_for(reviewer).get(reverse("focal_points:decree_create"))
    form = response.context["form"]
    assert dict(form.fields["issuer_type"].choices)[IssuerType.WALI_KOTA] == (
        "Wali Kota Tangerang Selatan"
    )
    presets = json.loads(form.fields["decree_type"].widget.attrs["data-presets"])
    assert presets == {"POKJA": {"issuer_type": "WALI_KOTA", "unit": ""}}
    assert "data-presets" in response.content.decode()


def test_the_decree_page_names_the_wali_kota_of_the_city(client_for, reviewer):
    post(client_for(reviewer), decree_type="POKJA", issuer_type="")
    page = client_for(reviewer).get(Decree.objects.get().get_absolute_url())
    assert "Wali Kota Tangerang Selatan" in page.content.decode()
