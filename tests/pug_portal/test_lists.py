"""Every list page (one FilterSet + includes/list_table.html): paging keeps the
filters, sort links keep them and go back to page 1, no query parameter breaks a
page, and no select offers "---------".

Pages are made two rows long (PAGE_SIZE = 2) so that a handful of rows pages."""

import datetime
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from evaluations.workflow import QUEUE_STATES, Status
from focal_points.models import EventType, Sex, Unit, UnitType
from pug_portal.models import Role
from tests.factories import (
    AppointmentFactory,
    BudgetLineFactory,
    DecreeFactory,
    DossierFactory,
    EventFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)

MATCHING = 5  # rows that match the filters: three pages of two


@pytest.fixture(autouse=True)
def _short_pages(monkeypatch):
    monkeypatch.setattr("pug_portal.views.PAGE_SIZE", 2)


@dataclass(frozen=True)
class ListCase:
    name: str
    url: object  # a URL name, or callable(env) -> the URL (a list inside an object)
    persona: str
    make: object  # callable(env) -> None: MATCHING matching rows, and others
    params: object  # callable(env) -> dict of the filters set
    matches: object  # callable(env, obj) -> bool: obj satisfies the filters


def _units(env):
    for _ in range(MATCHING):
        UnitFactory(unit_type=UnitType.RSUD)
    UnitFactory(unit_type=UnitType.BADAN)


def _decrees(env):
    env.unit_c = UnitFactory()
    for _ in range(MATCHING):
        DecreeFactory(unit=env.unit_c)
    DecreeFactory(unit=env.unit_b)


def _people(env):
    for _ in range(MATCHING):
        AppointmentFactory(unit=env.unit_a, person=PersonFactory(sex=Sex.L))
    AppointmentFactory(unit=env.unit_a, person=PersonFactory(sex=Sex.P))


def _alerts(env):
    for _ in range(MATCHING):
        UnitFactory(unit_type=UnitType.KELURAHAN)
    UnitFactory(unit_type=UnitType.BADAN)


def _events(env):
    for _ in range(MATCHING):
        EventFactory(event_type=EventType.SOSIALISASI)
    EventFactory(event_type=EventType.BIMTEK)


def _users(env):
    for _ in range(MATCHING):
        UserFactory(role=Role.UNIT_HEAD)
    UserFactory(role=Role.REVIEWER)


def _lines(env):
    for _ in range(MATCHING):
        BudgetLineFactory(unit=env.unit_a, year=2026)
    BudgetLineFactory(unit=env.unit_a, year=2025)
    BudgetLineFactory(unit=env.unit_b, year=2026)


def _dossiers(status):
    def make(env):
        now = timezone.now()
        for _ in range(MATCHING):
            DossierFactory(unit=env.unit_a, status=status, submitted_at=now)
        DossierFactory(unit=env.unit_a, status=Status.APPROVED, submitted_at=now)
        DossierFactory(unit=env.unit_b, status=status, submitted_at=now)

    return make


def _lines_without_dossier(env):
    _lines(env)
    DossierFactory(unit=env.unit_a)  # its line (2026, ARG) has a dossier


def _instruments(env):
    from tests.assessments.factories import InstrumentFactory

    for _ in range(MATCHING):
        InstrumentFactory(year=2025)
    InstrumentFactory(year=2026)


def _plans(env):
    """Five annual plans of 2026 and a five-year plan covering it, all drafts
    (the filters: annual, draft, covering 2026), and an adopted annual plan."""
    from tests.assessments.factories import PlanFactory

    for _ in range(MATCHING):
        PlanFactory(kind="TAHUNAN", start_year=2026)
    PlanFactory(kind="LIMA_TAHUNAN", start_year=2026)
    PlanFactory(kind="TAHUNAN", start_year=2026, status="DITETAPKAN")


def _library(env):
    from assessments.models import EvidenceFile

    def add(unit, kind):
        EvidenceFile.objects.create(
            unit=unit,
            kind=kind,
            title=f"{kind} {unit.short_name}",
            document_date=datetime.date(2026, 1, 5),
            file="library/x.pdf",
            original_name="x.pdf",
        )

    for _ in range(MATCHING):
        add(env.unit_a, "SK")
    add(env.unit_a, "FOTO")
    add(env.unit_b, "SK")


