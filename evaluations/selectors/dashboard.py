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
- *Persentase ARG*: ARG pagu (lines flagged ARG whose GBS is approved) ÷ total
  belanja × 100; every ARG figure is defined once, in `evaluations.selectors.arg`;
- *Perangkat Daerah*: the units whose type is in settings.PUG_PERANGKAT_DAERAH_TYPES
  (`UnitType.perangkat_daerah`); the compliance headline and matrix count only these,
  and only the units of the year (`dashboard_city.in_year`);
- *GAP, GBS, KAK/TOR* in the compliance matrix: approved documents; *PD melaksanakan
  PPRG*: a Perangkat Daerah with at least settings.PUG_PPRG_MIN_DOCUMENTS approved
  dokumen PPRG in the year;
- *SK focal point tahun berjalan*: `AppointmentQuerySet.covering_year` (a decree for
  the year, or an appointment in effect on any day of it); access keeps today's rule;
- *focal points*: people with an appointment in effect on the year's figures day,
  `as_of_year(year)` (the year's last day once it is over, else today), counted once
  each; *trained*: the rule in `focal_points.models.trained_exists`, by that day. A
  year's board, recap and export therefore stay as they were when the registry
  changes later.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Self

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    BudgetLine,
    Dossier,
    EvaluationCycle,
)

# The ARG figures, defined in selectors.arg, are also read from here by the boards.
from evaluations.selectors.arg import (  # noqa: F401
    ArgFigures,
    arg_by_unit,
    arg_by_year,
    percent,
    unit_and_city_arg,
)
from evaluations.workflow import STATUS_ICONS, Status

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
    """Every evaluation cycle, newest first, with its closed year's summary
    (evaluations.year_summaries; a LEFT JOIN): one query."""
    return list(EvaluationCycle.objects.select_related("summary").order_by("-year"))


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


def not_started_lines(year: int) -> QuerySet[BudgetLine]:
    """ARG budget lines of `year` without a dossier."""
    has_dossier = Dossier.objects.filter(budget_line=OuterRef("pk"))
    return BudgetLine.objects.filter(year=year, is_arg=True).filter(
        ~Exists(has_dossier)
    )
