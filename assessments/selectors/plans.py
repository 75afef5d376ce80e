"""Reads of the Rencana Pokja PUG: the list, one plan's matrix, which plan speaks
for a year, and the one definition of its achievement (`plan_progress`), used by
the city board, the city evaluation's pre-filled figure and the plan's page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    PlanAchievement,
    PlanKind,
    PlanRow,
    PlanStatus,
    PlanTarget,
    PokjaPlan,
)
from assessments.models.plans import PokjaPlanQuerySet

HUNDREDTH = Decimal("0.01")


def plan_list(*, user) -> PokjaPlanQuerySet:
    """The plans, newest period first, with their row counts and their SK (two
    queries for a page: the count and the rows). The order is explicit: a
    GROUP BY query does not take the model's."""
    return (
        PokjaPlan.objects.visible_to(user)
        .select_related("decree")
        .with_counts()
        .order_by("-start_year", "kind", "-pk")
    )


def plan_rows(plan: PokjaPlan) -> list[PlanRow]:
    """The plan's rows in order with their unit, targets and achievements: three
    queries whatever the number of rows."""
    return list(
        plan.rows.select_related("unit").prefetch_related(
            Prefetch("targets", queryset=PlanTarget.objects.order_by("year")),
            Prefetch(
                "achievements",
                queryset=PlanAchievement.objects.select_related("recorded_by").order_by(
                    "year"
                ),
            ),
        )
    )


@dataclass(frozen=True)
class MatrixRow:
    """A row as the matrix shows it: the targets and achievements by year."""

    row: PlanRow
    targets: dict[int, str]
    achievements: dict[int, PlanAchievement]

    def target_cells(self, years: list[int]) -> list[str]:
        return [self.targets.get(y, "") for y in years]

    def achievement_cells(self, years: list[int]) -> list[PlanAchievement | None]:
        return [self.achievements.get(y) for y in years]


def plan_matrix(plan: PokjaPlan) -> list[MatrixRow]:
    return [
        MatrixRow(
            row=row,
            targets={t.year: t.value for t in row.targets.all()},
            achievements={a.year: a for a in row.achievements.all()},
        )
        for row in plan_rows(plan)
    ]


def plan_for_year(year: int) -> PokjaPlan | None:
    """The plan that speaks for fiscal year `year`: its annual plan, else the
    five-year plan covering it; a ditetapkan plan before a draft, then the latest
    made. One query."""
    return (
        PokjaPlan.objects.filter(start_year__lte=year, end_year__gte=year)
        .annotate(
            annual=Case(When(kind=PlanKind.ANNUAL, then=Value(0)), default=Value(1)),
            draft=Case(
                When(status=PlanStatus.ADOPTED, then=Value(0)), default=Value(1)
            ),
        )
        .order_by("annual", "draft", "-pk")
        .first()
    )


@dataclass(frozen=True)
class PlanProgress:
    """Capaian Rencana Pokja PUG of a year (PROGRESS_DEFINITION)."""

    plan: PokjaPlan
    year: int
    with_target: int  # rows with a target for the year
    achieved: int  # of those, rows with an achievement recorded for the year
    met: int  # of those, rows whose achievement is 100 % of the target or more

    @property
    def percent(self) -> Decimal | None:
        if not self.with_target:
            return None
        return (Decimal(self.achieved) * 100 / self.with_target).quantize(HUNDREDTH)


# Said on every page that shows the figure.
PROGRESS_DEFINITION = _(
    "Capaian = baris rencana yang capaian tahunnya sudah dicatat ÷ baris yang "
    "mempunyai target tahun itu; tercapai = capaian ≥ 100% dari target. Rencana "
    "yang dihitung: rencana tahunan tahun itu, atau rencana lima tahunan yang "
    "mencakupnya bila belum ada."
)


def plan_progress(year: int) -> PlanProgress | None:
    """The achievement of the plan of `year` (plan_for_year): two queries. None
    when no plan covers the year."""
    plan = plan_for_year(year)
    return None if plan is None else plan_progress_of(plan, year)


def plan_progress_of(plan: PokjaPlan, year: int) -> PlanProgress:
    """The achievement of `plan` in `year`, in one query."""
    return plan_progress_by_year(plan, [year])[0]


def plan_progress_by_year(plan: PokjaPlan, years: list[int]) -> list[PlanProgress]:
    """The achievement of `plan` in each of `years`, in one query (the plan page
    shows every year of a five-year plan). A row counts in a year when it has a
    target for that year; only what is recorded *for* the year counts: another
    year's achievement never changes this one."""
    achievements = PlanAchievement.objects.filter(
        row=OuterRef("row"), year=OuterRef("year")
    )
    counts = {
        c["year"]: c
        for c in PlanTarget.objects.filter(row__plan=plan, year__in=years)
        .exclude(value="")
        .annotate(
            has_achievement=Exists(achievements),
            has_met=Exists(achievements.filter(percent__gte=100)),
        )
        .values("year")
        .annotate(
            # a row has one target per year (PlanTarget is unique on row, year)
            with_target=Count("pk"),
            achieved=Count("pk", filter=Q(has_achievement=True)),
            met=Count("pk", filter=Q(has_met=True)),
        )
        .order_by()
    }
    return [
        PlanProgress(
            plan=plan,
            year=year,
            with_target=counts.get(year, {}).get("with_target", 0),
            achieved=counts.get(year, {}).get("achieved", 0),
            met=counts.get(year, {}).get("met", 0),
        )
        for year in years
    ]
