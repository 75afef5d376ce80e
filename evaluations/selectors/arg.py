"""Persentase ARG and the figures around it, as DESIGN §3 defines them:

- *ARG pagu*: the pagu of the budget lines flagged ARG whose dossier's GBS is
  **approved** (the dossier is approved); by category as well;
- *ditandai ARG, GBS belum disetujui*: lines flagged ARG without an approved GBS,
  counted apart (and never in the ARG pagu);
- *total belanja*: a unit's total spending of the year from the APBD/DPA, the
  figure of the latest phase recorded (perubahan over murni);
- *Persentase ARG* = ARG pagu ÷ total belanja × 100; for the city, the ARG pagu
  of the units that have a total belanja ÷ the sum of their total belanja. A unit
  without total belanja has no percentage (never a percentage of something else);
- *realisasi ARG*: the quarterly realisation recorded on the approved ARG dossiers.

Each function runs a fixed number of queries (in its docstring) whatever the data
size: conditional aggregates over the budget lines joined to their approved dossier
(at most one: a dossier per line), and over the latest total belanja rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils.translation import gettext_lazy as _

from evaluations import board_cache
from evaluations.models import (
    PHASE_ORDER,
    ArgCategory,
    BudgetLine,
    Realisation,
    TotalBelanja,
)
from evaluations.workflow import Status

ZERO = Decimal(0)
NO_TOTAL_REASON = _("total belanja belum dicatat")
FLAGGED_LABEL = _("ditandai ARG, GBS belum disetujui")


def percent(part: Decimal | int | None, whole: Decimal | int | None) -> float | None:
    """part ÷ whole × 100, or None when there is no whole."""
    if not whole:
        return None
    return float(Decimal(part or 0) * 100 / Decimal(whole))


@dataclass(frozen=True)
class ArgFigures:
    """Persentase ARG of a unit, of a fiscal year or of the city, with its parts."""

    arg_pagu: Decimal = ZERO  # flagged ARG and GBS approved
    # the ARG pagu of the units that have a total belanja (the numerator)
    counted_arg_pagu: Decimal = ZERO
    total_belanja: Decimal | None = None
    flagged: int = 0  # flagged ARG, GBS not approved
    flagged_pagu: Decimal = ZERO
    by_category: dict[str, Decimal] = field(default_factory=dict)
    total_pagu: Decimal = ZERO  # every line of the year, for reference only
    units_without_total: int = 0  # units with budget lines but no total belanja
    realisasi: Decimal = ZERO  # realisation recorded on the approved ARG lines

    @property
    def percent(self) -> float | None:
        return percent(self.counted_arg_pagu, self.total_belanja)

    @property
    def missing_reason(self) -> Any:
        """Why there is no Persentase ARG ("" when there is one)."""
        return NO_TOTAL_REASON if self.percent is None else ""

    @property
    def categories(self) -> list[tuple[str, Any, Decimal]]:
        """(value, label, ARG pagu) of every category, in the official order."""
        return [
            (value, label, self.by_category.get(value, ZERO))
            for value, label in ArgCategory.choices
        ]

    @property
    def realisasi_percent(self) -> float | None:
        return percent(self.realisasi, self.arg_pagu)


# --- budget lines ------------------------------------------------------------------


def _with_approval(lines: QuerySet[BudgetLine]) -> QuerySet[BudgetLine]:
    """Lines LEFT JOINed to their approved dossier (none or one per line), and
    whether their unit has a total belanja that year."""
    return lines.alias(
        approved=FilteredRelation(
            "dossiers", condition=Q(dossiers__status=Status.APPROVED)
        ),
        has_total=Exists(
            TotalBelanja.objects.filter(unit=OuterRef("unit"), year=OuterRef("year"))
        ),
    )


APPROVED = Q(is_arg=True, approved__id__isnull=False)
FLAGGED = Q(is_arg=True, approved__id__isnull=True)


def _line_sums(prefix: str = "", condition: Q | None = None) -> dict[str, Any]:
    def where(q: Q) -> Q:
        return q if condition is None else condition & q

    sums: dict[str, Any] = {
        f"{prefix}arg": Sum("pagu", filter=where(APPROVED)),
        f"{prefix}counted": Sum("pagu", filter=where(APPROVED & Q(has_total=True))),
        f"{prefix}flagged": Count("pk", filter=where(FLAGGED)),
        f"{prefix}flagged_pagu": Sum("pagu", filter=where(FLAGGED)),
        f"{prefix}total": Sum("pagu", filter=condition),
        f"{prefix}no_total": Count(
            "unit", distinct=True, filter=where(Q(has_total=False))
        ),
    }
    for value in ArgCategory.values:
        sums[f"{prefix}cat_{value}"] = Sum(
            "pagu", filter=where(APPROVED & Q(arg_category=value))
        )
    return sums


def _figures(
    row: dict[str, Any],
    prefix: str = "",
    *,
    total_belanja: Decimal | None,
    realisasi: Decimal | None = None,
) -> ArgFigures:
    return ArgFigures(
        arg_pagu=row.get(f"{prefix}arg") or ZERO,
        counted_arg_pagu=row.get(f"{prefix}counted") or ZERO,
        total_belanja=total_belanja,
        flagged=row.get(f"{prefix}flagged") or 0,
        flagged_pagu=row.get(f"{prefix}flagged_pagu") or ZERO,
        by_category={
            value: row.get(f"{prefix}cat_{value}") or ZERO
            for value in ArgCategory.values
        },
        total_pagu=row.get(f"{prefix}total") or ZERO,
        units_without_total=row.get(f"{prefix}no_total") or 0,
        realisasi=realisasi or ZERO,
    )


# --- total belanja -------------------------------------------------------------------


def latest_total_belanja() -> QuerySet[TotalBelanja]:
    """The rows that make each (unit, year)'s figure: its latest phase recorded."""
    latest = Q()
    for phase, order in PHASE_ORDER.items():
        later = [p for p, o in PHASE_ORDER.items() if o > order]
        newer = TotalBelanja.objects.filter(
            unit=OuterRef("unit"), year=OuterRef("year"), phase__in=later
        )
        latest |= Q(phase=phase) & ~Exists(newer)
    return TotalBelanja.objects.filter(latest)


