"""A renamed unit keeps one continuous history: the open year's budget lines and
dossiers (with their open review comments) follow the successor, closed years stay on
the old unit as they were printed, and the board shows the successor once."""

import datetime

import pytest
from django.urls import reverse

from evaluations.models import CycleState, ReviewComment
from evaluations.selectors import dashboard_city
from evaluations.workflow import Status
from focal_points.models import FocalPointAppointment, Unit
from focal_points.services import registry as services
from tests.factories import (
    AppointmentFactory,
    BudgetLineFactory,
    CycleFactory,
    DossierFactory,
)

D = datetime.date


@pytest.fixture
def renamed(unit_a, reviewer, frozen_today):
    """Dinkes with a closed 2025 (one approved dossier) and an open 2026 (a returned
    dossier with an open comment, a line not started), renamed on 1 June 2026."""
    closed = CycleFactory(
        year=2025,
        open_date=D(2025, 2, 1),
        submission_deadline=D(2025, 7, 31),
        review_deadline=D(2025, 9, 30),
        state=CycleState.CLOSED,
    )
    old_dossier = DossierFactory(unit=unit_a, cycle=closed, status=Status.APPROVED)
    returned = DossierFactory(
        unit=unit_a, cycle=CycleFactory(), status=Status.REVISION_REQUESTED
    )
    ReviewComment.objects.create(
        dossier=returned, author=reviewer, target="gap_1", text="Perjelas."
    )
    not_started = BudgetLineFactory(unit=unit_a, year=2026)
    AppointmentFactory(unit=unit_a, start_date=D(2026, 1, 5))
    successor = services.unit_rename(
        unit=unit_a,
        by=reviewer,
        name="Dinas Kesehatan dan KB",
        short_name="DinkesKB",
        on=D(2026, 6, 1),
    )
    return {
        "old": unit_a,
        "new": successor,
        "old_dossier": old_dossier,
        "returned": returned,
        "not_started": not_started,
    }


def test_the_open_years_work_follows_the_successor(renamed):
    new = renamed["new"]
    returned = renamed["returned"]
    returned.refresh_from_db()
    renamed["not_started"].refresh_from_db()
    assert returned.unit == new
    assert returned.budget_line.unit == new
    assert renamed["not_started"].unit == new
    assert not ReviewComment.objects.get(dossier__unit=new).resolved


def test_closed_years_stay_on_the_old_unit(renamed):
    old_dossier = renamed["old_dossier"]
    old_dossier.refresh_from_db()
    assert old_dossier.unit == renamed["old"]
    assert old_dossier.budget_line.unit == renamed["old"]


def test_the_board_shows_the_successor_once_and_nothing_under_the_old_name(renamed):
    board = dashboard_city.city_dashboard(year=2026, sort="name")
    rows = {row.unit.short_name: row for row in board.rows}
    assert "Dinkes" not in rows
    new = rows["DinkesKB"]
    assert new.unit.has_year_focal_point
    assert (new.counts["REVISION_REQUESTED"], new.counts["NOT_STARTED"]) == (1, 1)

    closed_year = dashboard_city.city_dashboard(year=2025, sort="name")
    old = {row.unit.short_name: row for row in closed_year.rows}["Dinkes"]
    assert old.counts["APPROVED"] == 1


def test_the_rename_is_logged_with_what_moved(renamed):
    from pug_portal.models import ActivityLog

    log = ActivityLog.objects.get(action="unit.rename")
    assert log.data["budget_lines_moved"] == 2
    assert log.data["dossiers_moved"] == 1


def test_an_appointment_starting_on_the_rename_date_moves_without_an_error(
    unit_a, reviewer, frozen_today
):
    starts_then = AppointmentFactory(unit=unit_a, start_date=D(2026, 6, 1))
    later = AppointmentFactory(unit=unit_a, start_date=D(2026, 7, 1))
    successor = services.unit_rename(
        unit=unit_a, by=reviewer, name="Dinas Baru", short_name="Baru", on=D(2026, 6, 1)
    )
    for appointment in (starts_then, later):
        appointment.refresh_from_db()
        assert appointment.unit == successor
        assert appointment.end_date is None
    assert not FocalPointAppointment.objects.filter(unit=unit_a).exists()


def test_the_rename_page_is_filled_with_the_current_names(
    unit_a, reviewer, client_for, frozen_today
):
    response = client_for(reviewer).get(
        reverse("focal_points:unit_rename", args=[unit_a.pk])
    )
    form = response.context["form"]
    assert form["name"].value() == "Dinas Kesehatan"
    assert form["short_name"].value() == "Dinkes"
    assert form["on"].value() == frozen_today


def test_renaming_on_the_start_of_a_renamed_unit_says_the_date(
    unit_a, reviewer, frozen_today
):
    Unit.objects.filter(pk=unit_a.pk).update(valid_from=D(2026, 3, 1))
    unit_a.refresh_from_db()
    with pytest.raises(Exception) as error:
        services.unit_rename(
            unit=unit_a, by=reviewer, name="X", short_name="X", on=D(2026, 3, 1)
        )
    assert "1 Maret 2026" in str(error.value)
