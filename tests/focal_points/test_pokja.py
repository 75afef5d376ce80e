"""Decree types and the Pokja PUG: an SK Pokja PUG never makes anyone a unit's focal
point (access, coverage, figures), and an SK Tim Focal Point PUG never makes anyone a
Pokja member."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from focal_points.models import (
    DecreeType,
    FocalPointAppointment,
    IssuerType,
    PokjaMembership,
    PokjaRole,
    Unit,
    UnitType,
)
from focal_points.services import registry as services
from pug_portal.models import Role
from tests.factories import (
    AppointmentFactory,
    DecreeFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)

D = datetime.date


def pokja_decree(**kwargs):
    return DecreeFactory(
        decree_type=DecreeType.POKJA,
        issuer_type=IssuerType.WALI_KOTA,
        unit=None,
        title="tentang Kelompok Kerja PUG",
        **kwargs,
    )


PERSON = {"name": "Siti Aminah", "nip": "198001012005012001", "sex": "P"}


@pytest.mark.django_db
def test_an_appointment_under_an_sk_pokja_gives_no_access_nor_coverage(frozen_today):
    # Written straight to the table (services refuse it): the rules still ignore it.
    unit = UnitFactory()
    user = UserFactory(role=Role.FOCAL_POINT)
    person = PersonFactory(user=user)
    appointment = AppointmentFactory(
        person=person, unit=unit, decree=pokja_decree(), start_date=D(2026, 1, 5)
    )
    assert not FocalPointAppointment.objects.current().exists()
    assert not FocalPointAppointment.objects.covering_year(2026).exists()
    assert not appointment.is_current()
    assert list(Unit.objects.visible_to(user)) == []
    assert not Unit.objects.with_year_focal_point(2026).get().has_year_focal_point
    assert not Unit.objects.with_focal_point_status().get().has_valid_focal_point


@pytest.mark.django_db
def test_the_same_appointment_under_an_sk_focal_point_does(frozen_today):
    unit = UnitFactory()
    user = UserFactory(role=Role.FOCAL_POINT)
    AppointmentFactory(person=PersonFactory(user=user), unit=unit)
    assert list(Unit.objects.visible_to(user)) == [unit]
    assert Unit.objects.with_year_focal_point(2026).get().has_year_focal_point


@pytest.mark.django_db
def test_services_refuse_a_focal_point_under_an_sk_pokja(admin, unit_a):
    with pytest.raises(ValidationError) as error:
        services.appointment_create(
            by=admin,
            unit=unit_a,
            decree=pokja_decree(),
            person_data=PERSON,
            team_role="ANGGOTA",
            start_date=D(2026, 2, 1),
        )
    assert "bukan SK Tim Focal Point PUG" in error.value.message_dict["decree"][0]
    assert not FocalPointAppointment.objects.exists()
    # nothing half-saved: the person was not created either
    assert not PokjaMembership.objects.exists()


@pytest.mark.django_db
def test_transfer_refuses_an_sk_pokja(admin, unit_a, unit_b):
    appointment = AppointmentFactory(unit=unit_a)
    with pytest.raises(ValidationError) as error:
        services.appointment_transfer(
            appointment=appointment,
            by=admin,
            to_unit=unit_b,
            decree=pokja_decree(),
            on=D(2026, 3, 1),
            team_role="ANGGOTA",
        )
    assert "decree" in error.value.message_dict


@pytest.mark.django_db
def test_an_sk_focal_point_never_makes_a_pokja_member(admin, unit_a):
    decree = DecreeFactory(unit=unit_a)
    with pytest.raises(ValidationError) as error:
        services.pokja_member_create(
            by=admin,
            decree=decree,
            person_data=PERSON,
            pokja_role=PokjaRole.ANGGOTA,
            start_date=D(2026, 2, 1),
        )
    assert error.value.message_dict["decree"] == [
        "Anggota Pokja PUG hanya ditetapkan dengan SK Pokja PUG."
    ]
    assert not PokjaMembership.objects.exists()


@pytest.mark.django_db
def test_a_pokja_member_shares_the_person_but_gets_no_unit(admin, frozen_today):
    focal = AppointmentFactory(person__nip=PERSON["nip"], person__name="Siti")
    user = UserFactory(role=Role.FOCAL_POINT)
    member = services.pokja_member_create(
        by=admin,
        decree=pokja_decree(),
        person_data=PERSON,
        pokja_role=PokjaRole.SEKRETARIS,
        start_date=D(2026, 2, 1),
    )
    # the same Person row: one history of appointments and memberships
    assert member.person == focal.person
    assert PokjaMembership.objects.current().get() == member
    assert FocalPointAppointment.objects.count() == 1
    focal.person.user = user
    focal.person.save()
    assert list(Unit.objects.visible_to(user)) == [focal.unit]


@pytest.mark.django_db
def test_a_member_twice_under_one_sk_is_refused(admin):
    decree = pokja_decree()
    kwargs = {
        "by": admin,
        "decree": decree,
        "person_data": PERSON,
        "pokja_role": PokjaRole.ANGGOTA,
        "start_date": D(2026, 2, 1),
    }
    services.pokja_member_create(**kwargs)
    with pytest.raises(ValidationError) as error:
        services.pokja_member_create(**kwargs)
    assert "sudah menjadi Anggota Pokja PUG" in error.value.message_dict["nip"][0]


@pytest.mark.django_db
def test_an_sk_pokja_is_the_mayors_and_the_citys(admin, unit_a):
    with pytest.raises(ValidationError) as error:
        services.decree_create(
            by=admin,
            data={
                "decree_type": DecreeType.POKJA,
                "number": "800/1/2026",
                "date": D(2026, 1, 2),
                "title": "Pokja PUG",
                "issuer_type": IssuerType.KEPALA_PD,
                "unit": unit_a,
                "fiscal_year": 2026,
                "valid_from": D(2026, 1, 2),
            },
        )
    assert set(error.value.message_dict) == {"issuer_type", "unit"}


@pytest.mark.django_db
def test_a_decree_that_appointed_keeps_its_type(admin):
    appointment = AppointmentFactory()
    with pytest.raises(ValidationError) as error:
        services.decree_update(
            decree=appointment.decree,
            by=admin,
            data={"decree_type": DecreeType.OTHER},
        )
    assert "decree_type" in error.value.message_dict
    appointment.decree.refresh_from_db()
    assert appointment.decree.decree_type == DecreeType.FOCAL_POINT


@pytest.mark.django_db
def test_default_members_are_the_unit_heads(admin):
    UnitFactory(
        name="Bappelitbangda",
        short_name="Bappelitbangda",
        unit_type=UnitType.BADAN,
        is_planning_agency=True,
        head_name="Ketua Bappeda",
        head_nip="197001011995031001",
    )
    UnitFactory(
        name="DPMPPPAKB",
        short_name="DPMPPPAKB",
        is_coordinator=True,
        head_name="Kepala DP3AKB",
        head_nip="197501012000032002",
    )
    UnitFactory(
        name="Dinas Kesehatan",
        short_name="Dinkes",
        head_name="Kepala Dinkes",
        head_nip="198001012005011003",
    )
    UnitFactory(short_name="no-head")  # no head recorded: left out
    decree = pokja_decree()
    created = services.pokja_fill_from_unit_heads(by=admin, decree=decree)
    assert [(m.pokja_role, m.person.name, m.person.sex) for m in created] == [
        (PokjaRole.KETUA, "Ketua Bappeda", "L"),
        (PokjaRole.SEKRETARIS, "Kepala DP3AKB", "P"),
        (PokjaRole.ANGGOTA, "Kepala Dinkes", "L"),
    ]
    assert {m.start_date for m in created} == {decree.valid_from}
    # filling again adds nobody
    assert services.pokja_fill_from_unit_heads(by=admin, decree=decree) == []
    assert not FocalPointAppointment.objects.exists()


@pytest.mark.django_db
def test_fill_page_and_detail(client_for, reviewer, focal_a):
    UnitFactory(
        short_name="Bappeda",
        is_planning_agency=True,
        head_name="Ketua Bappeda",
        head_nip="197001011995031001",
    )
    decree = pokja_decree()
    url = reverse("focal_points:pokja_fill", args=[decree.pk])
    # a focal point does not see the city's SK Pokja at all
    assert client_for(focal_a).post(url).status_code == 404
    response = client_for(reviewer).post(url, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 anggota Pokja PUG ditetapkan." in page
    assert "Ketua Bappeda" in page and "SK Pokja PUG" in page


@pytest.mark.django_db
def test_the_appointment_form_offers_no_sk_pokja(admin, unit_a, frozen_today):
    from focal_points.forms.registry import AppointmentForm

    own = DecreeFactory(unit=unit_a)
    pokja_decree()
    form = AppointmentForm(unit=unit_a)
    assert list(form.fields["decree"].queryset) == [own]


@pytest.mark.django_db
def test_add_a_pengarah_by_hand(client_for, reviewer):
    decree = pokja_decree()
    url = reverse("focal_points:pokja_member_add", args=[decree.pk])
    data = {
        "name": "Sekretaris Daerah",
        "nip": "196901011990031001",
        "sex": "P",  # the NIP says L: refused next to the NIP, nothing saved
        "pokja_role": "PENGARAH",
        "start_date": "2026-01-13",
    }
    response = client_for(reviewer).post(url, data)
    assert response.status_code == 200
    assert "nip" in response.context["form"].errors
    assert not PokjaMembership.objects.exists()
    response = client_for(reviewer).post(url, {**data, "sex": "L"})
    assert response.status_code == 302
    member = PokjaMembership.objects.get()
    assert (member.pokja_role, member.person.sex) == (PokjaRole.PENGARAH, "L")
    # a focal-point SK has no Pokja page: back to the SK (see test_pokja_lifecycle)
    other = DecreeFactory()
    response = client_for(reviewer).get(
        reverse("focal_points:pokja_member_add", args=[other.pk])
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_decree_list_tells_the_types_apart(client_for, reviewer):
    pokja_decree(number="100.3.3.2/Kep.12-Huk/2026")
    DecreeFactory(number="800/7/DINKES/2026")
    url = reverse("focal_points:decree_list")
    page = client_for(reviewer).get(url).content.decode()
    assert "<h1" in page and "Surat Keputusan (SK)</h1>" in page
    # the type is a column of its own, in words
    assert "<td>SK Pokja PUG</td>" in page and "<td>SK Tim Focal Point PUG</td>" in page
    assert "seluruh kota" in page
    only_pokja = client_for(reviewer).get(url, {"decree_type": "POKJA"})
    numbers = [d.number for d in only_pokja.context["page"]]
    assert numbers == ["100.3.3.2/Kep.12-Huk/2026"]


@pytest.mark.django_db
def test_the_appointment_page_shows_the_persons_pokja_membership(
    admin, client_for, reviewer, focal_a
):
    appointment = focal_a.person.appointments.get()
    decree = pokja_decree(number="100.3.3.2/Kep.12-Huk/2026")
    services.pokja_member_create(
        by=admin,
        decree=decree,
        person_data={
            "name": appointment.person.name,
            "nip": appointment.person.nip,
            "sex": appointment.person.sex,
        },
        pokja_role=PokjaRole.ANGGOTA,
        start_date=D(2026, 1, 13),
    )
    url = appointment.get_absolute_url()
    page = client_for(reviewer).get(url).content.decode()
    assert "Keanggotaan Pokja PUG orang ini" in page and decree.number in page
    # the focal point does not see the city's SK Pokja, so not this list either
    page = client_for(focal_a).get(url).content.decode()
    assert decree.number not in page
