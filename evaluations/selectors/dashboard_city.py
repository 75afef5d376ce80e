"""The city compliance board: its rows (one per unit), its headline figures, the
figures by unit type and the year-over-year comparison. One function per figure,
each running at most one query (listed in its docstring); `city_dashboard` puts
them together. The definitions are those of `evaluations.selectors.dashboard`.

Each query is one GROUP BY or one aggregate, never a correlated subquery per unit:
PostgreSQL would re-run it for every unit, and its JIT would compile the plan.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Sum,
    Value,
)

from evaluations.gap import GAP_STEPS
from evaluations.models import (
    ActionPlanRow,
    BudgetLine,
    Classification,
    Dossier,
    RubricScore,
    ScoreKind,
)
from evaluations.selectors.dashboard import (
    NOT_STARTED,
    OUTSTANDING,
    STATUS_KEYS,
    ArgFigures,
    StatusCell,
    YearBoard,
    arg_by_unit,
    percent,
    status_cells,
)
from evaluations.workflow import Status
from focal_points.filters import PERANGKAT_DAERAH
from focal_points.models import (
    FocalPointAppointment,
    Sex,
    Unit,
    UnitType,
    as_of_year,
    fiscal_year_bounds,
    today,
    trained_exists,
)

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
# ?unit_type= of the board: the Perangkat Daerah by default (the units its compliance
# figures count), "ALL" for every unit, or one unit type.
ALL_UNITS = "ALL"
UNIT_TYPE_CHOICES: tuple[str, ...] = (PERANGKAT_DAERAH, ALL_UNITS, *UnitType.values)
TYPE_ORDER = {value: i for i, value in enumerate(UnitType.values)}


@dataclass(frozen=True)
class BoardRow:
    unit: Unit
    counts: dict[str, int]
    total: int  # dossiers plus lines not started
    outstanding: int
    total_pagu: Decimal
    arg_pagu: Decimal
    arg_percent: float | None
    arg: ArgFigures = ArgFigures()  # every ARG figure of the unit

    @property
    def cells(self) -> list[StatusCell]:
        return status_cells(self.counts)

    @property
    def implements_pprg(self) -> bool:
        """ "PD melaksanakan PPRG": a Perangkat Daerah with at least
        PUG_PPRG_MIN_DOCUMENTS approved dokumen PPRG (each an approved GAP and GBS)
        in the year. Other units are not counted, whatever they did."""
        return (
            self.unit.is_perangkat_daerah
            and self.counts.get(Status.APPROVED, 0) >= settings.PUG_PPRG_MIN_DOCUMENTS
        )


@dataclass
class CityDashboard(YearBoard):
    rows: list[BoardRow] = field(default_factory=list)
    # headline figures
    units_total: int = 0
    units_with_focal_point: int = 0
    units_implementing_pprg: int = 0
    status_totals: dict[str, int] = field(default_factory=dict)
    dossiers_total: int = 0
    total_pagu: Decimal = Decimal(0)
    arg_pagu: Decimal = Decimal(0)
    arg_percent: float | None = None
    arg: ArgFigures = field(default_factory=ArgFigures)  # the city's, this year
    classification: dict[str, int] = field(default_factory=dict)
    classified_total: int = 0
    average_score: float | None = None
    # the day the registry's figures are taken on (as_of_year): the team and the
    # trained people of a past year are those of its last day
    as_of: datetime.date | None = None
    people: dict[str, int] = field(default_factory=dict)
    # chart data
    status_by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    classification_by_year: dict[int, dict[str, int]] = field(default_factory=dict)
    trend: list[dict[str, Any]] = field(default_factory=list)

    @property
    def approved(self) -> int:
        return self.status_totals.get(Status.APPROVED, 0)

    @property
    def pprg_percent(self) -> float | None:
        """PD melaksanakan PPRG as a share of the Perangkat Daerah counted."""
        return percent(self.units_implementing_pprg, self.units_total)

    @property
    def pprg_min_documents(self) -> int:
        return settings.PUG_PPRG_MIN_DOCUMENTS

    @property
    def column_totals(self) -> list[StatusCell]:
        """The board's footer: each status column added up over the rows shown (the
        unit-type filter applies, as it does to the footer's links)."""
        return status_cells(status_totals(self.rows))

    @property
    def arg_ranking(self) -> list[BoardRow]:
        """Units with a budget this year, highest Persentase ARG first."""
        ranked = [r for r in self.rows if r.arg_percent is not None]
        return sorted(ranked, key=lambda r: (-r.arg_percent, r.unit.name))