def _picker_url(env) -> str:
    """The library picker of a draft dossier of unit A (made on first use)."""
    if not hasattr(env, "picker_dossier"):
        env.picker_dossier = DossierFactory(unit=env.unit_a)
    return reverse("assessments:dossier_library", args=[env.picker_dossier.pk])


def _assessments(env):
    from tests.assessments.factories import AssessmentFactory

    for _ in range(MATCHING):
        AssessmentFactory(status=Status.SUBMITTED)
    AssessmentFactory(status=Status.DRAFT)


CASES = [
    ListCase(
        "pokja plans",
        "assessments:plan_list",
        "planner",
        _plans,
        lambda env: {"year": 2026, "kind": "TAHUNAN", "status": "DRAFT"},
        lambda env, o: o.kind == "TAHUNAN" and o.status == "DRAFT",
    ),
    ListCase(
        "instruments",
        "assessments:instrument_list",
        "reviewer",
        _instruments,
        lambda env: {"year": 2025},
        lambda env, o: o.year == 2025,
    ),
    ListCase(
        "evidence library",
        "assessments:library_list",
        "reviewer",
        _library,
        lambda env: {"unit": env.unit_a.pk, "kind": "SK"},
        lambda env, o: o.unit_id == env.unit_a.pk and o.kind == "SK",
    ),
    ListCase(
        "a dossier's library picker",
        _picker_url,
        "admin",
        _library,
        lambda env: {"kind": "SK"},
        lambda env, o: o.unit_id == env.unit_a.pk and o.kind == "SK",
    ),
    ListCase(
        "self-assessments",
        "assessments:assessment_list",
        "reviewer",
        _assessments,
        lambda env: {"status": Status.SUBMITTED},
        lambda env, o: o.status == Status.SUBMITTED,
    ),
    ListCase(
        "units",
        "focal_points:unit_list",
        "reviewer",
        _units,
        lambda env: {"unit_type": UnitType.RSUD},
        lambda env, o: o.unit_type == UnitType.RSUD,
    ),
    ListCase(
        "decrees",
        "focal_points:decree_list",
        "reviewer",
        _decrees,
        lambda env: {"unit": env.unit_c.pk},
        lambda env, o: o.unit_id == env.unit_c.pk,
    ),
    ListCase(
        "directory",
        "focal_points:directory",
        "reviewer",
        _people,
        lambda env: {"sex": Sex.L, "unit": env.unit_a.pk},
        lambda env, o: o.person.sex == Sex.L and o.unit_id == env.unit_a.pk,
    ),
    ListCase(
        "alerts",
        "focal_points:alerts",
        "reviewer",
        _alerts,
        lambda env: {"unit_type": UnitType.KELURAHAN},
        lambda env, o: o.unit_type == UnitType.KELURAHAN,
    ),
    ListCase(
        "events",
        "focal_points:event_list",
        "reviewer",
        _events,
        lambda env: {"event_type": EventType.SOSIALISASI, "year": 2026},
        lambda env, o: o.event_type == EventType.SOSIALISASI,
    ),
    ListCase(
        "users",
        "user_list",
        "admin",
        _users,
        lambda env: {"role": Role.UNIT_HEAD},
        lambda env, o: o.role == Role.UNIT_HEAD,
    ),
    ListCase(
        "budget lines",
        "evaluations:budget_line_list",
        "reviewer",
        _lines,
        lambda env: {"unit": env.unit_a.pk, "year": 2026},
        lambda env, o: o.unit_id == env.unit_a.pk and o.year == 2026,
    ),
    ListCase(
        "dossiers",
        "evaluations:dossier_list",
        "reviewer",
        _dossiers(Status.DRAFT),
        lambda env: {"unit": env.unit_a.pk, "status": Status.DRAFT},
        lambda env, o: o.unit_id == env.unit_a.pk and o.status == Status.DRAFT,
    ),
    ListCase(
        "review queue",
        "evaluations:review_queue",
        "reviewer",
        _dossiers(Status.SUBMITTED),
        lambda env: {"unit": env.unit_a.pk},
        lambda env, o: o.unit_id == env.unit_a.pk and o.status in QUEUE_STATES,
    ),
    ListCase(
        "dossiers behind a dashboard figure",
        "evaluations:dashboard_dossiers",
        "planner",
        _dossiers(Status.DRAFT),
        lambda env: {"year": 2026, "unit": env.unit_a.pk, "status": Status.DRAFT},
        lambda env, o: o.unit_id == env.unit_a.pk and o.status == Status.DRAFT,
    ),
    ListCase(
        "budget lines behind a dashboard figure",
        "evaluations:dashboard_budget_lines",
        "planner",
        _lines_without_dossier,
        lambda env: (
            {"year": 2026, "unit": env.unit_a.pk, "arg": "on"} | {"no_dossier": "on"}
        ),
        lambda env, o: (
            o.unit_id == env.unit_a.pk and o.year == 2026 and not o.dossiers.exists()
        ),
    ),
]


