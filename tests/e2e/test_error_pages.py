"""The 404 and 403 pages in a real browser: the portal's layout, a way back that
works, no sideways scroll on a phone."""

import pytest
from playwright.sync_api import expect

from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The error page's own status is logged as a failed load; nothing else may be.
    pytest.mark.allow_console_errors,
]


@pytest.mark.parametrize("width", [1280, 390])
def test_error_pages_lead_back_and_fit_a_phone(page, live_server, width):
    UserFactory(username="bappeda", role=Role.PLANNER)
    page.set_viewport_size({"width": width, "height": 800})
    login(page, live_server, "bappeda")

    # As if followed from the dossier list (a stale link).
    page.goto(
        f"{live_server.url}/dossiers/999999/", referer=f"{live_server.url}/dossiers/"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Kembali ke halaman sebelumnya").click()
    expect(page).to_have_url(f"{live_server.url}/dossiers/")

    page.goto(f"{live_server.url}/users/")
    expect(page.get_by_text("Tindakan ini hanya untuk peran:")).to_contain_text(
        "Administrator"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Ke beranda").click()
    expect(page).to_have_url(f"{live_server.url}/")
