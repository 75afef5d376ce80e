"""Closed years' figures stored once (evaluations.year_summaries): the board reads
them and aggregates only the open years, with figures identical to aggregating
every year; closing builds a summary, reopening drops it, closing again rebuilds
it from the changed data; writes that bypass the services are repaired by
build_closed (seed_scale, manage.py year_summaries)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from evaluations import board_cache, year_summaries
from evaluations.models import CycleState, Dossier, EvaluationCycle, YearSummary
from evaluations.selectors import dashboard_city
from evaluations.selectors.dashboard import cycles
from evaluations.services.arg import realisation_record
from evaluations.services.budget import cycle_close
from evaluations.workflow import Status
from focal_points.models import UnitType
from tests.evaluations.test_dashboard_queries import build
from tests.evaluations.test_query_plans import reads_by_index
from tests.factories import CycleFactory, UnitFactory

M = 1_000_000


@pytest.fixture
def city(db, unit_a, unit_b, frozen_today):
    """test_dashboard_queries' city at 100 dossiers (2025 and 2026: 50 each; every
    fifth approved, scored 0–20) plus a 2024 cycle without dossiers; 2024 and 2025
    then closed with their summaries built."""
    units = [unit_a, unit_b] + [
        UnitFactory(unit_type=UnitType.values[i % len(UnitType.values)])
        for i in range(4)
    ]
    build(100, units)
    CycleFactory(year=2024, open_date="2024-02-01", submission_deadline="2024-07-31")
    EvaluationCycle.objects.filter(year__lt=2026).update(state=CycleState.CLOSED)
    assert year_summaries.build_closed() == 2
    return units


def board(year=2026) -> dashboard_city.CityDashboard:
    return dashboard_city.city_dashboard(year=year)


def figures(b: dashboard_city.CityDashboard) -> dict:
    """Everything of the board made from more than one year's rows."""
    return {
        "trend": b.trend,
        "classification_by_year": b.classification_by_year,
        "classification": b.classification,
        "average_score": b.average_score,
        "arg": b.arg,
    }


def test_the_board_is_the_same_with_and_without_summaries(city):
    with_summaries = {y: figures(board(y)) for y in (2024, 2025, 2026)}
    YearSummary.objects.all().delete()
    live = {y: figures(board(y)) for y in (2024, 2025, 2026)}
    assert with_summaries == live
    listed = cycles()
    assert year_summaries.yearly_figures(listed) == year_summaries.yearly_figures(
        listed, use_summaries=False
    )
    # and the values are those of the data (hand-counted from build())
    trend = {row["year"]: row for row in with_summaries[2026]["trend"]}
    assert [trend[2025][k] for k in ("dossiers", "approved")] == [50, 10]
    assert trend[2025]["approved_percent"] == 20.0
    assert trend[2025]["arg_pagu"] == 10 * 150 * M
    # every line of 2025: 50 with a dossier, 5 ARG and 5 other without (× 150 M)
    assert trend[2025]["total_pagu"] == 60 * 150 * M
    assert trend[2024] == {
        "year": 2024,
        "dossiers": 0,
        "approved": 0,
        "approved_percent": None,
        "total_pagu": Decimal(0),
        "total_belanja": None,
        "arg_pagu": Decimal(0),
        "arg_percent": None,
    }
    assert sum(with_summaries[2025]["classification"].values()) == 10


def test_closed_years_are_read_from_their_summaries_not_aggregated(city):
    closed = set(
        EvaluationCycle.objects.filter(state=CycleState.CLOSED).values_list(
            "pk", flat=True
        )
    )
    YearSummary.objects.all().delete()
    with CaptureQueriesContext(connection) as live:
        board()
    year_summaries.build_closed()
    with CaptureQueriesContext(connection) as summarised:
        board()
    # the same number of queries (the summaries come with the cycles) …
    assert len(summarised) == len(live)
    sql = "\n".join(q["sql"] for q in summarised)
    # … but the year-over-year ones leave the closed years out
    assert "NOT (" in sql and "2024, 2025" in sql.replace("'", "")
    open_cycle = EvaluationCycle.objects.get(year=2026).pk
    assert f"IN ({open_cycle})" in sql
    assert not any(f"IN ({pk})" in sql for pk in closed)