def url_of(case: ListCase, env) -> str:
    return case.url(env) if callable(case.url) else reverse(case.url)


@pytest.fixture
def env(unit_a, unit_b, admin, reviewer, planner, focal_a, frozen_today):
    from types import SimpleNamespace

    return SimpleNamespace(
        unit_a=unit_a,
        unit_b=unit_b,
        users={"admin": admin, "reviewer": reviewer, "planner": planner},
        focal_a=focal_a,
    )


def links(page_html: str, rel: str | None = None) -> list[str]:
    """The hrefs of the page, as the browser reads them (entities decoded)."""
    if rel:
        pattern = rf'<a[^>]*\brel="{rel}"[^>]*\bhref="([^"]*)"'
    else:
        pattern = r'\bhref="([^"]*)"'
    return [html.unescape(h) for h in re.findall(pattern, page_html)]


def next_link(page_html: str) -> str:
    (href,) = links(page_html, "next")
    return href


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_next_link_shows_page_two_with_the_filters_kept(case, env, client_for):
    case.make(env)
    client = client_for(env.users[case.persona])
    url = url_of(case, env)
    params = {k: str(v) for k, v in case.params(env).items()}
    first = client.get(url, params)
    assert first.status_code == 200
    assert first.context["page"].paginator.count == MATCHING
    assert all(case.matches(env, o) for o in first.context["page"].object_list)

    href = next_link(first.content.decode())
    assert not href.startswith("??")
    second = client.get(urljoin(url, href))

    assert second.status_code == 200
    page = second.context["page"]
    assert page.number == 2
    assert page.paginator.count == MATCHING  # still filtered
    assert len(page.object_list) == 2
    assert all(case.matches(env, o) for o in page.object_list)
    query = parse_qs(urlsplit(href).query)
    # the boundary row (pug_portal.seek) besides the page number
    cursor = ("page", "after", "before")
    assert {k: v[0] for k, v in query.items() if k not in cursor} == params
    # page 2 links on to page 3 and back to page 1, the filters still set
    third = client.get(urljoin(url, next_link(second.content.decode())))
    assert third.context["page"].number == 3
    assert third.context["page"].paginator.count == MATCHING
    (back,) = links(second.content.decode(), "prev")
    assert parse_qs(urlsplit(back).query)["page"] == ["1"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_sort_links_keep_the_filters_and_go_back_to_page_one(case, env, client_for):
    case.make(env)
    client = client_for(env.users[case.persona])
    url = url_of(case, env)
    params = {k: str(v) for k, v in case.params(env).items()}
    second = client.get(url, {**params, "page": 2})
    sort_links = [h for h in links(second.content.decode()) if "sort=" in h]
    assert sort_links, "every list sorts by at least one column"
    for href in sort_links:
        query = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
        assert "page" not in query
        assert {k: v for k, v in query.items() if k != "sort"} == params
        response = client.get(urljoin(url, href))
        assert response.status_code == 200
        assert response.context["page"].paginator.count == MATCHING
        objects = response.context["page"].object_list
        assert all(case.matches(env, o) for o in objects)


def test_a_sort_link_toggles_the_direction_and_says_so(env, client_for):
    _units(env)
    client = client_for(env.users["reviewer"])
    url = reverse("focal_points:unit_list")
    by_name = list(
        Unit.objects.filter(is_active=True)
        .order_by("name", "pk")
        .values_list("name", flat=True)
    )
    ascending = client.get(url, {"sort": "name"})
    assert [u.name for u in ascending.context["page"]] == by_name[:2]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    descending = client.get(url, {"sort": "-name"})
    assert [u.name for u in descending.context["page"]] == by_name[::-1][:2]
    page = descending.content.decode()
    assert 'aria-sort="descending"' in page
    assert '<a href="?sort=name">' in page  # the next click sorts A→Z again


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_no_query_parameter_breaks_a_list(case, env, client_for):
    """Refused values are shown next to their field and not applied; the list and
    its paging keep working."""
    case.make(env)
    client = client_for(env.users[case.persona])
    url = url_of(case, env)
    names = list(client.get(url).context["filter"].filters)
    for name in [*names, "page"]:
        for value in ("abc", "²", "999999", "-1", "2026.5", "\x00", "x" * 300):
            response = client.get(url, {name: value})
            assert response.status_code == 200, (name, value)
            form = response.context["filter"].form
            if name in form.errors and not form[name].is_hidden:
                assert f'id="id_{name}_error"' in response.content.decode()


@pytest.mark.parametrize(
    "url, params",
    [
        ("evaluations:budget_line_list", {"year": "abc"}),
        ("evaluations:budget_line_list", {"year": "²"}),
        ("evaluations:budget_line_list", {"unit": "999999"}),
        ("evaluations:dashboard_dossiers", {"year": "²", "unit": "999999"}),
        ("evaluations:dashboard_budget_lines", {"year": "abc"}),
        ("focal_points:event_list", {"year": "²"}),
        ("focal_points:decree_list", {"unit": "²"}),
    ],
)
def test_a_refused_filter_is_shown_and_ignored(url, params, env, client_for):
    BudgetLineFactory(unit=env.unit_a)
    DossierFactory(unit=env.unit_a)
    DecreeFactory(unit=env.unit_a)
    EventFactory()
    client = client_for(env.users["reviewer"])
    everything = client.get(reverse(url)).context["page"].paginator.count
    response = client.get(reverse(url), params)
    assert response.status_code == 200
    assert set(response.context["filter"].form.errors) == set(params)
    assert response.context["page"].paginator.count == everything
    page = response.content.decode()
    for name in params:
        assert f'id="id_{name}_error"' in page


def test_a_decree_for_a_malformed_unit_starts_without_one(env, client_for):
    """`?unit=²` passes str.isdigit() but is no number for int()."""
    url = reverse("focal_points:decree_create")
    response = client_for(env.users["reviewer"]).get(url, {"unit": "²"})
    assert response.status_code == 200


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_filter_selects_say_what_empty_means(case, env, client_for):
    page = client_for(env.users[case.persona]).get(url_of(case, env))
    assert "---------" not in page.content.decode()
    assert "Semua" in page.content.decode() or "L dan P" in page.content.decode()


def test_every_list_template_is_covered_here(env, client_for):
    """A new list (a template that includes the list table) needs a case above."""
    covered = set()
    for case in CASES:
        response = client_for(env.users[case.persona]).get(url_of(case, env))
        covered |= {t.name for t in response.templates}
    root = Path(settings.BASE_DIR) / "templates"
    lists = {
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if "includes/list_table.html" in path.read_text()
    }
    assert lists - covered == set()


def test_no_template_puts_a_question_mark_before_querystring():
    """{% querystring %} starts with "?" itself: "?{% querystring" makes "??"."""
    root = Path(settings.BASE_DIR) / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if re.search(r"\?\s*\{%\s*querystring", path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_no_rendered_link_has_a_doubled_question_mark(case, env, client_for):
    case.make(env)
    client = client_for(env.users[case.persona])
    url = url_of(case, env)
    for query in ({}, {"page": 2}, {"sort": "-" + "x"}, case.params(env)):
        page = client.get(url, query).content.decode()
        assert [h for h in links(page) if "??" in h] == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_sort_works_in_a_focal_points_narrower_scope(case, env, client_for):
    """A focal point's querysets are scoped by subqueries (decrees: DISTINCT); each
    sort key, both ways, still answers."""
    case.make(env)
    client = client_for(env.focal_a)
    url = url_of(case, env)
    first = client.get(url)
    if first.status_code == 403:  # a list for other roles (matrix: 403)
        return
    keys = first.context["filter"].filters["sort"].orderings
    for key in keys:
        for value in (key, f"-{key}"):
            response = client.get(url, {"sort": value})
            assert response.status_code == 200, value
            assert "sort" not in response.context["filter"].form.errors
