"""PostgreSQL reaches a unit's, a status's and a year's dossiers through an index,
never by reading the whole dossier table (at 100,000 dossiers a sequential scan of
the wide table is what made the list grow 18× from 1,000).

The test database holds a handful of rows, where a sequential scan is the cheapest
plan whatever the indexes; `enable_seqscan = off` makes the planner take any index
that can serve the query, so a "Seq Scan on evaluations_dossier" left in the plan
means no index can."""

import re

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from evaluations.exporters.dossier_list import DossierListExporter
from evaluations.filters import DossierFilter, QueueFilter
from evaluations.selectors import dossiers as selectors
from evaluations.workflow import Status
from tests.evaluations.test_query_counts import make_dossiers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's"
)


def plan(queryset) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def page_of(filterset) -> str:
    assert filterset.is_valid(), filterset.errors
    return plan(filterset.qs[:50])


def reads_by_index(text: str, column: str) -> bool:
    """The dossier table is read through one of its indexes with a condition on
    `column` (with sequential scans off, a full scan of the primary key would also
    avoid "Seq Scan"; it has no Index Cond on the filtered column)."""
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(
            cursor, "evaluations_dossier"
        )
    scan = re.compile(r"Index (?:Only )?Scan (?:using|on) (\S+)")
    lines = text.splitlines()
    for at, line in enumerate(lines[:-1]):
        found = scan.search(line)
        if found and found.group(1) in indexes:
            condition = lines[at + 1]
            if "Index Cond" in condition and column in condition:
                return True
    return False


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def dossiers(unit_a, unit_b, cycle):
    make_dossiers(unit_a, cycle, 30, Status.SUBMITTED)
    make_dossiers(unit_b, cycle, 30, Status.DRAFT)


@pytest.mark.parametrize(
    ("params", "column"),
    [
        pytest.param(lambda env: {"unit": env["unit_a"].pk}, "cycle_id", id="unit"),
        pytest.param(
            lambda env: {"status": Status.SUBMITTED, "cycle": ""}, "status", id="status"
        ),
        pytest.param(lambda env: {"cycle": env["cycle"].pk}, "cycle_id", id="year"),
    ],
)
def test_a_dossier_list_page_reads_an_index(
    params, column, dossiers, reviewer, unit_a, cycle
):
    data = params({"unit_a": unit_a, "cycle": cycle})
    listed = DossierFilter(
        data, selectors.dossier_list(user=reviewer), request=request_of(reviewer)
    )
    text = page_of(listed)
    assert "Seq Scan on evaluations_dossier" not in text
    assert reads_by_index(text, column), text
    # Open comments are counted per row shown, after the sort and the limit, not
    # by grouping every row of the filter.
    assert "Group Key: evaluations_dossier.id" not in text


def test_the_review_queue_reads_an_index(dossiers, reviewer):
    """What waits for review, oldest first, is read in order from the partial
    index dossier_queue_order: no sort of every waiting dossier (sorts are off
    too: on a handful of rows sorting is the cheapest plan whatever the indexes)."""
    queue = QueueFilter(
        {}, selectors.review_queue(user=reviewer), request=request_of(reviewer)
    )
    assert queue.is_valid()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        text = queue.qs[:50].explain()
    assert "Seq Scan on evaluations_dossier" not in text
    assert "dossier_queue_order" in text, text
    assert "Sort" not in text.split("SubPlan")[0], text


def test_the_every_dossier_export_streams_without_sorting(
    dossiers, planner, unit_a, cycle
):
    """The export reads one unit's year at a time in id order straight from the
    index on (unit, cycle, id): no Sort node (with the wide GAP/GBS text, a sort of
    the whole list spilled to temporary files at 100,000 dossiers). Sequential scans
    are off for the reason the module docstring gives."""
    exporter = DossierListExporter(user=planner, fmt="xlsx")
    assert (unit_a.pk, cycle.pk) in exporter.unit_years(exporter.dossiers())
    values = exporter.row_values()
    text = plan(exporter.unit_year(values, unit_a.pk, cycle.pk))
    assert "Seq Scan on evaluations_dossier" not in text
    assert "Sort" not in text, text
    assert reads_by_index(text, "cycle_id"), text


def page_queries(client, url: str, params: dict) -> list[str]:
    """The SQL of every query of a list page that reads the dossier or the budget
    line table (the grouped count and the page: pug_portal.seek)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    tables = ('"evaluations_dossier"', '"evaluations_budgetline"')
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and any(t in q["sql"] for t in tables)
    ]


def explain(sql: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("name", "params"),
    [
        pytest.param("evaluations:dossier_list", {}, id="dossiers-year"),
        pytest.param("evaluations:dossier_list", {"page": "last"}, id="dossiers-last"),
        pytest.param("evaluations:dossier_list", {"unit": "A"}, id="dossiers-unit"),
        pytest.param(
            "evaluations:dossier_list",
            {"status": Status.SUBMITTED, "cycle": ""},
            id="dossiers-status",
        ),
        pytest.param("evaluations:dashboard_dossiers", {"year": "2026"}, id="records"),
        pytest.param("evaluations:budget_line_list", {}, id="budget-year"),
        pytest.param(
            "evaluations:budget_line_list", {"page": "last"}, id="budget-last"
        ),
        pytest.param("evaluations:budget_line_list", {"unit": "A"}, id="budget-unit"),
    ],
)
def test_list_pages_read_the_tables_by_index(
    name, params, dossiers, reviewer, unit_a, client_for
):
    """Every query of a year's, a unit's or a status's page (its first and its last)
    reads the dossier and budget line tables through an index."""
    from django.urls import reverse

    params = {k: (unit_a.pk if v == "A" else v) for k, v in params.items()}
    sql = page_queries(client_for(reviewer), reverse(name), params)
    assert len(sql) >= 2  # the grouped count and the page
    for query in sql:
        text = explain(query)
        assert "Seq Scan on evaluations_dossier" not in text, (query, text)
        assert "Seq Scan on evaluations_budgetline" not in text, (query, text)
