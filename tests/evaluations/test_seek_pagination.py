"""Seek (key-set) pagination of the growing lists (pug_portal.seek): following the
links from the first page to the last, and back, shows every row once in the list's
order, under every sort and with the filters kept; any page or cursor parameter
shows a page, never a 500."""

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.urls import reverse

from evaluations.models import RubricScore
from evaluations.workflow import Status
from tests.evaluations.test_query_counts import make_dossiers

PAGE = 4  # rows per page in these tests (pug_portal.views.PAGE_SIZE)


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr("pug_portal.views.PAGE_SIZE", PAGE)


@pytest.fixture
def dossiers(unit_a, unit_b, cycle):
    """Eleven dossiers over two units and two statuses, with ties and NULLs in the
    sortable columns (some without a reviewer score)."""
    make_dossiers(unit_a, cycle, 6, Status.SUBMITTED)
    make_dossiers(unit_b, cycle, 5, Status.DRAFT)
    scores = RubricScore.objects.order_by("pk")
    for at, score in enumerate(scores):
        score.total = at % 3 + 10
        score.save()
    RubricScore.objects.filter(pk__in=[s.pk for s in scores[:3]]).delete()


def link(content: str, rel: str) -> str | None:
    found = re.search(rf'<a[^>]*\brel="{rel}"[^>]*\bhref="([^"]*)"', content)
    return html.unescape(found.group(1)) if found else None


def named_link(content: str, text: str) -> str | None:
    found = re.search(rf'<a[^>]*\bhref="([^"]*)"[^>]*>{text}</a>', content)
    return html.unescape(found.group(1)) if found else None


def walk(client, url: str, start: str, rel: str) -> list[list[int]]:
    """The rows of each page, following `rel` links from `start`."""
    pages, href = [], start
    while href is not None:
        response = client.get(urljoin(url, href))
        assert response.status_code == 200
        pages.append([o.pk for o in response.context["page"].object_list])
        href = link(response.content.decode(), rel)
        assert len(pages) < 20, "the links go round in circles"
    return pages


def everything(client, url: str, params: dict) -> list[int]:
    """The whole list in its order, on one page."""
    from pug_portal import views

    saved, views.PAGE_SIZE = views.PAGE_SIZE, 1000
    try:
        response = client.get(url, params)
    finally:
        views.PAGE_SIZE = saved
    return [o.pk for o in response.context["page"].object_list]


DOSSIER_SORTS = ["code", "unit", "year", "status", "comments", "score"]
LISTS = [
    ("evaluations:dossier_list", {}, DOSSIER_SORTS, [4, 4, 3]),
    # the queue: the six submitted dossiers (waiting for review)
    ("evaluations:review_queue", {}, ["submitted", "score", "status"], [4, 2]),
    ("evaluations:dashboard_dossiers", {"year": "2026"}, ["class", "score"], [4, 4, 3]),
]


@pytest.mark.parametrize(("name", "params", "sorts", "sizes"), LISTS)
def test_following_the_links_shows_every_row_once_in_order_under_every_sort(
    name, params, sorts, sizes, dossiers, reviewer, client_for
):
    client = client_for(reviewer)
    url = reverse(name)
    for sort in ["", *sorts, *(f"-{s}" for s in sorts)]:
        query = {**params, **({"sort": sort} if sort else {})}
        expected = everything(client, url, query)
        assert len(expected) == sum(sizes), sort
        first = "?" + "&".join(f"{k}={v}" for k, v in query.items())
        forward = walk(client, url, first, "next")
        assert [len(p) for p in forward] == sizes, sort
        assert sum(forward, []) == expected, sort

        # the last page's link, then back to the first by "previous"
        content = client.get(url, query).content.decode()
        last = named_link(content, "Terakhir")
        assert parse_qs(urlsplit(last).query)["page"] == ["last"]
        backward = walk(client, url, last, "prev")
        assert sum(reversed(backward), []) == expected, sort


