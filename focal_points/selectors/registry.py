"""User-scoped reads for the registry pages. Each returns a queryset whose query count
does not grow with the number of rows."""

import datetime

from django.db.models import Count, Q, QuerySet

from focal_points.models import (
    CapacityEvent,
    Decree,
    FocalPointAppointment,
    Sex,
    Unit,
)
from pug_portal.models import User


def unit_list(*, user: User) -> QuerySet[Unit]:
    """The units `user` may see, with their focal-point status and the number of
    current team members; by type, then name (filters: focal_points.filters)."""
    return (
        Unit.objects.visible_to(user)
        .with_focal_point_status()
        .select_related("parent")
        .annotate(
            current_count=Count(
                "appointments",
                filter=Q(appointments__in=FocalPointAppointment.objects.current()),
            )
        )
        .order_by("unit_type", "name")
    )


def unit_team(*, unit: Unit) -> QuerySet[FocalPointAppointment]:
    """All appointments of a unit, current first, then history (newest first)."""
    return (
        FocalPointAppointment.objects.filter(unit=unit)
        .with_training_status()
        .select_related("person", "decree")
        .order_by("-start_date", "team_role")
    )


def directory(
    *, user: User, trained_by: datetime.date | None = None
) -> QuerySet[FocalPointAppointment]:
    """Every appointment `user` may see, past and present, with the person's
    training status (`is_trained`, one EXISTS subquery: the one rule; as it stood
    on `trained_by` when given); by unit, role and name. Narrow with `.current(on)`
    for the team in office on a day."""
    return (
        FocalPointAppointment.objects.visible_to(user)
        .with_training_status(by=trained_by)
        .select_related("person", "unit", "decree")
        .order_by("unit__name", "team_role", "person__name")
    )


def decree_list(*, user: User) -> QuerySet[Decree]:
    """The decrees `user` may see, newest first."""
    return (
        Decree.objects.visible_to(user)
        .select_related("unit")
        .order_by("-date", "number")
    )


def sex_counts(appointments: QuerySet[FocalPointAppointment]) -> dict[str, int]:
    """Distinct persons by sex (L/P) in one aggregate query."""
    totals = appointments.order_by().aggregate(
        male=Count("person", distinct=True, filter=Q(person__sex=Sex.L)),
        female=Count("person", distinct=True, filter=Q(person__sex=Sex.P)),
    )
    totals["total"] = totals["male"] + totals["female"]
    return totals


def trained_sex_counts(
    appointments: QuerySet[FocalPointAppointment], *, by: datetime.date | None = None
) -> dict[str, int]:
    """Distinct trained persons by sex (L/P) among `appointments` (trained by `by`
    when given), by the one rule in `focal_points.models.events.trained_exists`. One
    aggregate query; for the dashboard's trained-staff figures."""
    return sex_counts(appointments.with_training_status(by=by).filter(is_trained=True))


def units_without_focal_point(*, user: User) -> QuerySet[Unit]:
    return (
        Unit.objects.visible_to(user)
        .active()
        .without_valid_focal_point()
        .select_related("parent")
        .order_by("unit_type", "name")
    )


def upcoming_events_for(user: User, *, limit: int = 5) -> QuerySet[CapacityEvent]:
    """The next capacity-building events `user` may see (for a focal point: those
    their units are invited to), soonest first, for the home page. One query."""
    return (
        CapacityEvent.objects.visible_to(user)
        .upcoming()
        .select_related("organiser")[:limit]
    )
