"""One unit's dashboard: its dossiers of the year and what is left to do, the open
review comments, its focal-point team and its Persentase ARG next to the city's.
One function per figure, each running one query; the team and the dossiers take
several units at once, for the unit annual recap
(evaluations.exporters.unit_recap). The definitions are those of
`evaluations.selectors.dashboard`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery, Window

from evaluations.models import (
    BudgetLine,
    Dossier,
    ReviewComment,
    RubricScore,
    ScoreKind,
    TotalBelanja,
)
from evaluations.selectors.arg import total_belanja_row
from evaluations.selectors.dashboard import (
    NOT_STARTED,
    OUTSTANDING,
    STATUS_ICON,
    STATUS_KEYS,
    ArgFigures,
    StatusCell,
    YearBoard,
    not_started_lines,
    status_cells,
    unit_and_city_arg,
)
from evaluations.selectors.dossiers import with_reviewer_total
from focal_points.models import FocalPointAppointment, Unit, as_of_year, today


@dataclass
class UnitDashboard(YearBoard):
    unit: Unit = field(kw_only=True)
    # the page of the year's dossiers shown (the view pages `dossier_query`)
    dossiers: list[Dossier] = field(default_factory=list)
    dossier_query: object = None
    not_started: list[BudgetLine] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # the first OPEN_COMMENTS_SHOWN open comments, and how many are open in all
    open_comments: list[ReviewComment] = field(default_factory=list)
    open_comment_total: int = 0
    team: list[FocalPointAppointment] = field(default_factory=list)
    # "SK focal point tahun berjalan" and the day the team is taken on (as_of_year)
    has_year_focal_point: bool = False
    as_of: datetime.date | None = None
    unit_arg: ArgFigures = field(default_factory=ArgFigures)
    city_arg: ArgFigures = field(default_factory=ArgFigures)
    # the row that makes the unit's total belanja of the year (its phase shown)
    total_belanja: TotalBelanja | None = None

    @property
    def unit_arg_percent(self) -> float | None:
        return self.unit_arg.percent

    @property
    def city_arg_percent(self) -> float | None:
        return self.city_arg.percent

    @property
    def outstanding(self) -> int:
        return sum(self.counts.get(key, 0) for key in OUTSTANDING)

    @property
    def status_cells(self) -> list[StatusCell]:
        return status_cells(self.counts)

    @property
    def not_started_icon(self) -> str:
        return STATUS_ICON[NOT_STARTED]


def team_by_unit(
    *, units: list[int], on: datetime.date | None = None
) -> dict[int, list[FocalPointAppointment]]:
    """Each unit's focal points in office on `on` (today by default) with their
    training status by then, by team role then name. One query. A year's board or
    recap passes `as_of_year(year)`, so a past year shows that year's team."""
    on = on or today()
    team: dict[int, list[FocalPointAppointment]] = defaultdict(list)
    for appointment in (
        FocalPointAppointment.objects.current(on)
        .filter(unit_id__in=units)
        .with_training_status(by=on)
        .select_related("person", "decree")
        .order_by("team_role", "person__name", "pk")
    ):
        team[appointment.unit_id].append(appointment)
    return dict(team)


def unit_dossiers(*, units: list[int], year: int):
    """The units' dossiers of fiscal year `year`, as a list row shows them (budget
    line, open comments) with the reviewer's score and class and the self score,
    by sub-kegiatan code (a query, not run)."""
    self_score = RubricScore.objects.filter(dossier=OuterRef("pk"), kind=ScoreKind.SELF)
    return (
        with_reviewer_total(
            Dossier.objects.filter(unit_id__in=units, cycle__year=year).for_list()
        )
        .annotate(self_total=Subquery(self_score.values("total")[:1]))
        .order_by("budget_line__sub_kegiatan_code", "pk")
    )


def dossiers_by_unit(*, units: list[int], year: int) -> dict[int, list[Dossier]]:
    """Each unit's dossiers of fiscal year `year` (unit_dossiers). One query."""
    dossiers: dict[int, list[Dossier]] = defaultdict(list)
    for dossier in unit_dossiers(units=units, year=year):
        dossiers[dossier.unit_id].append(dossier)
    return dict(dossiers)


# The board lists the first open comments only: a unit answering many reviews has
# dozens, and each is on its dossier's page, where it is answered.
OPEN_COMMENTS_SHOWN = 10


def open_comments(
    *, unit: Unit, cycle_id: int | None, limit: int = OPEN_COMMENTS_SHOWN
) -> tuple[list[ReviewComment], int]:
    """The first `limit` unresolved review comments on `unit`'s dossiers of the
    cycle (by sub kegiatan, then age), with their dossier and author, and how many
    there are in all (a window count on every row). One query."""
    comments = list(
        ReviewComment.objects.filter(
            dossier__unit=unit, dossier__cycle_id=cycle_id, resolved=False
        )
        .select_related("dossier__budget_line", "author")
        .annotate(open_total=Window(Count("pk")))
        .order_by("dossier__budget_line__sub_kegiatan_code", "created_at", "pk")[:limit]
    )
    return comments, (comments[0].open_total if comments else 0)


def status_counts(dossiers: list[Dossier], not_started: int) -> dict[str, int]:
    """{status key: n} of dossiers already loaded (no query)."""
    counts = dict.fromkeys(STATUS_KEYS, 0)
    for dossier in dossiers:
        counts[dossier.status] += 1
    counts[NOT_STARTED] = not_started
    return counts


def unit_dashboard(
    *, unit: Unit, year: int | None, on: datetime.date | None = None
) -> UnitDashboard:
    """Everything one unit's dashboard shows: ten queries whatever the data size
    (the unit itself is fetched by the view, in scope). The team, its training and
    the SK status are those of the fiscal year shown (as_of_year)."""
    on = on or today()
    board = UnitDashboard.for_year(year, on, unit=unit)
    year, cycle = board.year, board.cycle
    fiscal_year = on.year if year is None else year
    board.as_of = as_of_year(fiscal_year, on)
    board.team = team_by_unit(units=[unit.pk], on=board.as_of).get(unit.pk, [])
    board.has_year_focal_point = (
        FocalPointAppointment.objects.covering_year(fiscal_year)
        .filter(unit=unit)
        .exists()
    )
    if year is None:
        return board
    # The year's dossiers are listed a page at a time by the view (a unit may have
    # hundreds); the counts come from one grouped query, not from the rows.
    board.dossier_query = unit_dossiers(units=[unit.pk], year=year)
    board.not_started = list(
        not_started_lines(year).filter(unit=unit).order_by("sub_kegiatan_code")
    )
    board.counts = {
        **dict.fromkeys(STATUS_KEYS, 0),
        **Dossier.objects.filter(unit=unit, cycle__year=year).status_counts(),
        NOT_STARTED: len(board.not_started),
    }
    board.open_comments, board.open_comment_total = open_comments(
        unit=unit, cycle_id=cycle.pk if cycle else None
    )
    board.unit_arg, board.city_arg = unit_and_city_arg(unit_id=unit.pk, year=year)
    board.total_belanja = total_belanja_row(unit_id=unit.pk, year=year)
    return board
