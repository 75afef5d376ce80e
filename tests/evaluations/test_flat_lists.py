"""The lists that grow with the years stay flat (issue 14): /budget/ opens on the
current year, the unit dashboard lists its year a page at a time with the status
counts of the whole year, and the query counts do not grow with the rows."""

import html
import re
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import BudgetLine, EvaluationCycle
from evaluations.workflow import Status
from tests.evaluations.test_dashboard_queries import BOARD_CACHE_HIT, BOARD_CACHE_MISS
from tests.evaluations.test_query_counts import make_dossiers
from tests.factories import CycleFactory


def next_link(content: str) -> str | None:
    found = re.search(r'<a[^>]*\brel="next"[^>]*\bhref="([^"]*)"', content)
    return html.unescape(found.group(1)) if found else None


@pytest.fixture
def two_years(unit_a, cycle):
    """Lines and dossiers of 2026 (the open cycle) and of 2025."""
    cycle.state = "OPEN"
    cycle.save()
    make_dossiers(unit_a, cycle, 3, Status.DRAFT)
    make_dossiers(unit_a, CycleFactory(year=2025, state="CLOSED"), 2, Status.APPROVED)
    assert EvaluationCycle.objects.current() == cycle


def test_the_budget_list_opens_on_the_current_year(two_years, reviewer, client_for):
    client = client_for(reviewer)
    url = reverse("evaluations:budget_line_list")
    response = client.get(url)
    assert response.context["page"].paginator.count == 3
    assert {line.year for line in response.context["page"].object_list} == {2026}
    content = response.content.decode()
    assert 'value="2026"' in content
    assert "Semua tahun" in content  # the field's placeholder: empty = every year
    every_year = client.get(url, {"year": ""})
    assert every_year.context["page"].paginator.count == 5
    other = client.get(url, {"year": "2025"})
    assert {line.year for line in other.context["page"].object_list} == {2025}


def test_without_an_open_cycle_the_budget_list_opens_on_this_year(
    unit_a, cycle, reviewer, client_for, frozen_today
):
    make_dossiers(unit_a, cycle, 2, Status.DRAFT)
    BudgetLine.objects.filter(year=2026).update(year=2024)
    response = client_for(reviewer).get(reverse("evaluations:budget_line_list"))
    assert response.context["page"].paginator.count == 0
    assert response.context["filter"].value("year") == 2026


def unit_url(unit) -> str:
    return reverse("evaluations:unit_dashboard", args=[unit.pk]) + "?year=2026"


def test_the_unit_dashboard_lists_its_year_a_page_at_a_time(
    unit_a, cycle, focal_a, client_for
):
    make_dossiers(unit_a, cycle, 30, Status.SUBMITTED)
    make_dossiers(unit_a, cycle, 25, Status.DRAFT)
    client = client_for(focal_a)
    response = client.get(unit_url(unit_a))
    board = response.context["board"]
    assert len(board.dossiers) == 50
    # the counts are the whole year's, not the page's
    assert board.counts[Status.SUBMITTED] == 30
    assert board.counts[Status.DRAFT] == 25
    content = response.content.decode()
    assert "Halaman 1 dari 2" in content
    second = client.get(urljoin(unit_url(unit_a), next_link(content)))
    assert second.status_code == 200
    assert second.context["board"].year == 2026  # the year is kept
    assert len(second.context["board"].dossiers) == 5
    shown = {d.pk for d in board.dossiers} | {
        d.pk for d in second.context["board"].dossiers
    }
    assert len(shown) == 55


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [3, 120])
def test_query_counts_do_not_grow(
    size, unit_a, unit_b, cycle, focal_a, reviewer, client_for
):
    """Each page at 6 and at 240 dossiers (two units, three pages of the lists):
    the first page, a page in the middle and the last cost the same."""
    make_dossiers(unit_a, cycle, size, Status.SUBMITTED)
    make_dossiers(unit_b, cycle, size, Status.DRAFT)
    client = client_for(reviewer)
    dossiers = reverse("evaluations:dossier_list")
    budget = reverse("evaluations:budget_line_list")
    records = reverse("evaluations:dashboard_dossiers") + "?year=2026"
    counts = {
        # session, user, the current cycle, the filter's cycle checked, the
        # cycles and the units of the form, the grouped count, the page
        "dossiers": [
            _count(client, dossiers + p) for p in ("", "?page=2", "?page=last")
        ],
        # session, user, current year, units, grouped count, page
        "budget": [_count(client, budget + p) for p in ("", "?page=2", "?page=last")],
        "records": [_count(client, records + p) for p in ("", "&page=last")],
        # sorted by score: the count, then the first or the last page
        "sorted": [
            _count(client, dossiers + "?sort=-score" + p) for p in ("", "&page=last")
        ],
        # the city's ARG figures built, then from the cache (selectors.arg.city_arg)
        "unit": [_count(client_for(focal_a), unit_url(unit_a)) for _ in "12"],
    }
    assert counts == {
        "dossiers": [8, 8, 8],
        "budget": [6, 6, 6],
        "records": [5, 5],
        "sorted": [8, 8],
        "unit": [15 + 3 + BOARD_CACHE_MISS, 15 + BOARD_CACHE_HIT],
    }
