"""SQLite reads the review queue from the partial index dossier_queue_order.

SQLite takes a partial index only when the query's WHERE repeats the index's
condition term for term, and it cannot see through a bound parameter: the queue's
`status IN (?, ?)` made it sort every waiting dossier (77 ms at 100,000 dossiers,
1.8× the 1,000-dossier page). Django's explain() runs EXPLAIN QUERY PLAN with the
query's own parameters, as the page runs it."""

import pytest
from django.db import connection

from evaluations.filters import QueueFilter
from evaluations.selectors import dossiers as selectors
from evaluations.workflow import Status
from tests.evaluations.test_query_counts import make_dossiers
from tests.evaluations.test_query_plans import request_of

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's partial-index rule"
)


@pytest.fixture
def dossiers(db, unit_a, unit_b, cycle):
    make_dossiers(unit_a, cycle, 5, Status.SUBMITTED)
    make_dossiers(unit_b, cycle, 5, Status.IN_REVIEW)


def test_the_review_queue_can_read_the_partial_index(dossiers, reviewer):
    """On a handful of rows SQLite picks whatever plan is cheapest, so the test asks
    it to read the queue's page through the index (INDEXED BY): SQLite answers
    "no query solution" when the query's WHERE does not state the index's
    condition, as it did while the states were bound parameters."""
    queue = QueueFilter(
        {}, selectors.review_queue(user=reviewer), request=request_of(reviewer)
    )
    assert queue.is_valid()
    sql, params = queue.qs[:50].query.sql_with_params()
    table = 'FROM "evaluations_dossier"'
    assert sql.count(table) == 1, sql
    forced = sql.replace(table, f"{table} INDEXED BY dossier_queue_order")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {forced}", params)
        text = "\n".join(str(row) for row in cursor.fetchall())
        cursor.execute(sql, params)
        assert len(cursor.fetchall()) == 10
    assert "dossier_queue_order" in text, text
    assert "TEMP B-TREE" not in text, text
