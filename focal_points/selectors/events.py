"""User-scoped reads for capacity-building events. Query counts do not grow with the
number of events or participants."""

import datetime

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from focal_points.models import (
    Attendance,
    CapacityEvent,
    EventInvitation,
    Sex,
    Unit,
)
from pug_portal.models import User
from pug_portal.permissions import sees_all_units


def event_list(*, user: User) -> QuerySet[CapacityEvent]:
    """Events `user` may see, newest first, with invited / registered / attended
    counts annotated (filters: focal_points.filters.EventFilter)."""
    return (
        CapacityEvent.objects.visible_to(user)
        .select_related("organiser")
        .annotate(
            invited_count=Count("invitations", distinct=True),
            participant_count=Count("attendances", distinct=True),
            attended_count=Count(
                "attendances", filter=Q(attendances__attended=True), distinct=True
            ),
        )
        .order_by("-starts_at", "title")
    )


def event_years() -> list[int]:
    """Years that have events, newest first, plus the current year."""
    years = {d.year for d in CapacityEvent.objects.dates("starts_at", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def upcoming_by_month(
    *, user: User, now: datetime.datetime | None = None
) -> list[tuple[datetime.date, list[CapacityEvent]]]:
    """Upcoming events `user` may see, grouped by (first day of) month: the
    calendar-like view. One query."""
    months: dict[datetime.date, list[CapacityEvent]] = {}
    events = (
        CapacityEvent.objects.visible_to(user)
        .upcoming(now)
        .select_related("organiser")
        .annotate(invited_count=Count("invitations"))
    )
    for event in events:
        start = timezone.localtime(event.starts_at).date()
        months.setdefault(start.replace(day=1), []).append(event)
    return list(months.items())


def event_invitations(*, event: CapacityEvent, user: User) -> QuerySet[EventInvitation]:
    """The event's invited units, each with `unit_visible`: whether `user` may open
    the unit's page (a focal point sees the other invited units' names, but a link
    to their pages would only lead to a 404)."""
    visible = Unit.objects.visible_to(user).filter(pk=OuterRef("unit_id"))
    return (
        event.invitations.select_related("unit")
        .annotate(unit_visible=Exists(visible))
        .order_by("unit__name")
    )


def event_attendance(*, event: CapacityEvent, user: User) -> QuerySet[Attendance]:
    """Participants of `event` that `user` may see: all of them for city readers,
    otherwise only those of the user's own units. `unit_invited` is annotated."""
    attendances = (
        event.attendances.with_invitation_flag()
        .select_related("unit", "person")
        .order_by("unit__name", "name")
    )
    if sees_all_units(user):
        return attendances
    return attendances.filter(unit__in=Unit.objects.visible_to(user))


def event_summary(*, event: CapacityEvent) -> dict:
    """Figures for the event report: totals and pre/post averages (one query), and
    participants by unit and sex (one query)."""
    attended = event.attendances.filter(attended=True)
    totals = attended.aggregate(
        male=Count("pk", filter=Q(sex=Sex.L)),
        female=Count("pk", filter=Q(sex=Sex.P)),
        pre_avg=Avg("pre_test"),
        post_avg=Avg("post_test"),
    )
    totals["total"] = totals["male"] + totals["female"]
    totals["registered"] = event.attendances.count()
    by_unit = (
        attended.values("unit__name", "institution")
        .annotate(
            male=Count("pk", filter=Q(sex=Sex.L)),
            female=Count("pk", filter=Q(sex=Sex.P)),
            total=Count("pk"),
        )
        .order_by("unit__name", "institution")
    )
    return {"totals": totals, "by_unit": list(by_unit)}
