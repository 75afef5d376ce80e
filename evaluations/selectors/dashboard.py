"""What the dashboards share: the status columns, the Persentase ARG figures, the
deadline and the cycle shown; and the lists of records behind every figure.

The boards are put together in `dashboard_city` (the city compliance board, its
headline figures and trends) and `dashboard_unit` (one unit's dashboard), one small
function per figure. Everything is aggregated in the database (GROUP BY with Count /
Sum / conditional aggregates, EXISTS), so each function runs a fixed number of
queries whatever the number of units, budget lines or dossiers; its own count is
pinned in tests/evaluations/test_dashboard_figures.py, the pages' in
tests/evaluations/test_dashboard_queries.py. Python only reshapes the few aggregate
rows (one per unit, per unit type or per year) that come back.

Definitions used throughout:
- *not started*: a budget line of the year flagged ARG that has no dossier yet;
- *classification* and *average score*: the reviewer's rubric score of **approved**
  dossiers (a score given during review is provisional until approval);
- *Persentase ARG*: ARG pagu ÷ total pagu × 100, the total being the pagu of all the
  year's budget lines or only of those with a dossier (settings.PUG_ARG_DENOMINATOR;
  `total_pagu_sum()` is the one definition of that total);
- *focal points*: people with a current appointment (DESIGN §3), counted once each;
  *trained*: the rule in `focal_points.models.trained_exists`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    BudgetLine,
    Dossier,
    EvaluationCycle,
)
from evaluations.workflow import STATUS_ICONS, Status
from focal_points.models import Unit

NOT_STARTED = "NOT_STARTED"
# The boards' status columns, in workflow order: (key, label, icon); text and icon on
# every count. The workflow statuses carry their badge icon (workflow.STATUS_ICONS,
# the one table of status icons); "not started" is the boards' own column.
STATUS_COLUMNS: tuple[tuple[str, Any, str], ...] = (
    (NOT_STARTED, _("Belum dimulai"), "bi-hourglass"),
    *((status, status.label, STATUS_ICONS[status][0]) for status in Status),
)
STATUS_KEYS = tuple(key for key, _label, _icon in STATUS_COLUMNS)
STATUS_ICON = {key: icon for key, _label, icon in STATUS_COLUMNS}
# Work still on the unit's side before the deadline.
OUTSTANDING = (NOT_STARTED, Status.DRAFT, Status.REVISION_REQUESTED)


@dataclass(frozen=True)
class StatusCell:
    """One count of a status column, with the column's label and icon."""

    key: str
    label: Any
    icon: str
    n: int


def status_cells(counts: dict[str, int]) -> list[StatusCell]:
    """`counts` ({status key: n}) in column order."""
    return [
        StatusCell(key, label, icon, counts.get(key, 0))
        for key, label, icon in STATUS_COLUMNS
    ]


def percent(part: Decimal | int | None, whole: Decimal | int | None) -> float | None:
    """part ÷ whole × 100, or None when there is no whole."""
    if not whole:
        return None
    return float(Decimal(part or 0) * 100 / Decimal(whole))


# --- Persentase ARG ---

ARG_DENOMINATOR_ALL = "all"
ARG_DENOMINATOR_ANALYSED = "analysed"
# settings.PUG_ARG_DENOMINATOR → (name of the total pagu, "…% dari" wording).
ARG_DENOMINATOR_LABELS: dict[str, tuple[Any, Any]] = {
    ARG_DENOMINATOR_ALL: (
        _("Pagu seluruh sub kegiatan"),
        _("dari total pagu"),
    ),
    ARG_DENOMINATOR_ANALYSED: (
        _("Pagu sub kegiatan yang dianalisis"),
        _("dari pagu sub kegiatan yang dianalisis"),
    ),
}


def total_pagu_sum(condition: Q | None = None) -> Sum:
    """The denominator of Persentase ARG, as an aggregate over budget lines (narrowed
    by `condition`): the one definition of the total pagu behind every Persentase
    ARG — the city board, the unit dashboard and the recaps — by
    `settings.PUG_ARG_DENOMINATOR`.

    `all` sums every line; `analysed` only the lines that have a dossier. A dossier
    always belongs to the cycle of its line's year (services.dossier_create), so
    "has a dossier" is "has a dossier that year"."""
    if settings.PUG_ARG_DENOMINATOR == ARG_DENOMINATOR_ANALYSED:
        analysed = Q(Exists(Dossier.objects.filter(budget_line=OuterRef("pk"))))
        condition = analysed if condition is None else condition & analysed
    return Sum("pagu", filter=condition)


def arg_pagu_sum(condition: Q | None = None) -> Sum:
    """The numerator of Persentase ARG: the ARG lines among those `total_pagu_sum`
    counts, so the share can never pass 100 % whichever denominator is in use."""
    arg = Q(is_arg=True)
    return total_pagu_sum(arg if condition is None else condition & arg)


def total_pagu_label() -> Any:
    """The name of the total pagu figure for the denominator in use."""
    return ARG_DENOMINATOR_LABELS[settings.PUG_ARG_DENOMINATOR][0]