def total_belanja_by_unit(
    *, year: int, units: list[int] | None = None
) -> dict[int, Decimal]:
    """{unit id: total belanja of `year`}: one query."""
    rows = latest_total_belanja().filter(year=year)
    if units is not None:
        rows = rows.filter(unit_id__in=units)
    return dict(rows.values_list("unit_id", "total"))


def total_belanja_row(*, unit_id: int, year: int) -> TotalBelanja | None:
    """The row that makes `unit`'s figure of `year` (with its phase): one query."""
    return latest_total_belanja().filter(unit_id=unit_id, year=year).first()


# --- realisation ---------------------------------------------------------------------


def _realisations() -> QuerySet[Realisation]:
    """Realisation of the ARG lines whose dossier is approved."""
    return Realisation.objects.filter(
        dossier__status=Status.APPROVED, dossier__budget_line__is_arg=True
    ).order_by()


# --- the figures by unit, by year, for a unit and the city ----------------------------


def arg_by_unit(*, year: int, units: list[int] | None = None) -> dict[int, ArgFigures]:
    """Each unit's figures in `year` (only `units`' when given): three GROUP BY
    queries (budget lines, total belanja, realisation). Units with neither budget
    lines nor a total belanja that year are missing from the result."""
    lines = BudgetLine.objects.filter(year=year)
    realised = _realisations().filter(dossier__budget_line__year=year)
    if units is not None:
        lines = lines.filter(unit_id__in=units)
        realised = realised.filter(dossier__unit_id__in=units)
    rows = {
        row["unit_id"]: row
        for row in _with_approval(lines)
        .order_by()
        .values("unit_id")
        .annotate(**_line_sums())
    }
    totals = total_belanja_by_unit(year=year, units=units)
    spent = dict(
        realised.values("dossier__unit_id")
        .annotate(s=Sum("amount"))
        .values_list("dossier__unit_id", "s")
    )
    return {
        unit: _figures(
            rows.get(unit, {}),
            total_belanja=totals.get(unit),
            realisasi=spent.get(unit),
        )
        for unit in set(rows) | set(totals)
    }


