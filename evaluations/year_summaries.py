"""Closed years' figures, computed once: the city board aggregates only open years.

The board's year-over-year figures (the trend, the classifications by year, the ARG
figures by year) used to be five GROUP BY queries over every year on every build.
A closed cycle's rows no longer change — the services refuse edits, transitions,
scores, realisations, new dossiers, budget lines and totals in its year — so its year's figures are computed when it
closes (`build`, called by evaluations.services.budget.cycle_close) and stored in a
YearSummary; `yearly_figures` reads those and aggregates only the other years, with
the very queries the summaries were made with (so the figures are identical: a
test compares both ways).

The rules that keep a summary true:
- A summary is read only while its cycle is CLOSED: a cycle reopened by any means
  (even a QuerySet.update()) is aggregated live again, and saving it in another
  state deletes its summary (`cycle_saved`); closing it again builds a new one.
- A year without a summary (closed before summaries existed, closed by the admin
  site or by an update()) is aggregated live: slower, never wrong.
- Any other write to a closed year's rows that bypasses the services — bulk
  operations, QuerySet.update(), raw SQL, a data migration, seed_scale — must end
  with `build_closed()` (rebuilds every closed year's summary) and a new data
  version for the board cache (`board_cache.figures_changed_now()`). seed_scale
  does both; so does `manage.py year_summaries` for a manual repair.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from evaluations.models import (
    Classification,
    CycleState,
    EvaluationCycle,
    YearSummary,
)
from evaluations.selectors.arg import ArgFigures, arg_by_year
from evaluations.selectors.dashboard_city import (
    Classifications,
    approvals_by_year,
    classifications_by_year,
)


@dataclass(frozen=True)
class YearlyFigures:
    """Every year's figures the board shows: classifications of approved dossiers,
    dossiers and approvals by year, ARG figures by year."""

    classifications: Classifications
    approvals: dict[int, dict[str, int]]
    arg: dict[int, ArgFigures]


def summarised(cycle: EvaluationCycle) -> YearSummary | None:
    """The cycle's summary when it may be read: the cycle is closed and has one
    (loaded with the cycles: evaluations.selectors.dashboard.cycles)."""
    if cycle.state != CycleState.CLOSED:
        return None
    return getattr(cycle, "summary", None)


def yearly_figures(
    cycles: list[EvaluationCycle], *, use_summaries: bool = True
) -> YearlyFigures:
    """The figures of every year: closed years' from their summaries, the others'
    from the database (five GROUP BY queries over the open years only; those over
    cycles are skipped when every cycle is summarised)."""
    summaries = {c.year: s for c in cycles if use_summaries and (s := summarised(c))}
    year_of = {c.pk: c.year for c in cycles}
    live_cycles = [c.pk for c in cycles if c.year not in summaries]
    classes = classifications_by_year(year_of, live_cycles if summaries else None)
    approvals = approvals_by_year(year_of, live_cycles if summaries else None)
    arg = arg_by_year(exclude=sorted(summaries))
    by_year, points = dict(classes.by_year), dict(classes.points)
    for year, summary in summaries.items():
        figures = summary.figures
        if figures["classification"] is not None:
            # in the classifications' order (jsonb keeps its own key order)
            stored = figures["classification"]
            by_year[year] = {k: stored.get(k, 0) for k in Classification.values}
            points[year] = figures["points"]
        if figures["approvals"] is not None:
            approvals[year] = figures["approvals"]
        if figures["arg"] is not None:
            arg[year] = _load_arg(figures["arg"])
    return YearlyFigures(
        Classifications({y: by_year[y] for y in sorted(by_year)}, points),
        approvals,
        arg,
    )


def summarise(cycle: EvaluationCycle) -> dict[str, Any]:
    """The JSON of the year's figures, by the queries `yearly_figures` runs for
    open years, restricted to this cycle and its year."""
    year_of = {cycle.pk: cycle.year}
    classes = classifications_by_year(year_of, [cycle.pk])
    approvals = approvals_by_year(year_of, [cycle.pk])
    arg = arg_by_year(years=[cycle.year])
    has_classes = cycle.year in classes.by_year
    return {
        "classification": classes.by_year[cycle.year] if has_classes else None,
        "points": classes.points.get(cycle.year, 0) if has_classes else None,
        "approvals": approvals.get(cycle.year),
        "arg": _dump_arg(arg[cycle.year]) if cycle.year in arg else None,
    }


def build(cycle: EvaluationCycle) -> YearSummary:
    """Compute and store the summary of a closed cycle's year (five queries and
    the write)."""
    summary, _created = YearSummary.objects.update_or_create(
        cycle=cycle,
        # given, not left to auto_now: seed_scale dates its rows by hand
        defaults={"figures": summarise(cycle), "computed_at": timezone.now()},
    )
    return summary


def build_closed() -> int:
    """Rebuild the summary of every closed cycle (after writes that bypassed the
    services); returns how many."""
    closed = list(EvaluationCycle.objects.filter(state=CycleState.CLOSED))
    for cycle in closed:
        build(cycle)
    return len(closed)


def cycle_saved(sender, instance: EvaluationCycle, raw: bool = False, **kwargs):
    """post_save receiver of EvaluationCycle: a cycle no longer closed keeps no
    summary (reopened, its year is aggregated live again)."""
    if raw or instance.state == CycleState.CLOSED:
        return
    YearSummary.objects.filter(cycle_id=instance.pk).delete()


# --- JSON of ArgFigures: its Decimals as strings, back as Decimals ---


def _dump_arg(figures: ArgFigures) -> dict[str, Any]:
    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return {k: plain(v) for k, v in dataclasses.asdict(figures).items()}


def _load_arg(data: dict[str, Any]) -> ArgFigures:
    # ArgFigures holds no text: every string is a stored Decimal
    def number(value):
        if isinstance(value, str):
            return Decimal(value)
        if isinstance(value, dict):
            return {k: number(v) for k, v in value.items()}
        return value

    return ArgFigures(**{k: number(v) for k, v in data.items()})
