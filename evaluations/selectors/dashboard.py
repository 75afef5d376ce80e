"""Dashboard selectors: the city compliance board, its headline figures and trends,
and one unit's dashboard (issue 5).

Everything is aggregated in the database (GROUP BY with Count / Sum / conditional
aggregates, EXISTS), so each selector runs a fixed number of queries
whatever the number of units, budget lines or dossiers; see
tests/evaluations/test_dashboard_queries.py for the pinned counts and the list of
queries. Python only reshapes the few aggregate rows (one per unit, per unit type or
per year) that come back.

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
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    BudgetLine,
    Classification,
    Dossier,
    EvaluationCycle,
    ReviewComment,
    RubricScore,
    ScoreKind,
)
from evaluations.workflow import Status
from focal_points.models import (
    FocalPointAppointment,
    Sex,
    Unit,
    UnitType,
    today,
    trained_exists,
)

NOT_STARTED = "NOT_STARTED"
# Board columns, in workflow order: (key, label, icon). Text and icon on every count.
STATUS_COLUMNS: tuple[tuple[str, Any, str], ...] = (
    (NOT_STARTED, _("Belum dimulai"), "bi-hourglass"),
    (Status.DRAFT, Status.DRAFT.label, "bi-pencil"),
    (Status.SUBMITTED, Status.SUBMITTED.label, "bi-send"),
    (Status.IN_REVIEW, Status.IN_REVIEW.label, "bi-search"),
    (
        Status.REVISION_REQUESTED,
        Status.REVISION_REQUESTED.label,
        "bi-arrow-counterclockwise",
    ),
    (Status.APPROVED, Status.APPROVED.label, "bi-lock"),
)
STATUS_KEYS = tuple(key for key, _label, _icon in STATUS_COLUMNS)
# Work still on the unit's side before the deadline.
OUTSTANDING = (NOT_STARTED, Status.DRAFT, Status.REVISION_REQUESTED)

# ?sort= values of the board; "-" prefix for descending in the URL.
SORTS: tuple[str, ...] = (
    "name",
    "type",
    "focal_point",
    "outstanding",
    "arg",
    *(key.lower() for key in STATUS_KEYS),
)
DEFAULT_SORT = "-outstanding"


# --- Persentase ARG: its denominator ---

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


# --- small value types ---


def percent(part: Decimal | int | None, whole: Decimal | int | None) -> float | None:
    """part ÷ whole × 100, or None when there is no whole."""
    if not whole:
        return None
    return float(Decimal(part or 0) * 100 / Decimal(whole))


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


@dataclass(frozen=True)
class BoardRow:
    unit: Unit
    counts: dict[str, int]
    total: int  # dossiers plus lines not started
    outstanding: int
    total_pagu: Decimal
    arg_pagu: Decimal
    arg_percent: float | None


@dataclass
class CityDashboard:
    year: int | None
    cycle: EvaluationCycle | None
    cycles: list[EvaluationCycle]
    today: datetime.date
    deadline: Deadline
    rows: list[BoardRow]
    # headline figures
    units_total: int = 0
    units_with_focal_point: int = 0
    status_totals: dict[str, int] = field(default_factory=dict)
    dossiers_total: int = 0
    total_pagu: Decimal = Decimal(0)
    arg_pagu: Decimal = Decimal(0)
    arg_percent: float | None = None
    classification: dict[str, int] = field(default_factory=dict)
    classified_total: int = 0
    average_score: float | None = None
    people: dict[str, int] = field(default_factory=dict)
    # chart data
    status_by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    classification_by_year: dict[int, dict[str, int]] = field(default_factory=dict)
    trend: list[dict[str, Any]] = field(default_factory=list)

    @property
    def arg_denominator_label(self) -> Any:
        return arg_denominator_label()

    @property
    def total_pagu_label(self) -> Any:
        return total_pagu_label()

    @property
    def approved(self) -> int:
        return self.status_totals.get(Status.APPROVED, 0)

    @property
    def arg_ranking(self) -> list[BoardRow]:
        """Units with a budget this year, highest Persentase ARG first."""
        ranked = [r for r in self.rows if r.arg_percent is not None]
        return sorted(ranked, key=lambda r: (-r.arg_percent, r.unit.name))


# --- building blocks ---


def not_started_lines(year: int) -> QuerySet[BudgetLine]:
    """ARG budget lines of `year` without a dossier."""
    has_dossier = Dossier.objects.filter(budget_line=OuterRef("pk"))
    return BudgetLine.objects.filter(year=year, is_arg=True).filter(
        ~Exists(has_dossier)
    )


def _sort_key(key: str):
    """Sort key of a board row for ?sort=`key` (the name breaks ties)."""
    if key == "name":
        return lambda r: (r.unit.name.casefold(),)
    if key == "type":
        order = {value: i for i, value in enumerate(UnitType.values)}
        return lambda r: (order.get(r.unit.unit_type, 99), r.unit.name.casefold())
    if key == "focal_point":
        return lambda r: (r.unit.has_valid_focal_point, r.unit.name.casefold())
    if key == "outstanding":
        return lambda r: (r.outstanding, r.unit.name.casefold())
    if key == "arg":
        return lambda r: (r.arg_percent, r.unit.name.casefold())
    status = key.upper()
    return lambda r: (r.counts.get(status, 0), r.unit.name.casefold())


def sort_rows(rows: list[BoardRow], sort: str) -> list[BoardRow]:
    """The board in ?sort= order; "-" for descending. Rows without a value (no
    budget, so no Persentase ARG) go last either way."""
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = DEFAULT_SORT.lstrip("-"), DEFAULT_SORT
    descending = sort.startswith("-")
    by_name = sorted(rows, key=lambda r: r.unit.name.casefold())
    if key == "arg":
        known = [r for r in by_name if r.arg_percent is not None]
        unknown = [r for r in by_name if r.arg_percent is None]
        known.sort(key=lambda r: r.arg_percent, reverse=descending)
        return known + unknown
    primary = _sort_key(key)
    return sorted(by_name, key=lambda r: primary(r)[0], reverse=descending)


def cycles() -> list[EvaluationCycle]:
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


# --- the city dashboard ---


def city_dashboard(
    *,
    year: int | None,
    unit_type: str = "",
    sort: str = DEFAULT_SORT,
    on: datetime.date | None = None,
) -> CityDashboard:
    """Everything the city dashboard shows for fiscal year `year` (the current cycle
    when None): eight queries whatever the data size, each one GROUP BY or one
    aggregate (no correlated subquery per unit: PostgreSQL would re-run each of
    them for every unit, and its JIT would compile the resulting plan).

    Python then only puts together the aggregate rows (one per unit and status,
    per unit, per year): the board's rows, its unit-type filter and its sort, and
    the figures by unit type."""
    on = on or today()
    all_cycles = cycles()  # 1
    year, cycle = pick_cycle(all_cycles, year)
    board = CityDashboard(
        year=year,
        cycle=cycle,
        cycles=all_cycles,
        today=on,
        deadline=Deadline.of(cycle, on),
        rows=[],
    )
    if year is None:
        return board
    cycle_id = cycle.pk if cycle else None
    lines = BudgetLine.objects.filter(year=year)
    dossiers = Dossier.objects.filter(cycle_id=cycle_id)

    units = list(  # 2: active units, and any unit with records this year
        Unit.objects.with_focal_point_status(on).filter(
            Q(is_active=True)
            | Exists(lines.filter(unit=OuterRef("pk")))
            | Exists(dossiers.filter(unit=OuterRef("pk")))
        )
    )
    counts: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(STATUS_KEYS, 0)
    )
    for row in (  # 3: dossiers of the cycle by unit and status
        dossiers.order_by().values("unit_id", "status").annotate(n=Count("*"))
    ):
        counts[row["unit_id"]][row["status"]] = row["n"]
    pagu: dict[int, dict[str, Any]] = {}
    for row in (  # 4: the year's lines by unit; a line has at most one dossier,
        # and joining only this cycle's dossiers keeps the join as small as the year
        lines.annotate(
            cycle_dossier=FilteredRelation(
                "dossiers", condition=Q(dossiers__cycle_id=cycle_id)
            )
        )
        .order_by()
        .values("unit_id")
        .annotate(
            total=total_pagu_sum(),
            arg=arg_pagu_sum(),
            not_started=Count("pk", filter=Q(is_arg=True, cycle_dossier__isnull=True)),
        )
    ):
        pagu[row["unit_id"]] = row
        counts[row["unit_id"]][NOT_STARTED] = row["not_started"]

    all_rows = []
    by_type: dict[str, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(STATUS_KEYS, 0)
    )
    for unit in units:
        unit_counts = dict(counts[unit.pk])
        money = pagu.get(unit.pk, {})
        total_pagu = money.get("total") or Decimal(0)
        arg_pagu = money.get("arg") or Decimal(0)
        all_rows.append(
            BoardRow(
                unit=unit,
                counts=unit_counts,
                total=sum(unit_counts.values()),
                outstanding=sum(unit_counts[key] for key in OUTSTANDING),
                total_pagu=total_pagu,
                arg_pagu=arg_pagu,
                arg_percent=percent(arg_pagu, total_pagu),
            )
        )
        for key, n in unit_counts.items():
            by_type[unit.unit_type][key] += n
    shown = [r for r in all_rows if not unit_type or r.unit.unit_type == unit_type]
    board.rows = sort_rows(shown, sort)

    active = [u for u in units if u.is_active]
    board.units_total = len(active)
    board.units_with_focal_point = sum(1 for u in active if u.has_valid_focal_point)
    order = {value: i for i, value in enumerate(UnitType.values)}
    board.status_by_type = {
        t: by_type[t]
        for t in sorted(by_type, key=lambda t: order.get(t, 99))
        if any(by_type[t].values())
    }
    board.status_totals = {
        key: sum(counts_of_type[key] for counts_of_type in by_type.values())
        for key in STATUS_KEYS
    }
    board.dossiers_total = sum(
        n for key, n in board.status_totals.items() if key != NOT_STARTED
    )

    year_of = {c.pk: c.year for c in all_cycles}
    by_year: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(Classification.values, 0)
    )
    score_sums: dict[int, int] = defaultdict(int)
    for row in (  # 5: reviewer classification of approved dossiers, by cycle
        RubricScore.objects.filter(
            kind=ScoreKind.REVIEWER, dossier__status=Status.APPROVED
        )
        .order_by()
        .values("dossier__cycle_id", "classification")
        .annotate(n=Count("*"), points=Sum("total"))
    ):
        y = year_of[row["dossier__cycle_id"]]
        by_year[y][row["classification"]] += row["n"]
        score_sums[y] += row["points"] or 0
    board.classification_by_year = {y: by_year[y] for y in sorted(by_year)}
    board.classification = dict(
        by_year.get(year) or dict.fromkeys(Classification.values, 0)
    )
    board.classified_total = sum(board.classification.values())
    if board.classified_total:
        board.average_score = score_sums[year] / board.classified_total

    dossiers_by_year: dict[int, dict[str, int]] = {}
    for row in (  # 6: dossiers and approved dossiers by cycle
        Dossier.objects.order_by()
        .values("cycle_id")
        .annotate(
            n=Count("*"), approved=Count("status", filter=Q(status=Status.APPROVED))
        )
    ):
        dossiers_by_year[year_of[row["cycle_id"]]] = row
    pagu_by_year = {
        row["year"]: row
        for row in (  # 7: total and ARG pagu by fiscal year
            BudgetLine.objects.order_by()
            .values("year")
            .annotate(total=total_pagu_sum(), arg=arg_pagu_sum())
        )
    }
    this_year = pagu_by_year.get(year, {})
    board.total_pagu = this_year.get("total") or Decimal(0)
    board.arg_pagu = this_year.get("arg") or Decimal(0)
    board.arg_percent = percent(board.arg_pagu, board.total_pagu)
    years = sorted(
        set(dossiers_by_year) | set(pagu_by_year) | {c.year for c in all_cycles}
    )
    for y in years:
        d = dossiers_by_year.get(y, {})
        p = pagu_by_year.get(y, {})
        board.trend.append(
            {
                "year": y,
                "dossiers": d.get("n", 0),
                "approved": d.get("approved", 0),
                "approved_percent": percent(d.get("approved", 0), d.get("n", 0)),
                "total_pagu": p.get("total") or Decimal(0),
                "arg_pagu": p.get("arg") or Decimal(0),
                "arg_percent": percent(p.get("arg"), p.get("total")),
            }
        )

    board.people = focal_point_people(on=on)  # 8
    return board


def focal_point_people(*, on: datetime.date | None = None) -> dict[str, int]:
    """Current focal points and the trained among them, by sex; distinct people, one
    aggregate query (the same set the directory lists with its default filter)."""
    current = FocalPointAppointment.objects.current(on).annotate(
        trained=trained_exists(OuterRef("person_id"))
    )

    def people(*conditions: Q) -> Count:
        condition = Q()
        for c in conditions:
            condition &= c
        return Count("person", distinct=True, filter=condition)

    male, female, trained = Q(person__sex=Sex.L), Q(person__sex=Sex.P), Q(trained=True)
    totals = current.order_by().aggregate(
        male=people(male),
        female=people(female),
        trained_male=people(male, trained),
        trained_female=people(female, trained),
    )
    totals["total"] = totals["male"] + totals["female"]
    totals["trained_total"] = totals["trained_male"] + totals["trained_female"]
    return totals


# --- the unit dashboard ---


@dataclass
class UnitDashboard:
    unit: Unit
    year: int | None
    cycle: EvaluationCycle | None
    cycles: list[EvaluationCycle]
    today: datetime.date
    deadline: Deadline
    dossiers: list[Dossier] = field(default_factory=list)
    not_started: list[BudgetLine] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    open_comments: list[ReviewComment] = field(default_factory=list)
    team: list[FocalPointAppointment] = field(default_factory=list)
    unit_total_pagu: Decimal = Decimal(0)
    unit_arg_pagu: Decimal = Decimal(0)
    unit_arg_percent: float | None = None
    city_total_pagu: Decimal = Decimal(0)
    city_arg_pagu: Decimal = Decimal(0)
    city_arg_percent: float | None = None

    @property
    def arg_denominator_label(self) -> Any:
        return arg_denominator_label()

    @property
    def total_pagu_label(self) -> Any:
        return total_pagu_label()

    @property
    def outstanding(self) -> int:
        return sum(self.counts.get(key, 0) for key in OUTSTANDING)


def unit_dashboard(
    *, unit: Unit, year: int | None, on: datetime.date | None = None
) -> UnitDashboard:
    """One unit's dossiers, what is left to do, open review comments, its team and
    its Persentase ARG next to the city's. Seven queries whatever the data size
    (the unit itself is fetched by the view, in scope)."""
    on = on or today()
    all_cycles = cycles()  # 1
    year, cycle = pick_cycle(all_cycles, year)
    board = UnitDashboard(
        unit=unit,
        year=year,
        cycle=cycle,
        cycles=all_cycles,
        today=on,
        deadline=Deadline.of(cycle, on),
    )
    board.team = list(  # 2
        FocalPointAppointment.objects.current(on)
        .filter(unit=unit)
        .with_training_status()
        .select_related("person", "decree")
        .order_by("team_role", "person__name")
    )
    if year is None:
        return board
    reviewer_total = RubricScore.objects.filter(
        dossier=OuterRef("pk"), kind=ScoreKind.REVIEWER
    )
    board.dossiers = list(  # 3
        Dossier.objects.filter(unit=unit, cycle_id=cycle.pk if cycle else None)
        .for_list()
        .annotate(
            reviewer_total=Subquery(reviewer_total.values("total")[:1]),
            reviewer_class=Subquery(reviewer_total.values("classification")[:1]),
        )
        .order_by("budget_line__sub_kegiatan_code", "pk")
    )
    board.not_started = list(  # 4
        not_started_lines(year).filter(unit=unit).order_by("sub_kegiatan_code")
    )
    counts = dict.fromkeys(STATUS_KEYS, 0)
    for dossier in board.dossiers:  # already loaded: no query
        counts[dossier.status] += 1
    counts[NOT_STARTED] = len(board.not_started)
    board.counts = counts
    board.open_comments = list(  # 5
        ReviewComment.objects.filter(
            dossier__unit=unit,
            dossier__cycle_id=cycle.pk if cycle else None,
            resolved=False,
        )
        .select_related("dossier__budget_line", "author")
        .order_by("dossier__budget_line__sub_kegiatan_code", "created_at", "pk")
    )
    mine = Q(unit=unit)
    sums = BudgetLine.objects.filter(year=year).aggregate(  # 6
        unit_total=total_pagu_sum(mine),
        unit_arg=arg_pagu_sum(mine),
        city_total=total_pagu_sum(),
        city_arg=arg_pagu_sum(),
    )
    board.unit_total_pagu = sums["unit_total"] or Decimal(0)
    board.unit_arg_pagu = sums["unit_arg"] or Decimal(0)
    board.unit_arg_percent = percent(board.unit_arg_pagu, board.unit_total_pagu)
    board.city_total_pagu = sums["city_total"] or Decimal(0)
    board.city_arg_pagu = sums["city_arg"] or Decimal(0)
    board.city_arg_percent = percent(board.city_arg_pagu, board.city_total_pagu)
    return board


# --- the lists behind the figures ---


@dataclass(frozen=True)
class RecordFilters:
    """Query parameters shared by the dossier and budget-line lists the dashboard
    links to; each figure's link sets exactly the filters that produced it."""

    year: int | None = None
    unit: int | None = None
    unit_type: str = ""
    status: str = ""
    classification: str = ""
    arg: bool = False
    no_dossier: bool = False