# --- the board's rows ---


def in_year(year: int) -> Q:
    """A unit that existed in fiscal year `year`: its validity overlaps the year,
    it is active or was ended on a known day (a rename or a dissolution), and it was
    not renamed during the year (its successor stands for it, once). A unit set up
    later, or ended since, leaves a past year's figures as they were."""
    first, last = fiscal_year_bounds(year)
    renamed = Unit.objects.filter(predecessor=OuterRef("pk"), valid_from__lte=last)
    return (
        (Q(is_active=True) | Q(valid_to__isnull=False))
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=last))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        & ~Exists(renamed)
    )


def board_units(*, year: int, cycle_id: int | None) -> list[Unit]:
    """The board's units, with `has_year_focal_point` (SK focal point tahun
    berjalan: AppointmentQuerySet.covering_year) and `in_year` (counted by the
    headline, `in_year()`): the units of the year, and any unit with budget lines or
    dossiers in it. One query."""
    lines = BudgetLine.objects.filter(year=year, unit=OuterRef("pk"))
    dossiers = Dossier.objects.filter(cycle_id=cycle_id, unit=OuterRef("pk"))
    existed = in_year(year)
    return list(
        Unit.objects.with_year_focal_point(year)
        .annotate(in_year=ExpressionWrapper(existed, output_field=BooleanField()))
        .filter(existed | Exists(lines) | Exists(dossiers))
    )


def status_counts_by_unit(
    *, year: int, cycle_id: int | None
) -> dict[int, dict[str, int]]:
    """{unit id: {status key: n}}: the cycle's dossiers by status, and the year's ARG
    lines without a dossier of the cycle (NOT_STARTED). One query: two GROUP BY
    joined by UNION ALL."""
    by_status = (
        Dossier.objects.filter(cycle_id=cycle_id)
        .order_by()
        .values("unit_id", "status")
        .annotate(n=Count("*"))
    )
    cycle_dossier = Dossier.objects.filter(
        budget_line=OuterRef("pk"), cycle_id=cycle_id
    )
    not_started = (
        BudgetLine.objects.filter(year=year, is_arg=True)
        .filter(~Exists(cycle_dossier))
        .order_by()
        .values("unit_id")
        .annotate(status=Value(NOT_STARTED), n=Count("*"))
    )
    counts: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(STATUS_KEYS, 0)
    )
    for row in by_status.union(not_started, all=True):
        counts[row["unit_id"]][row["status"]] = row["n"]
    return dict(counts)


def board_rows(
    units: list[Unit],
    counts: dict[int, dict[str, int]],
    arg: dict[int, ArgFigures],
) -> list[BoardRow]:
    """One row per unit from the per-unit figures (no query)."""
    rows = []
    for unit in units:
        unit_counts = counts.get(unit.pk) or dict.fromkeys(STATUS_KEYS, 0)
        figures = arg.get(unit.pk, ArgFigures())
        rows.append(
            BoardRow(
                unit=unit,
                counts=unit_counts,
                total=sum(unit_counts.values()),
                outstanding=sum(unit_counts[key] for key in OUTSTANDING),
                total_pagu=figures.total_pagu,
                arg_pagu=figures.arg_pagu,
                arg_percent=figures.percent,
                arg=figures,
            )
        )
    return rows


def _sort_key(key: str):
    """Sort key of a board row for ?sort=`key`."""
    if key == "name":
        return lambda r: r.unit.name.casefold()
    if key == "type":
        return lambda r: TYPE_ORDER.get(r.unit.unit_type, 99)
    if key == "focal_point":
        return lambda r: r.unit.has_year_focal_point
    if key == "outstanding":
        return lambda r: r.outstanding
    status = key.upper()
    return lambda r: r.counts.get(status, 0)


def sort_rows(rows: list[BoardRow], sort: str) -> list[BoardRow]:
    """The board in ?sort= order; "-" for descending; the name breaks ties. Rows
    without a value (no budget, so no Persentase ARG) go last either way."""
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
    return sorted(by_name, key=_sort_key(key), reverse=descending)


# --- headline figures ---


def shows_unit(unit: Unit, unit_type: str) -> bool:
    """Whether the board's ?unit_type= filter (UNIT_TYPE_CHOICES) shows `unit`."""
    if unit_type == PERANGKAT_DAERAH:
        return unit.is_perangkat_daerah
    return unit_type == ALL_UNITS or unit.unit_type == unit_type


