"""The Rencana Pokja PUG pages run as many queries at 3 rows as at 30.

Plan list (GET /pokja-plans/), 4 queries:
  1. session  2. user  3. COUNT for the paginator
  4. the page of plans with their SK (join) and row counts (one GROUP BY)

Plan page (GET /pokja-plans/<pk>/) of a five-year plan with an annual plan, 9
queries:
  1. session  2. user  3. the plan with its SK (join)
  4. its rows with their unit (join)  5. their targets  6. their achievements with
  who recorded them (join)  7. the achievement of every year of the plan
  (plan_progress_by_year: one GROUP BY year)  8. its annual plans
  9. its activity log with the actors (join)
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessments.factories import (
    PlanFactory,
    PlanRowFactory,
    plan_achievement,
    plan_target,
)
from tests.factories import DecreeFactory

pytestmark = pytest.mark.django_db


def count(client, url: str) -> int:
    client.get(url)  # the session and caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [3, 30])
def test_the_plan_list_runs_four_queries(size, client_for, reviewer):
    decree = DecreeFactory(unit=None, decree_type="POKJA", issuer_type="WALI_KOTA")
    for n in range(size):
        PlanRowFactory(plan=PlanFactory(start_year=2026 + n % 20, decree=decree))
    assert count(client_for(reviewer), reverse("assessments:plan_list")) == 4


@pytest.mark.parametrize("size", [3, 30])
def test_the_plan_page_runs_thirteen_queries(size, client_for, reviewer):
    plan = PlanFactory()
    PlanFactory(kind="TAHUNAN", start_year=2026, parent=plan)
    for row in PlanRowFactory.create_batch(size, plan=plan):
        for year in plan.years:
            plan_target(row, year, "1")
        achievement = plan_achievement(row, 2026, percent=Decimal(50))
        achievement.recorded_by = reviewer
        achievement.save()
    assert count(client_for(reviewer), plan.get_absolute_url()) == 9
