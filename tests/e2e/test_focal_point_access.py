"""A reviewer appoints a person with an account as focal point of a unit; that person
signs in and sees exactly that unit; once the appointment ends they see none."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.factories import DecreeFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


# It opens the unit page after access ended: the 404 is the point of the test.
@pytest.mark.allow_console_errors
def test_appointment_grants_and_ending_revokes_unit_access(page, live_server):
    today = datetime.date.today()
    UserFactory(username="rev", role=Role.REVIEWER)
    UserFactory(username="siti", role=Role.FOCAL_POINT, first_name="Siti")
    unit = UnitFactory(name="Dinas Sosial", short_name="Dinsos")
    UnitFactory(name="Dinas Perhubungan", short_name="Dishub")
    DecreeFactory(
        unit=unit,
        number="800/77/Dinsos/2026",
        valid_from=today.replace(day=1) - datetime.timedelta(days=60),
    )

    # The reviewer appoints Siti, linking her existing account.
    login(page, live_server, "rev")
    page.goto(f"{live_server.url}{unit.get_absolute_url()}")
    page.get_by_role("link", name="Tetapkan focal point").click()
    page.get_by_label("Nama lengkap").fill("Siti Aminah, S.Sos.")
    page.get_by_label("NIP").fill("19880101 201001 2 001")
    page.get_by_label("Perempuan", exact=True).check()
    page.get_by_label("Peran dalam tim").select_option("KETUA")
    page.get_by_label("SK").select_option(label="SK 800/77/Dinsos/2026")
    start = today - datetime.timedelta(days=30)
    page.get_by_label("Mulai").fill(start.isoformat())
    page.get_by_label("Akun pengguna yang sudah ada").select_option(label="Siti")
    page.get_by_role("button", name="Tetapkan focal point").click()
    expect(page.get_by_role("status").first).to_contain_text("Focal point ditetapkan")
    expect(page.get_by_role("table").first).to_contain_text("Siti Aminah")

    # Siti signs in and sees exactly that unit.
    page.context.clear_cookies()
    login(page, live_server, "siti")
    page.goto(f"{live_server.url}/units/")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Dinas Sosial")

    # The reviewer ends the appointment (last day: yesterday).
    page.context.clear_cookies()
    login(page, live_server, "rev")
    page.goto(f"{live_server.url}{unit.get_absolute_url()}")
    page.get_by_role("link", name="Siti Aminah, S.Sos.").click()
    page.get_by_role("link", name="Akhiri penugasan").click()
    page.get_by_label("Hari terakhir bertugas").fill(
        (today - datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_label("Alasan").fill("Pensiun")
    page.get_by_role("button", name="Akhiri penugasan").click()
    expect(page).to_have_url(re.compile(r"/focal-points/\d+/$"))

    # Siti's access is gone at once.
    page.context.clear_cookies()
    login(page, live_server, "siti")
    page.goto(f"{live_server.url}/units/")
    expect(page.locator("table tbody tr")).to_have_count(0)
    response = page.goto(f"{live_server.url}{unit.get_absolute_url()}")
    assert response.status == 404