def focal_point_coverage(units: list[Unit]) -> tuple[int, int]:
    """(Perangkat Daerah of the year, those with an SK focal point for the year)
    among the board's units (no query): the headline's denominator counts Perangkat
    Daerah only, not kelurahan, bagian or UPTD (UnitType.perangkat_daerah), and only
    the units of the year (`in_year`)."""
    counted = [u for u in units if u.in_year and u.is_perangkat_daerah]
    return len(counted), sum(1 for u in counted if u.has_year_focal_point)


def implementing_pprg(rows: list[BoardRow]) -> int:
    """The Perangkat Daerah of the year among `rows` that implement PPRG (no
    query): the numerator of "PD melaksanakan PPRG", over the headline's
    denominator."""
    return sum(1 for r in rows if r.unit.in_year and r.implements_pprg)


def status_totals(rows: list[BoardRow]) -> dict[str, int]:
    """Each status column added up over `rows` (no query)."""
    return {key: sum(row.counts.get(key, 0) for row in rows) for key in STATUS_KEYS}


def status_by_type(rows: list[BoardRow]) -> dict[str, dict[str, int]]:
    """The status columns added up per unit type, in UnitType order; types with
    nothing to count are left out (no query)."""
    by_type: dict[str, list[BoardRow]] = defaultdict(list)
    for row in rows:
        by_type[row.unit.unit_type].append(row)
    totals = {t: status_totals(by_type[t]) for t in by_type}
    return {
        t: totals[t]
        for t in sorted(totals, key=lambda t: TYPE_ORDER.get(t, 99))
        if any(totals[t].values())
    }


def focal_point_people(*, on: datetime.date | None = None) -> dict[str, int]:
    """Focal points in office on `on` (today by default) and the trained among them
    by then, by sex; distinct people, one aggregate query (the set the directory
    lists with its default filter, when `on` is today). The boards and recaps of a
    year pass `as_of_year(year)`."""
    on = on or today()
    current = FocalPointAppointment.objects.current(on).annotate(
        trained=trained_exists(OuterRef("person_id"), by=on)
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


# --- year over year ---


@dataclass(frozen=True)
class Classifications:
    """Reviewer classifications of approved dossiers, by fiscal year, and the sum of
    their scores (for the average)."""

    by_year: dict[int, dict[str, int]]
    points: dict[int, int]

    def of(self, year: int) -> dict[str, int]:
        return dict(self.by_year.get(year) or dict.fromkeys(Classification.values, 0))

    def average(self, year: int) -> float | None:
        scored = sum(self.of(year).values())
        return self.points.get(year, 0) / scored if scored else None


def classifications_by_year(
    year_of: dict[int, int], cycle_ids: list[int] | None = None
) -> Classifications:
    """The reviewer's classification of every approved dossier, counted by fiscal
    year (`year_of`: cycle id → year; `cycle_ids`: only these cycles'). One GROUP
    BY query (none for no cycle)."""
    by_year: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(Classification.values, 0)
    )
    points: dict[int, int] = defaultdict(int)
    scores = RubricScore.objects.filter(
        kind=ScoreKind.REVIEWER, dossier__status=Status.APPROVED
    )
    if cycle_ids is not None:
        scores = scores.filter(dossier__cycle_id__in=cycle_ids)
    for row in (
        scores.order_by()
        .values("dossier__cycle_id", "classification")
        .annotate(n=Count("*"), points=Sum("total"))
    ):
        year = year_of[row["dossier__cycle_id"]]
        by_year[year][row["classification"]] += row["n"]
        points[year] += row["points"] or 0
    return Classifications({y: by_year[y] for y in sorted(by_year)}, dict(points))


def approvals_by_year(
    year_of: dict[int, int], cycle_ids: list[int] | None = None
) -> dict[int, dict[str, int]]:
    """{fiscal year: {"n": dossiers, "approved": approved dossiers}}. One GROUP BY
    query (by cycle; `year_of`: cycle id → year; `cycle_ids`: only these cycles',
    no query for none)."""
    dossiers = Dossier.objects.all()
    if cycle_ids is not None:
        dossiers = dossiers.filter(cycle_id__in=cycle_ids)
    rows = (
        dossiers.order_by()
        .values("cycle_id")
        .annotate(
            n=Count("*"), approved=Count("status", filter=Q(status=Status.APPROVED))
        )
    )
    return {year_of[row["cycle_id"]]: row for row in rows}


