"""Deadline reminders for `manage.py send_reminders` (a daily cron job).

Before the submission deadline (on the configured days) a unit's focal points are told
which dossiers are not submitted yet; once the deadline has passed (on the first day
and then every PUG_REMINDER_OVERDUE_EVERY days) the unit head and the reviewers are
told too. What was sent is recorded in ReminderLog, one row per cycle, unit, kind and
day, so running the command twice on a day sends nothing twice."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from evaluations.models import (
    BudgetLine,
    Dossier,
    EvaluationCycle,
    ReminderKind,
    ReminderLog,
)
from evaluations.workflow import EDITABLE_STATES, reviewer_emails, unit_emails
from focal_points.models import Unit
from pug_portal.middleware import absolute_url


@dataclass
class ReminderResult:
    sent: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)


def reminder_kind(cycle: EvaluationCycle, on: datetime.date) -> tuple[str, int] | None:
    """(kind, days left) if `on` is a reminder day for `cycle`, else None."""
    days_left = (cycle.submission_deadline - on).days
    if days_left in settings.PUG_REMINDER_DAYS_BEFORE:
        return ReminderKind.BEFORE, days_left
    overdue = -days_left
    if overdue >= 1 and (overdue - 1) % settings.PUG_REMINDER_OVERDUE_EVERY == 0:
        return ReminderKind.OVERDUE, days_left
    return None


def pending_by_unit(cycle: EvaluationCycle) -> dict[int, dict]:
    """Per unit: dossiers not yet submitted and ARG budget lines without a dossier."""
    pending: dict[int, dict] = {}
    drafts = (
        Dossier.objects.filter(cycle=cycle, status__in=EDITABLE_STATES)
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    for row in drafts:
        pending.setdefault(row["unit_id"], {"drafts": 0, "missing": 0})
        pending[row["unit_id"]]["drafts"] = row["n"]
    missing = (
        BudgetLine.objects.filter(year=cycle.year, is_arg=True)
        .filter(~Q(pk__in=Dossier.objects.values("budget_line_id")))
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    for row in missing:
        pending.setdefault(row["unit_id"], {"drafts": 0, "missing": 0})
        pending[row["unit_id"]]["missing"] = row["n"]
    return pending


def send_reminders(*, on: datetime.date) -> ReminderResult:
    result = ReminderResult()
    reviewers = None
    for cycle in EvaluationCycle.objects.open().order_by("year"):
        due = reminder_kind(cycle, on)
        if due is None:
            continue
        kind, days_left = due
        pending = pending_by_unit(cycle)
        units = Unit.objects.filter(pk__in=pending).select_related("head_user")
        already = set(
            ReminderLog.objects.filter(cycle=cycle, kind=kind, sent_on=on).values_list(
                "unit_id", flat=True
            )
        )
        for unit in units.order_by("name"):
            if unit.pk in already:
                result.skipped += 1
                continue
            recipients = unit_emails(unit)
            if kind == ReminderKind.OVERDUE:
                if reviewers is None:
                    reviewers = reviewer_emails()
                head = unit.head_user.email if unit.head_user else ""
                recipients = sorted(
                    {*recipients, *reviewers, *([head] if head else [])}
                )
            if not recipients:
                result.failed.append(
                    _("%(unit)s: tidak ada alamat e-mail penerima.")
                    % {"unit": unit.short_name}
                )
                continue
            counts = pending[unit.pk]
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(
                        cycle=cycle,
                        unit=unit,
                        kind=kind,
                        sent_on=on,
                        days=days_left,
                        dossier_count=counts["drafts"] + counts["missing"],
                        recipients=recipients,
                    )
                    _send(cycle, unit, kind, days_left, counts, recipients)
            except Exception as error:  # noqa: BLE001 - reported, the cron run fails
                result.failed.append(f"{unit.short_name}: {error}")
            else:
                result.sent += 1
    return result


def _send(cycle, unit, kind, days_left, counts, recipients) -> None:
    context = {
        "cycle": cycle,
        "unit": unit,
        "overdue": kind == ReminderKind.OVERDUE,
        "days_left": days_left,
        "days_late": -days_left,
        "drafts": counts["drafts"],
        "missing": counts["missing"],
        "url": absolute_url(f"/dossiers/?unit={unit.pk}&cycle={cycle.pk}"),
    }
    if kind == ReminderKind.OVERDUE:
        subject = _("[PUG] Lewat batas: dokumen PPRG %(unit)s %(year)s") % {
            "unit": unit.short_name,
            "year": cycle.year,
        }
    else:
        subject = _(
            "[PUG] Pengingat: %(days)s hari lagi batas pengajuan PPRG %(year)s"
        ) % {
            "days": days_left,
            "year": cycle.year,
        }
    body = render_to_string("evaluations/email/reminder.txt", context)
    messages = [EmailMessage(subject=subject, body=body, to=[a]) for a in recipients]
    get_connection(fail_silently=False).send_messages(messages)