def test_reopening_drops_the_summary_and_closing_again_rebuilds_it(
    city, admin, django_capture_on_commit_callbacks
):
    cycle = EvaluationCycle.objects.get(year=2025)
    assert cycle.summary.figures["approvals"]["n"] == 50
    # reopened (a save in another state): no summary, the year is live again
    cycle.state = CycleState.OPEN
    cycle.save()
    assert not YearSummary.objects.filter(cycle=cycle).exists()
    # the data changes while it is open
    Dossier.objects.filter(cycle=cycle, status=Status.DRAFT).update(
        status=Status.APPROVED
    )
    reopened = figures(board())
    # closing through the service builds the summary of the changed data
    with django_capture_on_commit_callbacks(execute=True):
        cycle_close(cycle=cycle, by=admin)
    cycle.refresh_from_db()
    assert cycle.summary.figures["approvals"] == {
        "cycle_id": cycle.pk,
        "n": 50,
        "approved": 20,
    }
    assert figures(board()) == reopened


def test_a_cycle_reopened_by_an_update_is_aggregated_live(city):
    """A summary is read only while its cycle is closed, whatever reopened it."""
    EvaluationCycle.objects.filter(year=2025).update(state=CycleState.OPEN)
    Dossier.objects.filter(cycle__year=2025).delete()
    trend = {row["year"]: row for row in board().trend}
    assert trend[2025]["dossiers"] == 0


def test_writes_that_bypass_the_services_are_repaired_by_the_command(city):
    """A bulk change to a closed year (here: its dossiers deleted) leaves the
    summary as it was until `manage.py year_summaries` rebuilds every closed year
    and gives the board cache a new data version."""
    Dossier.objects.filter(cycle__year=2025).delete()
    before = board_cache.data_version()
    call_command("year_summaries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert board_cache.data_version() != before
    trend = {row["year"]: row for row in board().trend}
    assert trend[2025]["dossiers"] == 0
    assert YearSummary.objects.count() == 2


@pytest.mark.django_db
def test_seed_scale_builds_the_closed_years_summaries(settings, frozen_today):
    settings.DEBUG = True
    call_command(
        "seed_scale",
        "--units",
        "3",
        "--years",
        "3",
        "--dossiers-per-unit",
        "2",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    summarised = set(YearSummary.objects.values_list("cycle__year", flat=True))
    assert summarised == {2024, 2025}
    with_summaries = figures(board())
    YearSummary.objects.all().delete()
    assert figures(board()) == with_summaries


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's"
)
def test_the_open_years_dossiers_are_read_through_an_index_on_the_cycle(city):
    """The year-over-year queries that remain reach the open cycle's dossiers
    through an index with a condition on the cycle, not by reading every year."""
    with CaptureQueriesContext(connection) as queries:
        board()
    by_cycle = [
        q["sql"]
        for q in queries
        if '"evaluations_dossier"."cycle_id" IN (' in q["sql"]
        and "GROUP BY" in q["sql"]
    ]
    assert len(by_cycle) == 2  # classifications, and dossiers with approvals
    for sql in by_cycle:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            text = "\n".join(row[0] for row in cursor.fetchall())
        assert reads_by_index(text, "cycle_id"), text


def test_a_closed_year_refuses_even_a_realisation(city, unit_a, focal_a):
    """The premise of the summaries: the services change nothing of a closed year,
    not even the realisation of an approved dossier (recorded without reopening
    it while its cycle is open)."""
    dossier = Dossier.objects.filter(
        cycle__year=2025, unit=unit_a, status=Status.APPROVED
    ).first()
    with pytest.raises(PermissionDenied):
        realisation_record(
            dossier=dossier,
            by=focal_a,
            data={
                "quarter": 2,
                "amount": Decimal(7 * M),
                "physical_percent": Decimal(50),
                "beneficiaries_male": 1,
                "beneficiaries_female": 1,
            },
        )
