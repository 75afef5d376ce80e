"""Automated accessibility check (axe-core, WCAG 2 A/AA rules) of the main pages, as
the demo users see them. Serious and critical violations fail the test."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations.models import Dossier
from evaluations.workflow import Status
from focal_points.demo import DEMO_PASSWORD
from focal_points.models import Unit
from pug_portal.models import User
from tests.e2e.conftest import login
from tests.e2e.evaluation_pages import evaluation_pages

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
PAGES = {
    "reviewer": [
        "/",
        "/units/",
        "/focal-points/",
        "/dossiers/",
        "/review/",
        "/events/",
        "/reports/",
        "/imports/",
    ],
    "focal_dinkes": ["/", "/dossiers/", "/budget/", "/focal-points/decrees/"],
}


def violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    found = page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
        })).violations
          .filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => `${v.id}: ${v.nodes[0].html.slice(0, 120)}`)"""
    )
    return found


def dossier_per_state(username: str) -> list[Dossier]:
    user = User.objects.get(username=username)
    first = {}
    for dossier in Dossier.objects.visible_to(user).order_by("pk"):
        first.setdefault(dossier.status, dossier)
    return list(first.values())


def test_main_pages_have_no_serious_accessibility_violations(
    browser, live_server, settings
):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    problems = {}
    for username, paths in PAGES.items():
        # axe is injected as an inline script, which our CSP rightly forbids.
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        login(page, live_server, username, DEMO_PASSWORD)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            if found := violations(page):
                problems[f"{username} {path}"] = found
        # One dossier page per workflow state the user sees (a returned dossier shows
        # the reviewer's open comments, each with its "ditindaklanjuti" button).
        for dossier in dossier_per_state(username):
            page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
            if found := violations(page):
                problems[f"{username} {page.url} ({dossier.status})"] = found
        if username == "reviewer":
            # A unit's year page with its ARG figures and the total belanja form
            # (open where none is recorded yet: Dinsos this year).
            for unit in Unit.objects.filter(short_name__in=["Dinkes", "Dinsos"]):
                path = reverse("evaluations:unit_dashboard", args=[unit.pk])
                page.goto(f"{live_server.url}{path}")
                if found := violations(page):
                    problems[f"{username} {path}"] = found
        if username == "focal_dinkes":
            # The dossier edit page: the densest form in the portal.
            draft = Dossier.objects.filter(
                unit__short_name="Dinkes", status=Status.DRAFT
            ).first()
            page.goto(f"{live_server.url}{draft.get_absolute_url()}edit/")
            assert page.locator("textarea").count() > 9  # really the edit form
            if found := violations(page):
                problems[f"{username} {page.url}"] = found
        context.close()
    assert problems == {}


def test_evaluation_award_and_pokja_pages_have_no_serious_accessibility_violations(
    browser, live_server, settings
):
    """Every page of the assessments app, the APE/PPE results and the Pokja PUG
    pages, as the focal point, the verifier and Bappeda see them."""
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    problems = {}
    for username in ("focal_dinkes", "reviewer", "planner", "inspektorat"):
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        login(page, live_server, username, DEMO_PASSWORD)
        for path in evaluation_pages(username):
            response = page.goto(f"{live_server.url}{path}")
            if response.status >= 400:
                problems[f"{username} {path}"] = [f"HTTP {response.status}"]
            elif found := violations(page):
                problems[f"{username} {path}"] = found
        context.close()
    assert problems == {}
