"""Realistic data at scale for benchmarks and load tests (`manage.py seed_scale`).

`seed_scale(config)` empties the database and fills it with `units` units (the real
Tangsel list, then generated kelurahan), `years` fiscal years (past cycles closed,
the current one open) and `dossiers_per_unit` dossiers per unit and year in every
workflow state, with text of realistic length, rows, scores, comments, the registry
over the years, events and the activity log — all through bulk inserts, in one
transaction. Same seed, same data.

It refuses a database holding data it did not generate (`SeedRefused`) unless
`force=True`: generated data is recognised by the marker entry it writes last
(an activity-log row with action MARKER_ACTION).

Extending: add a step to STEPS (a function taking the ScaleContext), or a part to
`evaluations.scale.dossiers.DOSSIER_PARTS` (rows per batch of dossiers). Each step
draws from its own random stream (`ctx.rng(name, …)`), so a new step leaves the
data of the others unchanged for a given seed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

from evaluations import board_cache, year_summaries
from evaluations.models import BudgetLine, Dossier, EvaluationCycle
from evaluations.scale import arg, dossiers, load, registry
from evaluations.scale.context import ScaleConfig, ScaleContext, dated_by_hand
from focal_points.models import Person, Unit
from pug_portal.models import ActivityLog, User

MARKER_ACTION = "seed_scale.generated"

Step = Callable[[ScaleContext], None]
STEPS: list[Step] = [
    registry.units,
    registry.users,
    registry.appointments,
    registry.events,
    dossiers.cycles,
    arg.total_belanja,
    dossiers.budget_and_dossiers,
]

# The tables that take most of the rows (one or more per dossier): their plain
# indexes are built once after the load instead of row by row (load.py).
LOADED = [
    "evaluations.Dossier",
    "evaluations.BudgetLine",
    "evaluations.ActionPlanRow",
    "evaluations.DisaggregatedDataRow",
    "evaluations.RubricScore",
    "evaluations.ReviewComment",
    "evaluations.Realisation",
    "pug_portal.ActivityLog",
]

__all__ = ["STEPS", "ScaleConfig", "SeedRefused", "seed_scale"]


class SeedRefused(Exception):
    """The database holds data that seed_scale did not generate."""


def holds_foreign_data() -> bool:
    """Whether anything besides seed_scale's own output is in the database."""
    models = (Unit, User, Person, Dossier, BudgetLine, EvaluationCycle)
    if not any(m.objects.exists() for m in models):
        return False
    return not ActivityLog.objects.filter(action=MARKER_ACTION).exists()


def seed_scale(config: ScaleConfig, *, force: bool = False) -> ScaleContext:
    """Empty the database and generate `config`'s data; the context holds counts
    (`ctx.counts`, rows per model) and `ctx.seconds`."""
    if holds_foreign_data() and not force:
        raise SeedRefused
    started = time.perf_counter()
    ctx = ScaleContext(config)
    # A transaction of its own (not a test's): the tables are emptied inside it,
    # so PostgreSQL may write the rows already frozen (see load.COPY_OPTIONS).
    own_transaction = not connection.in_atomic_block
    # DEBUG would keep the text of every bulk INSERT in connection.queries.
    with (
        override_settings(DEBUG=False),
        load.fast_load(),
        dated_by_hand(),
        transaction.atomic(),
    ):
        _empty_database(own_transaction)
        ctx.timings["empty"] = time.perf_counter() - started
        if own_transaction:
            ctx.copy_options = load.COPY_OPTIONS.get(connection.vendor, "")
        with load.without_secondary_indexes(LOADED, ctx.timings):
            for step in STEPS:
                began = time.perf_counter()
                step(ctx)
                ctx.timings[step.__name__] = time.perf_counter() - began
        ctx.reset_sequences()
        # Bulk inserts send no signal: the closed years' summaries are built here
        # and the board's cached pages dropped (a new data version once this
        # commits), as evaluations.year_summaries requires of such writes.
        began = time.perf_counter()
        year_summaries.build_closed()
        board_cache.figures_changed_now()
        ctx.timings["year_summaries"] = time.perf_counter() - began
        _mark(ctx)
    began = time.perf_counter()
    _analyse()
    ctx.timings["analyse"] = time.perf_counter() - began
    ctx.seconds = time.perf_counter() - started
    return ctx


def _empty_database(own_transaction: bool) -> None:
    immediate = connection.vendor == "postgresql" and not own_transaction
    if immediate:
        # Rows inserted earlier in this transaction (a test's) leave deferred
        # foreign-key checks pending, and PostgreSQL refuses to TRUNCATE then.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()  # flush renumbered the content types
    if immediate:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _mark(ctx: ScaleContext) -> None:
    c = ctx.config
    ActivityLog.objects.create(
        actor=None,
        action=MARKER_ACTION,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(ctx.users["admin"][0].pk),
        object_repr="seed_scale",
        data={
            "units": c.units,
            "years": c.years,
            "dossiers_per_unit": c.dossiers_per_unit,
            "seed": c.seed,
        },
        created_at=ctx.year_window(ctx.current_year)[1],
    )


def _analyse() -> None:
    """Planner statistics (and PostgreSQL's visibility map, for index-only scans),
    as autovacuum would leave them some minutes after a bulk load."""
    if connection.in_atomic_block:
        return  # inside a test's transaction: VACUUM is not allowed there
    if connection.vendor == "postgresql":
        load.vacuum_analyse()
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