def test_the_page_number_and_the_filters_follow_the_links(
    dossiers, reviewer, client_for, unit_a
):
    client = client_for(reviewer)
    url = reverse("evaluations:dossier_list")
    response = client.get(url, {"unit": unit_a.pk})
    assert response.context["page"].paginator.count == 6
    second = client.get(urljoin(url, link(response.content.decode(), "next")))
    page = second.context["page"]
    assert (page.number, page.paginator.num_pages) == (2, 2)
    assert "Halaman 2 dari 2" in second.content.decode()
    assert all(o.unit_id == unit_a.pk for o in page.object_list)
    assert not page.has_next()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"page": "²"},
        {"page": "last", "after": "1"},
        {"after": "abc", "page": "2"},
        {"after": "99999999999", "page": "2"},
        {"after": "2147483647", "page": "2"},
        {"before": "0", "page": "3"},
        {"before": "1", "page": "x"},
        {"after": "1", "before": "2", "page": "2"},
        {"after": "1\x00", "page": "2"},
        {"after": "", "before": "", "page": ""},
    ],
)
@pytest.mark.parametrize(
    "name",
    [
        "evaluations:dossier_list",
        "evaluations:review_queue",
        "evaluations:budget_line_list",
        "evaluations:dashboard_dossiers",
        "evaluations:dashboard_budget_lines",
    ],
)
def test_garbage_page_or_cursor_shows_a_page(
    name, params, dossiers, reviewer, client_for
):
    response = client_for(reviewer).get(reverse(name), params)
    assert response.status_code == 200
    page = response.context["page"]
    assert 1 <= page.number <= page.paginator.num_pages


def test_a_cursor_outside_the_filtered_list_shows_the_first_page(
    dossiers, reviewer, client_for, unit_a, unit_b
):
    from evaluations.models import Dossier

    other = Dossier.objects.filter(unit=unit_b).first()
    client = client_for(reviewer)
    response = client.get(
        reverse("evaluations:dossier_list"),
        {"unit": unit_a.pk, "after": other.pk, "page": "2"},
    )
    page = response.context["page"]
    assert page.number == 2  # a small page number is served by OFFSET
    assert all(o.unit_id == unit_a.pk for o in page.object_list)


def test_a_deep_typed_page_number_says_how_to_get_there(
    unit_a, cycle, reviewer, client_for
):
    """Sorted by status (no grouped reading), a typed page past OFFSET_PAGES shows
    the first page with a message; the last page is served from the end."""
    make_dossiers(unit_a, cycle, PAGE * 25, Status.SUBMITTED)
    client = client_for(reviewer)
    url = reverse("evaluations:dossier_list")
    response = client.get(url, {"page": "22", "sort": "status"})
    assert response.context["page"].number == 1
    assert "Halaman sejauh itu tidak dapat dibuka langsung" in (
        response.content.decode()
    )
    last = client.get(url, {"page": "999", "sort": "status"})
    assert last.context["page"].number == 25
    assert len(last.context["page"].object_list) == PAGE


def test_in_the_default_order_any_page_number_opens(
    unit_a, unit_b, cycle, reviewer, client_for
):
    """Ordered by year and unit, a page is read from the units it falls in: page
    numbers are plain links, and every page number opens."""
    make_dossiers(unit_a, cycle, PAGE * 12, Status.SUBMITTED)
    make_dossiers(unit_b, cycle, PAGE * 12 + 1, Status.DRAFT)
    client = client_for(reviewer)
    url = reverse("evaluations:dossier_list")
    expected = everything(client, url, {})
    response = client.get(url, {"page": "22"})
    page = response.context["page"]
    assert page.number == 22
    assert [o.pk for o in page.object_list] == expected[21 * PAGE : 22 * PAGE]
    assert parse_qs(urlsplit(link(response.content.decode(), "next")).query) == {
        "page": ["23"]
    }


def test_units_of_the_same_name_are_paged_together(
    unit_a, unit_b, cycle, reviewer, client_for
):
    make_dossiers(unit_a, cycle, 5, Status.SUBMITTED)
    make_dossiers(unit_b, cycle, 5, Status.DRAFT)
    unit_b.name = unit_a.name
    unit_b.save()
    client = client_for(reviewer)
    url = reverse("evaluations:dossier_list")
    for sort in ("", "unit", "-unit"):
        query = {"sort": sort} if sort else {}
        expected = everything(client, url, query)
        first = "?" + "&".join(f"{k}={v}" for k, v in query.items())
        assert sum(walk(client, url, first, "next"), []) == expected, sort
