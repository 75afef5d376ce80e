"""Every main page, as each role reaches it from the menu and the lists, at a phone's
width (375 px, the narrowest phone in common use) and at a desktop's: the page never scrolls sideways (wide tables scroll
inside their own box or become cards) and the browser console stays free of errors.

The pages are found by walking the links: the menu, then one page of each kind linked
from there (a unit, a dossier, an event…), so a new page is checked without being
listed here."""

import re

import pytest
from django.core.management import call_command

from evaluations.models import Dossier
from evaluations.workflow import Status
from tests.e2e.evaluation_pages import evaluation_pages

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "Demo#PUG2026"
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}
# Files and actions, not pages.
SKIP = re.compile(
    r"(\.pdf|\.xlsx|\.csv|/pdf/|/download/|/template/|/materials/|/report-file/"
    r"|/files/|/admin/|/accounts/|/reports/[\w-]+/(xlsx|csv|pdf)/|/evidence/\d+/$"
    r"|/library/\d+/$|/i18n/|/logout)"
)
ROLES = ["focal_dinkes", "reviewer", "planner", "admin"]


def journey_pages(role: str) -> list[str]:
    """Pages of the role's main journey that lie deeper than the walk goes: the
    focal point's editor, the reviewer's review page, and every page of the
    institutional evaluation, the awards and the Pokja PUG."""
    return [*_dossier_pages(role), *evaluation_pages(role)]


def _dossier_pages(role: str) -> list[str]:
    if role == "focal_dinkes":
        editable = Dossier.objects.filter(
            unit__short_name="Dinkes",
            status__in=[Status.DRAFT, Status.REVISION_REQUESTED],
            cycle__state="OPEN",
        ).first()
        return [f"/dossiers/{editable.pk}/edit/", "/dossiers/new/"]
    if role in ("reviewer", "admin"):
        waiting = Dossier.objects.filter(
            status__in=[Status.SUBMITTED, Status.IN_REVIEW]
        ).first()
        return [f"/dossiers/{waiting.pk}/review/"]
    return []


def kind_of(path: str) -> str:
    """Pages of one kind share a path but for their numbers: /units/12/ ~ /units/7/."""
    return re.sub(r"\d+", "N", path)


def same_site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "main a[href], header a[href]", "els => els.map(e => e.href)"
    )
    paths = []
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = href[len(base) :].split("#")[0].split("?")[0] or "/"
        if not SKIP.search(path):
            paths.append(path)
    return paths


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_the_screen_without_console_errors(
    page, live_server, demo, role, width
):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    seen: dict[str, str] = {}  # kind → the path visited
    problems: list[str] = []
    queue = ["/", *journey_pages(role)]
    depth = dict.fromkeys(queue, 1)
    while queue:
        path = queue.pop(0)
        if kind_of(path) in seen:
            continue
        seen[kind_of(path)] = path
        errors.clear()
        response = page.goto(base + path)
        assert response is not None
        if response.status >= 400:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        page.wait_for_load_state("load")
        wide = page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        if wide[0] > wide[1]:
            culprits = page.evaluate(
                """() => { const w = innerWidth; const out = [];
                for (const el of document.querySelectorAll('body *')) {
                  const r = el.getBoundingClientRect();
                  if (r.right > w) {
                    const p = el.parentElement;
                    let clipped = false; for (let a = p; a && a !== document.body; a = a.parentElement) { if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; } }
                    if (p && !clipped && (p.getBoundingClientRect().right <= w || getComputedStyle(el).position === 'absolute')) {
                      let chain = []; let a = el; while (a && a !== document.body) { chain.push(a.tagName + '.' + (a.className||'').toString().slice(0,30) + ':' + Math.round(a.getBoundingClientRect().width) + ':' + getComputedStyle(a).display); a = a.parentElement; }
                      out.push(chain.join(' < '));
                    }
                  }
                } return out.slice(0, 6); }"""
            )
            problems.append(
                f"{path}: page {wide[0]} px wide in {wide[1]} px {culprits}"
            )
        if errors:
            problems.append(f"{path}: console {errors[:3]}")
        if depth[path] < 2:
            for link in same_site_links(page, base):
                if link not in depth:
                    depth[link] = depth[path] + 1
                    queue.append(link)
    assert len(seen) >= 8, seen
    assert problems == [], "\n".join(problems)