def _years_q(field: str, years: list[int] | None, exclude: list[int] | None) -> Q:
    """`field` among `years` (None: any) and not among `exclude`."""
    q = Q()
    if years is not None:
        q &= Q(**{f"{field}__in": years})
    if exclude:
        q &= ~Q(**{f"{field}__in": exclude})
    return q


def arg_by_year(
    *, years: list[int] | None = None, exclude: list[int] | None = None
) -> dict[int, ArgFigures]:
    """The city's figures of every fiscal year with budget lines or a total
    belanja (only of `years`, when given; none of `exclude`): three GROUP BY
    queries."""
    only = _years_q("year", years, exclude)
    rows = {
        row["year"]: row
        for row in _with_approval(BudgetLine.objects.filter(only))
        .order_by()
        .values("year")
        .annotate(**_line_sums())
    }
    realised = _years_q("dossier__budget_line__year", years, exclude)
    totals = dict(
        latest_total_belanja()
        .filter(only)
        .order_by()
        .values("year")
        .annotate(s=Sum("total"))
        .values_list("year", "s")
    )
    spent = dict(
        _realisations()
        .filter(realised)
        .values("dossier__budget_line__year")
        .annotate(s=Sum("amount"))
        .values_list("dossier__budget_line__year", "s")
    )
    return {
        year: _figures(
            rows.get(year, {}),
            total_belanja=totals.get(year),
            realisasi=spent.get(year),
        )
        for year in set(rows) | set(totals)
    }


def unit_and_city_arg(*, unit_id: int, year: int) -> tuple[ArgFigures, ArgFigures]:
    """A unit's figures in `year` (three aggregate queries over its own rows) and
    the city's (city_arg: from the cache while no figure has changed)."""
    return arg_of(year=year, unit_id=unit_id), city_arg(year=year)


def arg_of(*, year: int, unit_id: int | None = None) -> ArgFigures:
    """The figures of `year`, of one unit's rows or (None) the whole city's: three
    aggregate queries (budget lines, total belanja, realisation)."""
    lines = BudgetLine.objects.filter(year=year)
    totals = latest_total_belanja().filter(year=year)
    spent = _realisations().filter(dossier__budget_line__year=year)
    if unit_id is not None:
        lines = lines.filter(unit_id=unit_id)
        totals = totals.filter(unit_id=unit_id)
        # The line's unit is the dossier's (a dossier is made for its line's unit
        # and a renamed unit moves both); naming it lets PostgreSQL start from the
        # unit's lines of the year (year, unit, is_arg index) instead of hashing
        # every ARG line of the city: 8 ms -> 0.3 ms at 100,000 dossiers.
        spent = spent.filter(
            dossier__unit_id=unit_id, dossier__budget_line__unit_id=unit_id
        )
    sums = _with_approval(lines).aggregate(**_line_sums())
    return _figures(
        sums,
        total_belanja=totals.aggregate(s=Sum("total"))["s"],
        realisasi=spent.aggregate(s=Sum("amount"))["s"],
    )


def city_arg(*, year: int) -> ArgFigures:
    """The city's figures of `year`, which every unit dashboard shows beside its
    own: at 100,000 dossiers their aggregates over the year's 10,000 lines cost
    more than the rest of the page, so they are kept in the cache with the data
    version (evaluations.board_cache: an entry of an older version is rebuilt; the
    version and the entry are read in one query)."""
    return board_cache.cached_board(f"city-arg:{year}", lambda: arg_of(year=year))
