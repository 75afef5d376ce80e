"""Dashboard selectors: the city compliance board, its headline figures and trends,
and one unit's dashboard (issue 5).

Everything is aggregated in the database (annotate / Count / Sum / conditional
aggregates / correlated subqueries), so each selector runs a fixed number of queries
whatever the number of units, budget lines or dossiers; see
tests/evaluations/test_dashboard_queries.py for the pinned counts and the list of
queries. Python only reshapes the few aggregate rows (one per unit, per unit type or
per year) that come back.

Definitions used throughout:
- *not started*: a budget line of the year flagged ARG that has no dossier yet;
- *classification* and *average score*: the reviewer's rubric score of **approved**
  dossiers (a score given during review is provisional until approval);
- *Persentase ARG*: ARG pagu ÷ total pagu of the year's budget lines × 100;
- *focal points*: people with a current appointment (DESIGN §3), counted once each;
  *trained*: the rule in `focal_points.models.trained_exists`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
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

# ?sort= values of the board → order_by(); "-" prefix for descending in the URL.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "type": ("unit_type", "name"),
    "focal_point": ("has_valid_focal_point", "name"),
    "outstanding": ("outstanding", "name"),
    "arg": ("arg_percent", "name"),
    **{key.lower(): (f"n_{key.lower()}", "name") for key in STATUS_KEYS},
}
DEFAULT_SORT = "-outstanding"

MONEY = DecimalField(max_digits=20, decimal_places=2)


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
    def approved(self) -> int:
        return self.status_totals.get(Status.APPROVED, 0)

    @property
    def arg_ranking(self) -> list[BoardRow]:
        """Units with a budget this year, highest Persentase ARG first."""
        ranked = [r for r in self.rows if r.arg_percent is not None]
        return sorted(ranked, key=lambda r: (-r.arg_percent, r.unit.name))


# --- building blocks ---


def _count(queryset: QuerySet, ref: str = "unit") -> Coalesce:
    """COUNT(*) of `queryset` per outer row, as a correlated subquery."""
    counted = (
        queryset.filter(**{ref: OuterRef("pk")})
        .order_by()
        .values(ref)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _sum(queryset: QuerySet, column: str, ref: str = "unit") -> Coalesce:
    summed = (
        queryset.filter(**{ref: OuterRef("pk")})
        .order_by()
        .values(ref)
        .annotate(s=Sum(column))
        .values("s")
    )
    return Coalesce(
        Subquery(summed, output_field=MONEY), Value(Decimal(0)), output_field=MONEY
    )


def not_started_lines(year: int) -> QuerySet[BudgetLine]:
    """ARG budget lines of `year` without a dossier."""
    has_dossier = Dossier.objects.filter(budget_line=OuterRef("pk"))
    return BudgetLine.objects.filter(year=year, is_arg=True).filter(
        ~Exists(has_dossier)
    )


def board_units(
    *,
    year: int,
    cycle: EvaluationCycle | None,
    unit_type: str = "",
    sort: str = DEFAULT_SORT,
    on: datetime.date | None = None,
) -> QuerySet[Unit]:
    """One row per unit, one query: active units, plus any unit with budget lines or
    dossiers in `year`; annotated with the focal-point status, counts by status,
    pagu and Persentase ARG."""
    lines = BudgetLine.objects.filter(year=year)
    dossiers = Dossier.objects.filter(cycle_id=cycle.pk if cycle else None)
    annotations: dict[str, Any] = {
        f"n_{NOT_STARTED.lower()}": _count(not_started_lines(year)),
    }
    for status in STATUS_KEYS[1:]:
        annotations[f"n_{status.lower()}"] = _count(dossiers.filter(status=status))
    units = (
        Unit.objects.with_focal_point_status(on)
        .filter(
            Q(is_active=True)
            | Exists(lines.filter(unit=OuterRef("pk")))
            | Exists(dossiers.filter(unit=OuterRef("pk")))
        )
        .annotate(
            **annotations,
            total_pagu=_sum(lines, "pagu"),
            arg_pagu=_sum(lines.filter(is_arg=True), "pagu"),
        )
        .annotate(
            outstanding=sum(
                (F(f"n_{key.lower()}") for key in OUTSTANDING[1:]),
                F(f"n_{OUTSTANDING[0].lower()}"),
            ),
            arg_percent=Case(
                When(
                    total_pagu__gt=0,
                    then=Cast("arg_pagu", FloatField())
                    * 100.0
                    / Cast("total_pagu", FloatField()),
                ),
                default=None,
                output_field=FloatField(),
            ),
        )
    )
    if unit_type:
        units = units.filter(unit_type=unit_type)
    key = sort.lstrip("-")
    fields = SORTS.get(key, SORTS[DEFAULT_SORT.lstrip("-")])
    descending = sort.startswith("-") if key in SORTS else True
    first = (
        F(fields[0]).desc(nulls_last=True)
        if descending
        else F(fields[0]).asc(nulls_last=True)
    )
    return units.order_by(first, *fields[1:], "pk")


def _row(unit: Unit) -> BoardRow:
    counts = {key: getattr(unit, f"n_{key.lower()}") for key in STATUS_KEYS}
    return BoardRow(
        unit=unit,
        counts=counts,
        total=sum(counts.values()),
        outstanding=unit.outstanding,
        total_pagu=unit.total_pagu or Decimal(0),
        arg_pagu=unit.arg_pagu or Decimal(0),
        arg_percent=unit.arg_percent,
    )


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
    when None). Nine queries whatever the data size."""
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
    board.rows = [
        _row(u)
        for u in board_units(
            year=year, cycle=cycle, unit_type=unit_type, sort=sort, on=on
        )
    ]  # 2

    units = (
        Unit.objects.active()
        .with_focal_point_status(on)
        .aggregate(  # 3
            total=Count("pk"), valid=Count("pk", filter=Q(has_valid_focal_point=True))
        )
    )
    board.units_total, board.units_with_focal_point = units["total"], units["valid"]

    by_type: dict[str, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(STATUS_KEYS, 0)
    )
    for row in (  # 4
        Dossier.objects.filter(cycle_id=cycle.pk if cycle else None)
        .order_by()
        .values("unit__unit_type", "status")
        .annotate(n=Count("pk"))
    ):
        by_type[row["unit__unit_type"]][row["status"]] = row["n"]
    for row in (  # 5
        not_started_lines(year)
        .order_by()
        .values("unit__unit_type")
        .annotate(n=Count("pk"))
    ):
        by_type[row["unit__unit_type"]][NOT_STARTED] = row["n"]
    order = {value: i for i, value in enumerate(UnitType.values)}
    board.status_by_type = {
        t: dict(by_type[t]) for t in sorted(by_type, key=lambda t: order.get(t, 99))
    }
    board.status_totals = {
        key: sum(counts[key] for counts in by_type.values()) for key in STATUS_KEYS
    }
    board.dossiers_total = sum(
        n for key, n in board.status_totals.items() if key != NOT_STARTED
    )

    by_year: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(Classification.values, 0)
    )
    score_sums: dict[int, int] = defaultdict(int)
    for row in (  # 6
        RubricScore.objects.filter(
            kind=ScoreKind.REVIEWER, dossier__status=Status.APPROVED
        )
        .order_by()
        .values("dossier__cycle__year", "classification")
        .annotate(n=Count("pk"), points=Sum("total"))
    ):
        by_year[row["dossier__cycle__year"]][row["classification"]] = row["n"]
        score_sums[row["dossier__cycle__year"]] += row["points"] or 0
    board.classification_by_year = {y: by_year[y] for y in sorted(by_year)}
    board.classification = dict(
        by_year.get(year) or dict.fromkeys(Classification.values, 0)
    )
    board.classified_total = sum(board.classification.values())
    if board.classified_total:
        board.average_score = score_sums[year] / board.classified_total

    dossiers_by_year = {
        row["cycle__year"]: row
        for row in (  # 7
            Dossier.objects.order_by()
            .values("cycle__year")
            .annotate(
                n=Count("pk"), approved=Count("pk", filter=Q(status=Status.APPROVED))
            )
        )
    }
    pagu_by_year = {
        row["year"]: row
        for row in (  # 8
            BudgetLine.objects.order_by()
            .values("year")
            .annotate(total=Sum("pagu"), arg=Sum("pagu", filter=Q(is_arg=True)))
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

    board.people = focal_point_people(on=on)  # 9
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
    arg = Q(is_arg=True)
    sums = BudgetLine.objects.filter(year=year).aggregate(  # 6
        unit_total=Sum("pagu", filter=mine),
        unit_arg=Sum("pagu", filter=mine & arg),
        city_total=Sum("pagu"),
        city_arg=Sum("pagu", filter=arg),
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
