""" "SK focal point tahun berjalan": a unit is covered for fiscal year Y when it has an
appointment under a decree for Y, or one in effect (appointment and SK both valid) on
any day of Y. Access keeps today's rule (a current appointment)."""

import datetime

import pytest

from focal_points.models import FocalPointAppointment, Unit, as_of_year
from tests.factories import AppointmentFactory, DecreeFactory, UnitFactory, UserFactory

D = datetime.date


def covered(year: int) -> set[str]:
    """Short names of the units covered for `year`, by the annotation the boards use
    (and the appointments' rule agrees)."""
    by_unit = {
        u.short_name
        for u in Unit.objects.with_year_focal_point(year)
        if u.has_year_focal_point
    }
    by_appointment = set(
        FocalPointAppointment.objects.covering_year(year).values_list(
            "unit__short_name", flat=True
        )
    )
    assert by_unit == by_appointment
    return by_unit


def appointment(name, *, fiscal_year, valid_from, valid_to=None, start, end=None):
    unit = UnitFactory(short_name=name)
    decree = DecreeFactory(
        unit=unit,
        fiscal_year=fiscal_year,
        date=valid_from,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return AppointmentFactory(unit=unit, decree=decree, start_date=start, end_date=end)


@pytest.mark.django_db
def test_an_appointment_under_a_decree_for_the_year_covers_it():
    # dates entered outside the year: the decree for 2025 still counts for 2025
    appointment(
        "for-year", fiscal_year=2025, valid_from=D(2026, 1, 2), start=D(2026, 1, 2)
    )
    # a decree for 2025 does not cover an appointment that ended before 2025
    appointment(
        "ended-before",
        fiscal_year=2025,
        valid_from=D(2024, 12, 1),
        start=D(2024, 12, 1),
        end=D(2024, 12, 31),
    )

    assert covered(2025) == {"for-year"}


@pytest.mark.django_db
def test_validity_overlapping_the_year_by_one_day_covers_it():
    # a 2024 SK in force until 1 January 2025, its appointment open-ended
    appointment(
        "sk-one-day",
        fiscal_year=2024,
        valid_from=D(2024, 1, 10),
        valid_to=D(2025, 1, 1),
        start=D(2024, 1, 10),
    )
    # an appointment that ended on 1 January 2025
    appointment(
        "appt-one-day",
        fiscal_year=2024,
        valid_from=D(2024, 1, 10),
        start=D(2024, 1, 10),
        end=D(2025, 1, 1),
    )
    # a 2026 SK taking effect on 31 December 2025
    appointment(
        "starts-last-day",
        fiscal_year=2026,
        valid_from=D(2025, 12, 31),
        start=D(2025, 12, 31),
    )

    assert covered(2025) == {"sk-one-day", "appt-one-day", "starts-last-day"}
    assert covered(2024) == {"sk-one-day", "appt-one-day"}


@pytest.mark.django_db
def test_what_ended_before_the_year_or_starts_after_it_does_not_cover_it():
    appointment(
        "sk-ended",
        fiscal_year=2024,
        valid_from=D(2024, 1, 10),
        valid_to=D(2024, 12, 31),
        start=D(2024, 1, 10),
    )
    appointment(
        "appt-ended",
        fiscal_year=2024,
        valid_from=D(2024, 1, 10),
        start=D(2024, 1, 10),
        end=D(2024, 12, 31),
    )
    appointment(
        "starts-after", fiscal_year=2026, valid_from=D(2026, 1, 1), start=D(2026, 1, 1)
    )
    # both valid in 2025, but never at the same time: the appointment ended before
    # its SK took effect
    appointment(
        "never-together",
        fiscal_year=2024,
        valid_from=D(2025, 6, 1),
        start=D(2025, 1, 1),
        end=D(2025, 3, 31),
    )

    assert covered(2025) == set()


@pytest.mark.django_db
def test_access_keeps_todays_rule(frozen_today):
    """A focal point whose 2026 appointment ended in May still covers 2026 for the
    figures, but no longer sees the unit."""
    user = UserFactory(username="fp_ended")
    ended = appointment(
        "ended-in-may",
        fiscal_year=2026,
        valid_from=D(2026, 1, 5),
        start=D(2026, 1, 5),
        end=D(2026, 5, 31),
    )
    ended.person.user = user
    ended.person.save()

    assert covered(2026) == {"ended-in-may"}
    assert not Unit.objects.visible_to(user).exists()
    assert not FocalPointAppointment.objects.current().exists()


def test_a_years_registry_figures_are_taken_on_its_last_day_once_it_is_over():
    today = D(2026, 6, 15)

    assert as_of_year(2025, today) == D(2025, 12, 31)
    assert as_of_year(2026, today) == today
    assert as_of_year(2027, today) == today