def filtered_dossiers(*, user, filters: RecordFilters) -> QuerySet[Dossier]:
    """The dossiers behind a dashboard figure, in `user`'s scope."""
    reviewer = RubricScore.objects.filter(
        dossier=OuterRef("pk"), kind=ScoreKind.REVIEWER
    )
    dossiers = (
        Dossier.objects.visible_to(user)
        .for_list()
        .annotate(
            reviewer_total=Subquery(reviewer.values("total")[:1]),
            reviewer_class=Subquery(reviewer.values("classification")[:1]),
        )
    )
    if filters.year:
        dossiers = dossiers.filter(cycle__year=filters.year)
    if filters.unit:
        dossiers = dossiers.filter(unit_id=filters.unit)
    if filters.unit_type:
        dossiers = dossiers.filter(unit__unit_type=filters.unit_type)
    if filters.status:
        dossiers = dossiers.filter(status=filters.status)
    if filters.classification:
        dossiers = dossiers.filter(
            Exists(
                RubricScore.objects.filter(
                    dossier=OuterRef("pk"),
                    kind=ScoreKind.REVIEWER,
                    classification=filters.classification,
                )
            )
        )
    if filters.arg:
        dossiers = dossiers.filter(budget_line__is_arg=True)
    return dossiers.order_by(
        "-cycle__year", "unit__name", "budget_line__sub_kegiatan_code", "pk"
    )


def filtered_budget_lines(*, user, filters: RecordFilters) -> QuerySet[BudgetLine]:
    """The budget lines behind a pagu / ARG / not-started figure, in scope."""
    lines = BudgetLine.objects.visible_to(user).select_related("unit")
    if filters.year:
        lines = lines.filter(year=filters.year)
    if filters.unit:
        lines = lines.filter(unit_id=filters.unit)
    if filters.unit_type:
        lines = lines.filter(unit__unit_type=filters.unit_type)
    if filters.arg:
        lines = lines.filter(is_arg=True)
    if filters.no_dossier:
        lines = lines.filter(
            ~Exists(Dossier.objects.filter(budget_line=OuterRef("pk")))
        )
    return lines.order_by("-year", "unit__name", "sub_kegiatan_code", "pk")


def totals_of(lines: QuerySet[BudgetLine]) -> dict[str, Decimal | int]:
    """Count and pagu of a filtered budget-line list, one aggregate query."""
    result = lines.order_by().aggregate(n=Count("pk"), pagu=Sum("pagu"))
    result["pagu"] = result["pagu"] or Decimal(0)
    return result
