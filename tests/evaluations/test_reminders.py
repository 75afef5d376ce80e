"""send_reminders: who is mailed when, and never twice on one day."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from evaluations.models import ReminderLog
from evaluations.workflow import Status
from tests.factories import BudgetLineFactory, CycleFactory, DossierFactory

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


def at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(6, 0), tzinfo=JAKARTA), tick=False
    )


@pytest.fixture
def setup(unit_a, unit_b, focal_a, focal_b, reviewer, unit_head_a, settings):
    settings.PUG_REMINDER_DAYS_BEFORE = [7, 1]
    settings.PUG_REMINDER_OVERDUE_EVERY = 7
    cycle = CycleFactory(year=2026, submission_deadline=datetime.date(2026, 7, 31))
    DossierFactory(unit=unit_a, cycle=cycle)  # draft: pending
    DossierFactory(unit=unit_b, cycle=cycle, status=Status.SUBMITTED)  # done
    return cycle


def run() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_units_with_unsubmitted_dossiers_are_reminded_n_days_before(
    setup, focal_a, reviewer
):
    with at(datetime.date(2026, 7, 24)):
        output = run()
    assert "sent 1" in output
    assert [m.to for m in mail.outbox] == [[focal_a.email]]
    assert "7 hari lagi" in mail.outbox[0].subject


def test_a_second_run_on_the_same_day_sends_nothing(setup):
    with at(datetime.date(2026, 7, 24)):
        run()
        output = run()
    assert "sent 0, already sent today 1" in output
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1


def test_no_mail_on_days_that_are_not_reminder_days(setup):
    with at(datetime.date(2026, 7, 20)):
        assert "sent 0" in run()
    assert mail.outbox == []


def test_overdue_reminders_also_go_to_the_head_and_the_reviewers(
    setup, focal_a, reviewer, unit_head_a
):
    with at(datetime.date(2026, 8, 1)):
        run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [focal_a.email, reviewer.email, unit_head_a.email]
    )
    assert "Lewat batas" in mail.outbox[0].subject
    mail.outbox.clear()
    with at(datetime.date(2026, 8, 2)):  # not the next overdue day yet
        run()
    with at(datetime.date(2026, 8, 8)):  # a week later
        run()
    assert len(mail.outbox) == 3
    assert ReminderLog.objects.filter(kind="OVERDUE").count() == 2


def test_arg_lines_without_a_dossier_count_as_pending(setup, unit_b, focal_b):
    BudgetLineFactory(unit=unit_b, year=2026, is_arg=True, arg_category="KHUSUS")
    with at(datetime.date(2026, 7, 30)):
        run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [focal_b.email, "t_focal_a@example.test"]
    )


def test_a_unit_without_any_address_fails_the_run(setup, unit_a, focal_a):
    focal_a.email = ""
    focal_a.save()
    with at(datetime.date(2026, 7, 24)), pytest.raises(CommandError):
        run()
    assert not ReminderLog.objects.exists()


def test_closed_cycles_are_not_reminded(setup):
    setup.state = "CLOSED"
    setup.save()
    with at(datetime.date(2026, 7, 24)):
        assert "sent 0" in run()
