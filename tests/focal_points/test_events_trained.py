"""The trained-status rule: attended at a BIMTEK, PELATIHAN_PPRG or
PENGUATAN_FOCAL_POINT event. Shown in the directory and the unit team table."""

import pytest
from django.urls import reverse

from focal_points.models import (
    TRAINING_TYPES,
    EventType,
    FocalPointAppointment,
    Person,
)
from focal_points.selectors import registry as selectors
from tests.factories import AppointmentFactory, AttendanceFactory, EventFactory


def trained(person) -> bool:
    return Person.objects.with_training_status().get(pk=person.pk).is_trained


def test_the_training_types_are_the_three_named_in_the_rule():
    assert set(TRAINING_TYPES) == {
        EventType.BIMTEK,
        EventType.PELATIHAN_PPRG,
        EventType.PENGUATAN_FOCAL_POINT,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("event_type", sorted(TRAINING_TYPES))
def test_attending_a_training_type_event_makes_a_person_trained(event_type):
    attendance = AttendanceFactory(
        event=EventFactory(event_type=event_type),
        person=AppointmentFactory().person,
        attended=True,
    )
    assert trained(attendance.person)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "event_type", sorted(set(EventType.values) - set(TRAINING_TYPES))
)
def test_other_event_types_do_not_count(event_type):
    attendance = AttendanceFactory(
        event=EventFactory(event_type=event_type),
        person=AppointmentFactory().person,
        attended=True,
    )
    assert not trained(attendance.person)


@pytest.mark.django_db
def test_registration_without_attendance_does_not_count():
    attendance = AttendanceFactory(
        event=EventFactory(event_type=EventType.BIMTEK),
        person=AppointmentFactory().person,
        attended=False,
    )
    assert not trained(attendance.person)


@pytest.mark.django_db
def test_appointments_carry_the_same_status_as_their_person():
    appointment = AppointmentFactory()
    AttendanceFactory(person=appointment.person, attended=True)
    untrained = AppointmentFactory()
    status = dict(
        FocalPointAppointment.objects.with_training_status().values_list(
            "pk", "is_trained"
        )
    )
    assert status == {appointment.pk: True, untrained.pk: False}


@pytest.mark.django_db
def test_the_directory_shows_trained_as_text(
    reviewer, unit_a, client_for, frozen_today
):
    trained_one = AppointmentFactory(unit=unit_a, person__name="Sudah Ikut")
    AttendanceFactory(person=trained_one.person, attended=True)
    AppointmentFactory(unit=unit_a, person__name="Belum Ikut")
    html = client_for(reviewer).get(reverse("focal_points:directory")).content.decode()
    assert '<th scope="col">Terlatih</th>' in html
    row_trained = html[html.index("Sudah Ikut") :].split("</tr>")[0]
    row_untrained = html[html.index("Belum Ikut") :].split("</tr>")[0]
    assert "Terlatih" in row_trained
    assert "Belum terlatih" in row_untrained


@pytest.mark.django_db
def test_the_unit_page_team_table_shows_trained(
    reviewer, unit_a, client_for, frozen_today
):
    appointment = AppointmentFactory(unit=unit_a, person__name="Sudah Ikut")
    AttendanceFactory(person=appointment.person, attended=True)
    html = client_for(reviewer).get(unit_a.get_absolute_url()).content.decode()
    row = html[html.index("Sudah Ikut") :].split("</tr>")[0]
    assert "Terlatih" in row and "Belum terlatih" not in row


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
def test_directory_status_costs_no_query_per_row(
    reviewer, unit_a, size, frozen_today, django_assert_max_num_queries
):
    for _ in range(size):
        appointment = AppointmentFactory(unit=unit_a)
        AttendanceFactory(person=appointment.person, attended=True)
    # The directory list is one query whatever the size; is_trained comes with it.
    with django_assert_max_num_queries(1):
        rows = list(selectors.directory(user=reviewer).current())
    assert len(rows) == size
    assert all(r.is_trained for r in rows)


@pytest.mark.django_db
def test_trained_sex_counts_counts_distinct_trained_persons_by_sex(
    django_assert_num_queries,
):
    woman = AppointmentFactory(person__sex="P")
    AppointmentFactory(person=woman.person)  # same person in a second unit
    man = AppointmentFactory(person__sex="L")
    AppointmentFactory(person__sex="L")  # not trained
    for appointment in (woman, man):
        AttendanceFactory(person=appointment.person, attended=True)
    with django_assert_num_queries(1):
        counts = selectors.trained_sex_counts(FocalPointAppointment.objects.all())
    assert counts == {"male": 1, "female": 1, "total": 2}