def arg_denominator_label() -> Any:
    """What a Persentase ARG on a page is a percentage of: "dari total pagu" or
    "dari pagu sub kegiatan yang dianalisis"."""
    return ARG_DENOMINATOR_LABELS[settings.PUG_ARG_DENOMINATOR][1]


@dataclass(frozen=True)
class ArgFigures:
    """The Persentase ARG of a unit, a fiscal year or the city, with its parts."""

    total_pagu: Decimal = Decimal(0)
    arg_pagu: Decimal = Decimal(0)

    @property
    def percent(self) -> float | None:
        return percent(self.arg_pagu, self.total_pagu)

    @classmethod
    def of(cls, row: dict[str, Any], prefix: str = "") -> ArgFigures:
        """From the aggregates `_arg_sums(prefix)` named in `row`."""
        return cls(
            total_pagu=row.get(f"{prefix}total") or Decimal(0),
            arg_pagu=row.get(f"{prefix}arg") or Decimal(0),
        )


def _arg_sums(prefix: str = "", condition: Q | None = None) -> dict[str, Sum]:
    return {
        f"{prefix}total": total_pagu_sum(condition),
        f"{prefix}arg": arg_pagu_sum(condition),
    }


def arg_by_unit(*, year: int, units: list[int] | None = None) -> dict[int, ArgFigures]:
    """Each unit's Persentase ARG in `year` (only `units`' when given): one GROUP BY
    query. Units without budget lines that year are missing from the result."""
    lines = BudgetLine.objects.filter(year=year)
    if units is not None:
        lines = lines.filter(unit_id__in=units)
    rows = lines.order_by().values("unit_id").annotate(**_arg_sums())
    return {row["unit_id"]: ArgFigures.of(row) for row in rows}


def arg_by_year() -> dict[int, ArgFigures]:
    """The city's Persentase ARG of every fiscal year with budget lines: one GROUP BY
    query."""
    rows = BudgetLine.objects.order_by().values("year").annotate(**_arg_sums())
    return {row["year"]: ArgFigures.of(row) for row in rows}


def unit_and_city_arg(*, unit: Unit, year: int) -> tuple[ArgFigures, ArgFigures]:
    """`unit`'s Persentase ARG in `year` and the city's: one aggregate query."""
    sums = BudgetLine.objects.filter(year=year).aggregate(
        **_arg_sums("unit_", Q(unit=unit)), **_arg_sums("city_")
    )
    return ArgFigures.of(sums, "unit_"), ArgFigures.of(sums, "city_")


# --- the year shown and its deadline ---


@dataclass(frozen=True)
class Deadline:
    """Days to (positive) or past (negative) the submission deadline."""

    date: datetime.date | None
    days: int | None

    @property
    def is_past(self) -> bool:
        return self.days is not None and self.days < 0

    @property
    def days_past(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0

    @classmethod
    def of(cls, cycle: EvaluationCycle | None, on: datetime.date) -> Deadline:
        if cycle is None:
            return cls(None, None)
        return cls(cycle.submission_deadline, (cycle.submission_deadline - on).days)


def cycles() -> list[EvaluationCycle]:
    """Every evaluation cycle, newest first: one query."""
    return list(EvaluationCycle.objects.order_by("-year"))


def pick_cycle(
    all_cycles: list[EvaluationCycle], year: int | None
) -> tuple[int | None, EvaluationCycle | None]:
    """The asked year's cycle; else the latest open one; else the latest."""
    by_year = {c.year: c for c in all_cycles}
    if year is not None:
        return year, by_year.get(year)
    open_cycles = [c for c in all_cycles if c.is_open]
    chosen = open_cycles[0] if open_cycles else (all_cycles[0] if all_cycles else None)
    return (chosen.year if chosen else None), chosen


@dataclass
class YearBoard:
    """What both dashboards know of the year shown: its cycle (None without one),
    the cycles to choose from, the day they are computed for and the deadline."""

    year: int | None
    cycle: EvaluationCycle | None
    cycles: list[EvaluationCycle]
    today: datetime.date
    deadline: Deadline

    @classmethod
    def for_year(cls, year: int | None, on: datetime.date, **figures: Any) -> Self:
        """The board of `year` (None: the current cycle's) on `on`. One query."""
        all_cycles = cycles()
        year, cycle = pick_cycle(all_cycles, year)
        deadline = Deadline.of(cycle, on)
        return cls(year, cycle, all_cycles, on, deadline, **figures)

    @property
    def arg_denominator_label(self) -> Any:
        return arg_denominator_label()

    @property
    def total_pagu_label(self) -> Any:
        return total_pagu_label()


def not_started_lines(year: int) -> QuerySet[BudgetLine]:
    """ARG budget lines of `year` without a dossier."""
    has_dossier = Dossier.objects.filter(budget_line=OuterRef("pk"))
    return BudgetLine.objects.filter(year=year, is_arg=True).filter(
        ~Exists(has_dossier)
    )
