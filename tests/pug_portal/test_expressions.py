import pytest

from evaluations.models import Dossier
from evaluations.workflow import Status
from pug_portal.expressions import LiteralIn


def test_literal_in_writes_the_values_into_the_sql_in_the_given_order():
    sql, params = (
        Dossier.objects.filter(LiteralIn("status", ["SUBMITTED", "DRAFT"]))
        .values("pk")
        .query.sql_with_params()
    )
    assert "IN ('SUBMITTED', 'DRAFT')" in sql
    assert params == ()


@pytest.mark.parametrize("bad", ["x' OR '1'='1", "a b", "", "é"])
def test_literal_in_refuses_anything_but_identifiers(bad):
    with pytest.raises(ValueError):
        LiteralIn("status", [bad])


def test_literal_in_filters_like_in(db, unit_a):
    from tests.evaluations.test_query_counts import make_dossiers
    from tests.factories import CycleFactory

    cycle = CycleFactory(year=2026)
    make_dossiers(unit_a, cycle, 3, Status.DRAFT)
    make_dossiers(unit_a, cycle, 1, Status.SUBMITTED)
    waiting = Dossier.objects.filter(
        LiteralIn("status", [Status.IN_REVIEW, Status.SUBMITTED])
    )
    expected = Dossier.objects.filter(status__in=[Status.IN_REVIEW, Status.SUBMITTED])
    assert set(waiting) == set(expected) and waiting.count() == 1
