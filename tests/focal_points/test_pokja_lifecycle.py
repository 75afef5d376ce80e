"""A Pokja PUG membership's lifecycle: correct, end (last day + reason, the row
kept as history), hand a role to another person (old ends the day before, new
starts, one transaction); the Pokja as of 31 December of a past year counts the
members of that day; refused on a focal-point SK; members suggested from the unit
heads."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from focal_points.models import (
    DecreeType,
    IssuerType,
    PokjaMembership,
    PokjaRole,
    UnitType,
    fiscal_year_bounds,
)
from focal_points.services import pokja as pokja_services
from focal_points.services import registry as services
from pug_portal.models import ActivityLog
from tests.factories import AppointmentFactory, DecreeFactory, UnitFactory

D = datetime.date
pytestmark = pytest.mark.django_db

KETUA_LAMA = {"name": "Ketua Lama", "nip": "197001011995031001", "sex": "L"}
KETUA_BARU = {"name": "Ketua Baru", "nip": "197502022000032002", "sex": "P"}
ANGGOTA = {"name": "Anggota Satu", "nip": "198001012005011003", "sex": "L"}


def pokja_decree(**kwargs):
    return DecreeFactory(
        decree_type=DecreeType.POKJA,
        issuer_type=IssuerType.WALI_KOTA,
        unit=None,
        title="tentang Kelompok Kerja PUG",
        date=D(2024, 1, 10),
        fiscal_year=2024,
        valid_from=D(2024, 1, 10),
        **kwargs,
    )


def member(admin, decree, person=KETUA_LAMA, role=PokjaRole.KETUA, **kwargs):
    return services.pokja_member_create(
        by=admin,
        decree=decree,
        person_data=person,
        pokja_role=role,
        start_date=kwargs.pop("start_date", decree.valid_from),
        **kwargs,
    )


def year_end_members(year: int):
    """The Pokja as a figure of `year` reads it: members on 31 December."""
    return sorted(
        (m.pokja_role, m.person.name)
        for m in PokjaMembership.objects.current(fiscal_year_bounds(year)[1])
    )


def test_end_keeps_history_and_past_years_count_the_members_of_31_december(admin):
    decree = pokja_decree()
    ketua = member(admin, decree)
    member(admin, decree, ANGGOTA, PokjaRole.ANGGOTA)
    pokja_services.pokja_member_end(
        member=ketua, by=admin, on=D(2025, 3, 31), reason="Pensiun"
    )
    ketua.refresh_from_db()
    assert (ketua.end_date, ketua.end_reason) == (D(2025, 3, 31), "Pensiun")
    assert year_end_members(2024) == [
        ("ANGGOTA", "Anggota Satu"),
        ("KETUA", "Ketua Lama"),
    ]
    assert year_end_members(2025) == [("ANGGOTA", "Anggota Satu")]
    entry = ActivityLog.objects.get(action="pokja.member_end")
    assert entry.data["reason"] == "Pensiun"


def test_transfer_ends_the_old_and_starts_the_new_in_one_go(admin):
    decree = pokja_decree()
    ketua = member(admin, decree)
    successor = pokja_services.pokja_member_transfer(
        member=ketua, by=admin, person_data=KETUA_BARU, on=D(2025, 7, 1)
    )
    ketua.refresh_from_db()
    assert ketua.end_date == D(2025, 6, 30)
    assert ketua.end_reason == "Dialihkan kepada Ketua Baru"
    assert (successor.pokja_role, successor.start_date, successor.end_date) == (
        PokjaRole.KETUA,
        D(2025, 7, 1),
        None,
    )
    assert successor.decree == decree and successor.person.sex == "P"
    assert year_end_members(2024) == [("KETUA", "Ketua Lama")]
    assert year_end_members(2025) == [("KETUA", "Ketua Baru")]
    assert ActivityLog.objects.filter(action="pokja.member_transfer").count() == 1


def test_a_failed_transfer_changes_nothing(admin):
    decree = pokja_decree()
    ketua = member(admin, decree)
    with (
        mock.patch(
            "focal_points.services.pokja.full_clean",
            side_effect=ValidationError({"start_date": "x"}),
        ),
        pytest.raises(ValidationError),
    ):
        pokja_services.pokja_member_transfer(
            member=ketua, by=admin, person_data=KETUA_BARU, on=D(2025, 7, 1)
        )
    ketua.refresh_from_db()
    assert ketua.end_date is None and ketua.end_reason == ""
    assert PokjaMembership.objects.count() == 1


@pytest.mark.parametrize(
    ("on", "reason", "field", "message"),
    [
        (D(2024, 1, 9), "Pensiun", "on", "sebelum tanggal mulai"),
        (D(2025, 1, 9), "  ", "reason", "alasan"),
    ],
)
def test_end_refuses_bad_input(admin, on, reason, field, message):
    ketua = member(admin, pokja_decree())
    with pytest.raises(ValidationError) as error:
        pokja_services.pokja_member_end(member=ketua, by=admin, on=on, reason=reason)
    assert message in error.value.message_dict[field][0]
    ketua.refresh_from_db()
    assert ketua.end_date is None


def test_a_second_ketua_at_the_same_time_is_refused_anggota_are_many(admin):
    decree = pokja_decree()
    member(admin, decree)
    with pytest.raises(ValidationError) as error:
        member(admin, decree, KETUA_BARU, start_date=D(2024, 6, 1))
    assert "sudah dijabat Ketua Lama" in error.value.message_dict["pokja_role"][0]
    member(admin, decree, ANGGOTA, PokjaRole.ANGGOTA)
    member(admin, decree, KETUA_BARU, PokjaRole.ANGGOTA)
    assert PokjaMembership.objects.count() == 3


def test_an_edit_into_an_occupied_role_or_before_the_sk_is_refused(admin):
    decree = pokja_decree()
    member(admin, decree)
    anggota = member(admin, decree, ANGGOTA, PokjaRole.ANGGOTA)
    with pytest.raises(ValidationError) as error:
        pokja_services.pokja_member_update(
            member=anggota, by=admin, data={"pokja_role": PokjaRole.KETUA}
        )
    assert "pokja_role" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        pokja_services.pokja_member_update(
            member=anggota, by=admin, data={"start_date": D(2023, 12, 1)}
        )
    assert "start_date" in error.value.message_dict
    anggota.refresh_from_db()
    assert (anggota.pokja_role, anggota.start_date) == ("ANGGOTA", D(2024, 1, 10))
    pokja_services.pokja_member_update(
        member=anggota, by=admin, data={"pokja_role": PokjaRole.SEKRETARIS}
    )
    anggota.refresh_from_db()
    assert anggota.pokja_role == PokjaRole.SEKRETARIS


def test_transfer_refuses_the_same_person_and_a_day_before_the_start(admin):
    ketua = member(admin, pokja_decree())
    with pytest.raises(ValidationError) as error:
        pokja_services.pokja_member_transfer(
            member=ketua, by=admin, person_data=KETUA_LAMA, on=D(2025, 1, 1)
        )
    assert "orang lain" in error.value.message_dict["nip"][0]
    with pytest.raises(ValidationError) as error:
        pokja_services.pokja_member_transfer(
            member=ketua, by=admin, person_data=KETUA_BARU, on=D(2024, 1, 10)
        )
    assert "on" in error.value.message_dict
    assert PokjaMembership.objects.count() == 1


def test_the_lifecycle_refuses_a_membership_under_a_focal_point_sk(admin):
    ketua = member(admin, pokja_decree())
    # a corrupt row (services never make one): under a focal-point SK
    focal_sk = AppointmentFactory().decree
    PokjaMembership.objects.filter(pk=ketua.pk).update(decree=focal_sk)
    ketua.refresh_from_db()
    for call in (
        lambda: pokja_services.pokja_member_end(
            member=ketua, by=admin, on=D(2025, 1, 1), reason="x"
        ),
        lambda: pokja_services.pokja_member_update(
            member=ketua, by=admin, data={"position": "x"}
        ),
        lambda: pokja_services.pokja_member_transfer(
            member=ketua, by=admin, person_data=KETUA_BARU, on=D(2025, 1, 1)
        ),
    ):
        with pytest.raises(ValidationError) as error:
            call()
        assert "bukan SK Pokja PUG" in " ".join(error.value.messages)


def test_pages_end_and_transfer_a_member(client_for, reviewer, admin):
    decree = pokja_decree()
    ketua = member(admin, decree)
    client = client_for(reviewer)
    page = client.get(decree.get_absolute_url()).content.decode()
    assert reverse("focal_points:pokja_member_transfer", args=[ketua.pk]) in page
    url = reverse("focal_points:pokja_member_end", args=[ketua.pk])
    bad = client.post(url, {"on": "2023-01-01", "reason": "Pensiun"})
    assert bad.status_code == 200 and "on" in bad.context["form"].errors
    response = client.post(url, {"on": "2025-03-31", "reason": "Pensiun"})
    assert response.status_code == 302
    assert response["Location"] == decree.get_absolute_url()
    page = client.get(decree.get_absolute_url()).content.decode()
    assert "Berakhir: Pensiun" in page and "Ketua Lama" in page

    anggota = member(admin, decree, ANGGOTA, PokjaRole.ANGGOTA)
    url = reverse("focal_points:pokja_member_transfer", args=[anggota.pk])
    response = client.post(
        url, {**KETUA_BARU, "on": "2025-08-01", "reason": "Mutasi jabatan"}
    )
    assert response.status_code == 302
    assert year_end_members(2025) == [("ANGGOTA", "Ketua Baru")]


def test_the_add_page_suggests_the_heads(client_for, reviewer):
    bappeda = UnitFactory(
        short_name="Bappelitbangda",
        unit_type=UnitType.BADAN,
        is_planning_agency=True,
        head_name="Kepala Bappeda",
        head_nip="197001011995031001",
    )
    UnitFactory(
        short_name="DPMPPPAKB",
        is_coordinator=True,
        head_name="Kepala DPMPPPAKB",
        head_nip="197501012000032002",
    )
    dinkes = UnitFactory(
        short_name="Dinkes", head_name="Kepala Dinkes", head_nip="198001012005011003"
    )
    decree = pokja_decree()
    url = reverse("focal_points:pokja_member_add", args=[decree.pk])
    client = client_for(reviewer)
    # without the script: ?role= and ?unit= fill the form
    form = client.get(url, {"role": "KETUA"}).context["form"]
    assert (form.initial["name"], form.initial["unit"]) == (
        "Kepala Bappeda",
        bappeda.pk,
    )
    assert form.initial["sex"] == "L"
    form = client.get(url, {"role": "SEKRETARIS"}).context["form"]
    assert (form.initial["name"], form.initial["sex"]) == ("Kepala DPMPPPAKB", "P")
    form = client.get(url, {"unit": dinkes.pk}).context["form"]
    assert form.initial["name"] == "Kepala Dinkes"
    # with it: the same suggestions, which the user may change
    page = client.get(url).content.decode()
    assert "data-presets" in page and "Kepala Dinkes" in page


def test_adding_a_pokja_member_under_a_focal_point_sk_explains_on_the_sk_page(
    client_for, reviewer, focal_a, planner
):
    other = DecreeFactory(number="800/7/DINKES/2026")
    url = reverse("focal_points:pokja_member_add", args=[other.pk])
    client = client_for(reviewer)
    response = client.get(url, follow=True)
    assert response.redirect_chain == [(other.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "Anggota Pokja PUG hanya dapat ditambahkan pada SK Pokja PUG." in page
    assert "800/7/DINKES/2026" in page
    # the page offers no way to add one
    assert url not in page
    # a form posted anyway saves nothing
    response = client.post(
        url,
        {
            "name": "Sekretaris Daerah",
            "nip": "196901011990031001",
            "sex": "L",
            "pokja_role": "PENGARAH",
            "start_date": "2026-01-13",
        },
    )
    assert response.status_code == 302
    assert not PokjaMembership.objects.exists()
    # the access rules come first: another unit's SK → 404, a reader → 403
    assert client_for(focal_a).get(url).status_code == 404
    assert client_for(planner).get(url).status_code == 403
