import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from focal_points.models import FocalPointAppointment, Person, TeamRole, Unit
from focal_points.services import registry as services
from pug_portal.models import ActivityLog, Role, User
from tests.factories import AppointmentFactory, DecreeFactory, UnitFactory, UserFactory

D = datetime.date
PERSON = {
    "name": "Rina Marlina",
    "nip": "198909252014022002",
    "sex": "P",
    "email": "rina@example.test",
}


def appoint(unit, decree, **overrides):
    kwargs = {
        "by": User.objects.get(username="t_reviewer"),
        "unit": unit,
        "decree": decree,
        "person_data": dict(PERSON),
        "team_role": TeamRole.ANGGOTA,
        "start_date": D(2026, 2, 1),
    }
    kwargs.update(overrides)
    return services.appointment_create(**kwargs)


@pytest.fixture
def decree_a(unit_a):
    return DecreeFactory(unit=unit_a)


def test_appoint_creates_person_and_appointment_and_logs_it(unit_a, decree_a, reviewer):
    appointment = appoint(unit_a, decree_a, by=reviewer)
    assert appointment.person.nip == PERSON["nip"]
    log = ActivityLog.objects.for_object(appointment).get()
    assert (log.action, log.actor) == ("appointment.create", reviewer)


def test_appoint_reuses_the_person_found_by_nip(unit_a, unit_b, decree_a, reviewer):
    appoint(unit_a, decree_a)
    appoint(unit_b, DecreeFactory(unit=unit_b), person_data={**PERSON, "phone": "0812"})
    assert Person.objects.count() == 1
    assert Person.objects.get().phone == "0812"


def test_two_reviewers_appointing_the_same_new_person_at_once(
    unit_a, unit_b, decree_a, reviewer, monkeypatch
):
    """The second reviewer's lookup ran before the first reviewer's insert was
    committed (both found nobody): the second insert meets the unique NIP and takes
    the person the first created. The concurrent version is tests/deploy/test_races.py
    on PostgreSQL."""
    original_first = QuerySet.first
    raced = []

    def first_after_the_other_reviewer_inserted(queryset):
        if queryset.model is Person and not raced:
            raced.append(True)
            # What the other reviewer's request creates meanwhile.
            Person.objects.create(
                nip=PERSON["nip"], name=PERSON["name"], sex=PERSON["sex"]
            )
            return None
        return original_first(queryset)

    monkeypatch.setattr(QuerySet, "first", first_after_the_other_reviewer_inserted)
    appointment = appoint(
        unit_b, DecreeFactory(unit=unit_b), person_data={**PERSON, "phone": "0812"}
    )
    assert raced
    person = Person.objects.get()
    assert appointment.person == person
    assert (person.nip, person.phone) == (PERSON["nip"], "0812")


