"""User-scoped reads for the registry pages. Each returns a queryset whose query count
does not grow with the number of rows."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from focal_points.models import (
    CapacityEvent,
    FocalPointAppointment,
    Sex,
    Unit,
    today,
)
from pug_portal.models import User


@dataclass(frozen=True)
class UnitFilters:
    q: str = ""
    unit_type: str = ""
    parent: int | None = None
    active: str = "1"  # "1" active only, "0" inactive only, "" all
    no_focal_point: bool = False


def unit_list(*, user: User, filters: UnitFilters) -> QuerySet[Unit]:
    units = (
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
    if filters.q:
        units = units.filter(
            Q(name__icontains=filters.q)
            | Q(short_name__icontains=filters.q)
            | Q(code__icontains=filters.q)
        )
    if filters.unit_type:
        units = units.filter(unit_type=filters.unit_type)
    if filters.parent:
        units = units.filter(parent_id=filters.parent)
    if filters.active in ("0", "1"):
        units = units.filter(is_active=filters.active == "1")
    if filters.no_focal_point:
        units = units.filter(has_valid_focal_point=False)
    return units


def unit_team(*, unit: Unit) -> QuerySet[FocalPointAppointment]:
    """All appointments of a unit, current first, then history (newest first)."""
    return (
        FocalPointAppointment.objects.filter(unit=unit)
        .with_training_status()
        .select_related("person", "decree")
        .order_by("-start_date", "team_role")
    )


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    unit: int | None = None
    unit_type: str = ""
    sex: str = ""
    team_role: str = ""
    trained: str = ""  # "1" trained only, "0" not trained only, "" all
    current_only: bool = True


def directory(
    *, user: User, filters: DirectoryFilters, on: datetime.date | None = None
) -> QuerySet[FocalPointAppointment]:
    appointments = (
        FocalPointAppointment.objects.visible_to(user)
        .with_training_status()
        .select_related("person", "unit", "decree")
    )
    if filters.current_only:
        appointments = appointments.current(on or today())
    if filters.q:
        appointments = appointments.filter(
            Q(person__name__icontains=filters.q)
            | Q(person__nip__icontains=filters.q)
            | Q(position__icontains=filters.q)
        )
    if filters.unit:
        appointments = appointments.filter(unit_id=filters.unit)
    if filters.unit_type:
        appointments = appointments.filter(unit__unit_type=filters.unit_type)
    if filters.sex:
        appointments = appointments.filter(person__sex=filters.sex)
    if filters.team_role:
        appointments = appointments.filter(team_role=filters.team_role)
    if filters.trained in ("0", "1"):
        # On the EXISTS annotation above: the same rule, still one query per page.
        appointments = appointments.filter(is_trained=filters.trained == "1")
    return appointments.order_by("unit__name", "team_role", "person__name")


def sex_counts(appointments: QuerySet[FocalPointAppointment]) -> dict[str, int]:
    """Distinct persons by sex (L/P) in one aggregate query."""
    totals = appointments.order_by().aggregate(
        male=Count("person", distinct=True, filter=Q(person__sex=Sex.L)),
        female=Count("person", distinct=True, filter=Q(person__sex=Sex.P)),
    )
    totals["total"] = totals["male"] + totals["female"]
    return totals


def trained_sex_counts(appointments: QuerySet[FocalPointAppointment]) -> dict[str, int]:
    """Distinct trained persons by sex (L/P) among `appointments`, by the one rule in
    `focal_points.models.events.trained_exists`. One aggregate query; for the
    dashboard's trained-staff figures."""
    return sex_counts(appointments.with_training_status().filter(is_trained=True))


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
