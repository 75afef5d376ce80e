"""Query-count pins of the dashboards and the lists behind their figures, at 100 and
at 10,000 dossiers: the same number of queries at both sizes, so growth would show.
Each figure function behind them has its own pin in test_dashboard_figures.py.

City dashboard page (GET /dashboard/), 17 queries (the 16 below and the latest APE/PPE
result), plus those of the cache (BOARD_CACHE_MISS); a repeat view runs 1, 2 and the
cache's (BOARD_CACHE_HIT):
  1. the session            2. the user
  3. evaluation cycles (year selector, current cycle) with the summaries of closed
     years (evaluations.year_summaries; 9–13 then leave those years out)
  4. units: active ones and any with records this year, with EXISTS(valid focal
     point) — the board's rows; its unit-type filter and ?sort= apply to these rows
  5. status counts by unit: the cycle's dossiers by unit and status UNION ALL the
     year's ARG lines without a dossier by unit (two GROUP BY)
  6. the year's budget lines by unit, LEFT JOINed to their approved dossier: ARG
     pagu (GBS approved) by category, flagged lines without approval (GROUP BY)
  7. the year's latest total belanja by unit  8. realisation ARG by unit
  9. reviewer classifications and score sums of approved dossiers by cycle
 10. dossiers and approved dossiers by cycle (GROUP BY)
 11–13. ARG pagu, total belanja and realisation by fiscal year (three GROUP BY)
     (9–13: of the open years; a closed year's figures come from its summary)
 14. focal points and trained focal points by sex (one aggregate, COUNT DISTINCT)
 15. the units' self-assessments of the year (the column the assessments app adds
     through evaluations.extensions)
 16. the Rencana Pokja PUG of the year (the headline figure the assessments app
     adds; one more, its achievement, when a plan covers the year)

Unit dashboard page (GET /units/<pk>/dashboard/), 14 queries (one more for the SK of
the year):
  1. session  2. user  3. the unit, in scope, with EXISTS(focal point)
  4. cycles  5. the current team with EXISTS(trained)
  6. the unit's dossiers of the year by status (one grouped query) and 6b. a page
     of them (joins, COUNT of open comments, reviewer and self score subqueries)
  7. ARG lines without dossier  8. open review comments with their
  dossier and author  9. unit and city ARG pagu, flagged lines (one aggregate)
  10. unit and city total belanja  11. unit and city realisation ARG (the unit's
  three over its rows; the city's three over the year's, then from the cache with
  BOARD_CACHE_HIT queries until a figure changes: evaluations.selectors.arg.city_arg)
  12. the row of the unit's total belanja (its phase, shown)
  13. the unit's self-assessment of the year (evaluations.extensions)

Dossier list behind a figure (GET /dashboard/dossiers/?…), 5 queries:
  1. session  2. user  3. units for the filter's choices (rendered in the select)
  4. the rows per (cycle, unit), which is the count (pug_portal.seek)  5. the page of
  dossiers (joins and subqueries), read from the groups it falls in

Budget-line list behind a figure (GET /dashboard/budget-lines/?…), 6 queries:
  1. session  2. user  3. COUNT for the paginator  4. count and pagu of the whole
  filtered list (one aggregate)  5. units for the filter's choices  6. the page
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import board_cache, year_summaries
from evaluations.gap import CommentTarget
from evaluations.models import (
    BudgetLine,
    CycleState,
    Dossier,
    EvaluationCycle,
    Realisation,
    ReviewComment,
    RubricScore,
    ScoreKind,
    TotalBelanja,
    classify,
)
from evaluations.workflow import Status
from focal_points.models import Unit, UnitType
from tests.factories import CycleFactory, UnitFactory, UserFactory, appoint

STATUSES = (
    Status.APPROVED,
    Status.DRAFT,
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.REVISION_REQUESTED,
)
SMALL, LARGE = 100, 10_000
# The city board cached in the database cache (evaluations.board_cache): read the
# data version and the board together (1: get_many), and on a miss store it (COUNT
# for culling, then SELECT and INSERT between a savepoint and its release: 5 more).
BOARD_CACHE_HIT, BOARD_CACHE_MISS = 1, 6


def build(size: int, units: list[Unit]) -> None:
    """`size` dossiers over two fiscal years, each with its budget line, plus per 10
    dossiers an ARG line without dossier and a non-ARG line; scores on approved
    ones, an open comment on returned ones. bulk_create keeps this fast."""
    cycles = {
        2025: CycleFactory(
            year=2025,
            open_date=datetime.date(2025, 2, 1),
            submission_deadline=datetime.date(2025, 7, 31),
            review_deadline=datetime.date(2025, 9, 30),
        ),
        2026: CycleFactory(year=2026),
    }
    lines, extra = [], []
    for i in range(size):
        unit, year = units[i % len(units)], 2025 + i % 2
        lines.append(_line(unit, year, f"D{i}", arg=True))
        if i % 10 == 0:
            other = 2025 + (i // 10) % 2  # both years get lines without dossier
            extra.append(_line(unit, other, f"N{i}", arg=True))
            extra.append(_line(unit, other, f"X{i}", arg=False))
    lines = BudgetLine.objects.bulk_create(lines, batch_size=1000)
    BudgetLine.objects.bulk_create(extra, batch_size=1000)
    dossiers = Dossier.objects.bulk_create(
        (
            Dossier(
                unit=line.unit,
                cycle=cycles[line.year],
                budget_line=line,
                status=STATUSES[i % len(STATUSES)],
            )
            for i, line in enumerate(lines)
        ),
        batch_size=1000,
    )
    RubricScore.objects.bulk_create(
        (
            RubricScore(
                dossier=d,
                kind=ScoreKind.REVIEWER,
                total=i % 21,
                classification=classify(i % 21),
            )
            for i, d in enumerate(dossiers)
            if d.status == Status.APPROVED
        ),
        batch_size=1000,
    )
    ReviewComment.objects.bulk_create(
        (
            ReviewComment(dossier=d, target=CommentTarget.GAP_2, text="Data L/P")
            for d in dossiers
            if d.status == Status.REVISION_REQUESTED
        ),
        batch_size=1000,
    )
    # Every unit has a total belanja of each year but the last unit in 2026 (no
    # percentage there); 2025 has a perubahan beside the murni (the latest counts).
    TotalBelanja.objects.bulk_create(
        TotalBelanja(unit=unit, year=year, phase=phase, total=Decimal(10**12))
        for year, phases in ((2025, ("MURNI", "PERUBAHAN")), (2026, ("MURNI",)))
        for unit in (units if year == 2025 else units[:-1])
        for phase in phases
    )
    Realisation.objects.bulk_create(
        Realisation(
            dossier=d,
            quarter=1,
            amount=Decimal(1_000_000),
            physical_percent=Decimal(10),
            beneficiaries_male=1,
            beneficiaries_female=2,
        )
        for d in dossiers
        if d.status == Status.APPROVED
    )


def _line(unit, year, code, *, arg):
    return BudgetLine(
        unit=unit,
        year=year,
        program_code="2.08.02",
        program_name="Program PUG",
        kegiatan_code="2.08.02.2.01",
        kegiatan_name="Pelembagaan PUG",
        sub_kegiatan_code=code,
        sub_kegiatan_name=f"Sub kegiatan {code}",
        pagu=Decimal(150_000_000),
        is_arg=arg,
        arg_category="KHUSUS" if arg else "",
    )


@pytest.fixture(params=[SMALL, LARGE], ids=["100 dossiers", "10,000 dossiers"])
def city(request, db, unit_a, unit_b, focal_a, focal_b, frozen_today):
    units = [unit_a, unit_b] + [
        UnitFactory(unit_type=UnitType.values[i % len(UnitType.values)])
        for i in range(18)
    ]
    for unit in units[2:10]:
        appoint(UserFactory(username=f"fp_{unit.pk}"), unit)
    build(request.param, units)
    return request.param


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboards_and_their_lists_run_a_constant_number_of_queries(
    city, client_for, reviewer, planner, focal_a, unit_a, settings
):
    """One test per size, so the 10,000-dossier city is built once (~6 s)."""
    board = reverse("evaluations:city_dashboard") + "?year=2026"
    # with the latest APE/PPE
    assert _count(client_for(reviewer), board) == 17 + BOARD_CACHE_MISS
    # the repeat view takes the board and its charts from the cache: no figure query
    assert _count(client_for(reviewer), board) == 2 + BOARD_CACHE_HIT
    # sorting and filtering work on the same aggregate rows: no extra query
    sorted_board = board + "&sort=-arg&unit_type=DINAS"
    assert _count(client_for(reviewer), sorted_board) == 17 + BOARD_CACHE_MISS

    unit = reverse("evaluations:unit_dashboard", args=[unit_a.pk]) + "?year=2026"
    # with the SK of the year; the year's dossiers: their status counts (one
    # grouped query) and a page of them; the unit's ARG figures (3 aggregates over
    # its rows) and the city's (3 over the year's, kept in the cache: city_arg)
    assert _count(client_for(focal_a), unit) == 15 + 3 + BOARD_CACHE_MISS
    assert _count(client_for(focal_a), unit) == 15 + BOARD_CACHE_HIT

    dossiers = reverse("evaluations:dashboard_dossiers")
    revision = f"?year=2026&status=REVISION_REQUESTED&unit={unit_a.pk}"
    assert _count(client_for(planner), dossiers + revision) == 5
    responsive = "?status=APPROVED&classification=BAIK"
    assert _count(client_for(planner), dossiers + responsive) == 5

    lines = reverse("evaluations:dashboard_budget_lines")
    not_started = "?year=2026&arg=on&no_dossier=on"
    assert _count(client_for(reviewer), lines + not_started) == 6
    # the ARG figures' links: flagged without an approved GBS, and approved by
    # category (EXISTS conditions in the same queries)
    pending = "?year=2026&gbs=pending"
    assert _count(client_for(reviewer), lines + pending) == 6
    by_category = "?year=2026&gbs=approved&arg_category=KHUSUS"
    assert _count(client_for(reviewer), lines + by_category) == 6

    # 2025 closed with its summary (evaluations.year_summaries): the same number
    # of queries, cold and warm, the closed year read with the cycles
    EvaluationCycle.objects.filter(year=2025).update(state=CycleState.CLOSED)
    assert year_summaries.build_closed() == 1
    board_cache.figures_changed_now()
    assert _count(client_for(reviewer), board) == 17 + BOARD_CACHE_MISS
    assert _count(client_for(reviewer), board) == 2 + BOARD_CACHE_HIT