def test_appoint_refuses_the_same_person_twice_over_overlapping_dates(
    unit_a, decree_a, reviewer
):
    appoint(unit_a, decree_a, end_date=D(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        appoint(unit_a, decree_a, start_date=D(2026, 6, 1))
    message = str(error.value.message_dict["start_date"])
    assert "sejak 1 Februari 2026; periodenya bertumpang tindih" in message
    assert FocalPointAppointment.objects.count() == 1


def test_appoint_allows_a_new_period_after_the_old_one_ended(
    unit_a, decree_a, reviewer
):
    appoint(unit_a, decree_a, end_date=D(2026, 6, 30))
    appoint(unit_a, decree_a, start_date=D(2026, 7, 1))
    assert FocalPointAppointment.objects.count() == 2


@pytest.mark.parametrize("nip", ["12345", "19880101201001200X", "1988010120100120011"])
def test_appoint_refuses_a_nip_that_is_not_18_digits_and_saves_nothing(
    unit_a, decree_a, nip, reviewer
):
    with pytest.raises(ValidationError) as error:
        appoint(unit_a, decree_a, person_data={**PERSON, "nip": nip})
    assert "18 angka" in str(error.value.message_dict["nip"])
    assert Person.objects.count() == 0


def test_appoint_refuses_end_before_start(unit_a, decree_a, reviewer):
    with pytest.raises(ValidationError) as error:
        appoint(unit_a, decree_a, end_date=D(2026, 1, 1))
    assert "end_date" in error.value.message_dict


def test_appoint_refuses_a_decree_of_another_unit(unit_a, unit_b, reviewer):
    with pytest.raises(ValidationError) as error:
        appoint(unit_a, DecreeFactory(unit=unit_b))
    assert "decree" in error.value.message_dict


def test_appoint_with_invite_creates_an_account_and_mails_a_set_password_link(
    unit_a, decree_a, django_capture_on_commit_callbacks, reviewer
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = appoint(unit_a, decree_a, invite=True)
    user = appointment.person.user
    assert user.role == Role.FOCAL_POINT and not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [PERSON["email"]]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_invite_without_email_is_refused_and_nothing_is_saved(
    unit_a, decree_a, reviewer
):
    with pytest.raises(ValidationError) as error:
        appoint(unit_a, decree_a, invite=True, person_data={**PERSON, "email": ""})
    assert "email" in error.value.message_dict
    assert not User.objects.filter(role=Role.FOCAL_POINT).exists()
    assert not Person.objects.exists()


def test_ending_an_appointment_keeps_it_as_history(
    unit_a, decree_a, frozen_today, reviewer
):
    appointment = appoint(unit_a, decree_a)
    services.appointment_end(
        appointment=appointment, by=reviewer, on=D(2026, 6, 14), reason="Pensiun"
    )
    appointment.refresh_from_db()
    assert appointment.end_date == D(2026, 6, 14)
    assert not appointment.is_current(frozen_today)
    assert FocalPointAppointment.objects.filter(unit=unit_a).count() == 1


def test_transfer_ends_the_old_appointment_and_starts_a_linked_new_one(
    unit_a, unit_b, decree_a, reviewer
):
    appointment = appoint(unit_a, decree_a)
    decree_b = DecreeFactory(unit=unit_b)
    moved = services.appointment_transfer(
        appointment=appointment,
        by=reviewer,
        to_unit=unit_b,
        decree=decree_b,
        on=D(2026, 5, 1),
        team_role=TeamRole.KETUA,
    )
    appointment.refresh_from_db()
    assert appointment.end_date == D(2026, 4, 30)
    assert "Mutasi" in appointment.end_reason
    assert (moved.unit, moved.previous, moved.person) == (
        unit_b,
        appointment,
        appointment.person,
    )


def test_rename_makes_a_successor_that_keeps_the_team(
    unit_a, decree_a, frozen_today, reviewer
):
    appointment = appoint(unit_a, decree_a)
    child = UnitFactory(parent=unit_a)
    successor = services.unit_rename(
        unit=unit_a,
        by=reviewer,
        name="Dinas Kesehatan Baru",
        short_name="Dinkes2",
        on=D(2026, 6, 1),
    )
    unit_a.refresh_from_db()
    assert (unit_a.is_active, unit_a.valid_to) == (False, D(2026, 5, 31))
    assert successor.predecessor == unit_a
    assert Unit.objects.get(pk=child.pk).parent == successor
    assert (
        successor.appointments.current(frozen_today).get().person == appointment.person
    )
    assert not unit_a.appointments.current(frozen_today).exists()


def test_deactivate_is_refused_while_focal_points_are_current(
    unit_a, decree_a, frozen_today, reviewer
):
    appoint(unit_a, decree_a)
    with pytest.raises(ValidationError):
        services.unit_deactivate(unit=unit_a, by=reviewer, on=frozen_today)
    unit_a.refresh_from_db()
    assert unit_a.is_active


def test_deactivate_keeps_the_row(unit_b, frozen_today, reviewer):
    services.unit_deactivate(unit=unit_b, by=reviewer, on=frozen_today)
    unit_b.refresh_from_db()
    assert not unit_b.is_active and unit_b.valid_to == frozen_today


def test_unit_update_logs_only_real_changes(unit_a, admin):
    services.unit_update(
        unit=unit_a, by=admin, data={"name": unit_a.name, "head_name": "dr. X"}
    )
    entry = ActivityLog.objects.for_object(unit_a).get()
    assert entry.data == {"head_name": ["", "dr. X"]}


def test_expired_decree_means_no_valid_focal_point(unit_a, frozen_today):
    decree = DecreeFactory(
        unit=unit_a, valid_from=D(2024, 1, 1), valid_to=D(2024, 12, 31)
    )
    AppointmentFactory(unit=unit_a, decree=decree, start_date=D(2024, 1, 1))
    assert unit_a in Unit.objects.without_valid_focal_point(frozen_today)


def test_user_create_refuses_a_duplicate_username(admin):
    UserFactory(username="dup")
    from pug_portal.accounts.services import user_create

    with pytest.raises(ValidationError):
        user_create(by=admin, username="dup", email="x@example.test", role=Role.PLANNER)


def test_a_unit_cannot_become_its_own_parent(unit_a, admin):
    with pytest.raises(ValidationError) as error:
        services.unit_update(unit=unit_a, by=admin, data={"parent": unit_a})
    assert "induk dirinya sendiri" in error.value.message_dict["parent"][0]
    unit_a.refresh_from_db()
    assert unit_a.parent is None


def test_appointment_update_corrects_the_details_and_logs_them(
    unit_a, decree_a, reviewer
):
    appointment = appoint(unit_a, decree_a)
    services.appointment_update(
        appointment=appointment,
        by=reviewer,
        data={"position": "Kepala Bidang", "phone": "0813", "name": PERSON["name"]},
    )
    appointment.refresh_from_db()
    assert (appointment.position, appointment.person.phone) == ("Kepala Bidang", "0813")
    log = ActivityLog.objects.get(action="appointment.update")
    assert log.data == {"phone": ["", "0813"], "position": ["", "Kepala Bidang"]}