def trend(
    years: set[int],
    approvals: dict[int, dict[str, int]],
    arg: dict[int, ArgFigures],
) -> list[dict[str, Any]]:
    """Per fiscal year (those of `years`, of the dossiers and of the budget lines):
    dossiers, approved ones and their share, pagu and Persentase ARG (no query)."""
    result = []
    for year in sorted(years | set(approvals) | set(arg)):
        dossiers = approvals.get(year, {})
        figures = arg.get(year, ArgFigures())
        n, approved = dossiers.get("n", 0), dossiers.get("approved", 0)
        result.append(
            {
                "year": year,
                "dossiers": n,
                "approved": approved,
                "approved_percent": percent(approved, n),
                "total_pagu": figures.total_pagu,
                "total_belanja": figures.total_belanja,
                "arg_pagu": figures.arg_pagu,
                "arg_percent": figures.percent,
            }
        )
    return result


# --- the compliance matrix of the city recap ---


def _gap_complete() -> Q:
    """A dossier whose nine GAP steps are filled in (step 3: any APKM aspect; step 7:
    at least one action row), as Dossier.completeness() judges it."""
    filled = Q()
    for step in GAP_STEPS:
        if step.number == 3:
            any_aspect = Q()
            for name in step.fields:
                any_aspect |= ~Q(**{name: ""})
            filled &= any_aspect
        elif step.number != 7:
            for name in step.fields:
                filled &= ~Q(**{name: ""})
    return filled & Q(has_actions=True)


def documents_by_unit(*, cycle_id: int | None) -> dict[int, dict[str, int]]:
    """{unit id: {"n": dossiers, "gap": approved GAPs, "gbs": approved GBS, "kak":
    approved KAK/TOR}} of the cycle's dossiers. One GROUP BY query.

    A document counts once the verifier approved it, as the officials count them: a
    GBS with an amount typed in, or a complete GAP still in review, is work in
    progress. GAP, GBS and KAK/TOR are approved together with their dossier."""
    has_actions = Exists(ActionPlanRow.objects.filter(dossier=OuterRef("pk")))
    approved = Q(status=Status.APPROVED)
    rows = (
        Dossier.objects.filter(cycle_id=cycle_id)
        .annotate(has_actions=has_actions)
        .order_by()
        .values("unit_id")
        .annotate(
            n=Count("pk"),
            gap=Count("pk", filter=approved & _gap_complete()),
            gbs=Count("pk", filter=approved & Q(gbs_amount__isnull=False)),
            kak=Count("pk", filter=approved & Q(kak_included=True)),
        )
    )
    return {row["unit_id"]: row for row in rows}


# --- the whole board ---


def city_dashboard(
    *,
    year: int | None,
    unit_type: str = PERANGKAT_DAERAH,
    sort: str = DEFAULT_SORT,
    on: datetime.date | None = None,
) -> CityDashboard:
    """Everything the city dashboard shows for fiscal year `year` (the current cycle
    when None): twelve queries whatever the data size (three for each ARG figure).
    The unit-type filter and the sort apply to the board's rows only; the headline
    figures stay city-wide (the compliance ones over the Perangkat Daerah)."""
    on = on or today()
    board = CityDashboard.for_year(year, on)
    if board.year is None:
        return board
    year, cycle_id = board.year, board.cycle.pk if board.cycle else None
    units = board_units(year=year, cycle_id=cycle_id)
    counts = status_counts_by_unit(year=year, cycle_id=cycle_id)
    rows = board_rows(units, counts, arg_by_unit(year=year))
    shown = [r for r in rows if shows_unit(r.unit, unit_type)]
    board.rows = sort_rows(shown, sort)
    board.units_total, board.units_with_focal_point = focal_point_coverage(units)
    board.units_implementing_pprg = implementing_pprg(rows)
    board.status_by_type = status_by_type(rows)
    board.status_totals = status_totals(rows)
    board.dossiers_total = sum(
        n for key, n in board.status_totals.items() if key != NOT_STARTED
    )

    # Imported here: year_summaries builds its figures with this module's queries.
    from evaluations.year_summaries import yearly_figures

    # every year's figures: closed years' from their summaries, open years' live
    yearly = yearly_figures(board.cycles)
    classes = yearly.classifications
    board.classification_by_year = classes.by_year
    board.classification = classes.of(year)
    board.classified_total = sum(board.classification.values())
    board.average_score = classes.average(year)
    arg = yearly.arg
    this_year = arg.get(year, ArgFigures())
    board.total_pagu, board.arg_pagu = this_year.total_pagu, this_year.arg_pagu
    board.arg_percent = this_year.percent
    board.arg = this_year
    years = {c.year for c in board.cycles}
    board.trend = trend(years, yearly.approvals, arg)
    board.as_of = as_of_year(year, on)
    board.people = focal_point_people(on=board.as_of)
    return board
