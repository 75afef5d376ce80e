"""A reviewer opens the city dashboard, clicks the "revision requested" count of one
unit and lands on exactly those dossiers — and only those."""

import re

import pytest
from playwright.sync_api import expect

from evaluations.workflow import Status
from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.evaluations.test_dashboard import _dossier, _line, build_city
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_revision_requested_count_opens_exactly_those_dossiers(page, live_server):
    UserFactory(username="rev", role=Role.REVIEWER)
    dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    setu = UnitFactory(
        name="Kecamatan Setu", short_name="Kec. Setu", unit_type="KECAMATAN"
    )
    city = build_city(dinkes, setu)
    # a second returned dossier in Dinkes, and one in another unit that must not show
    second = _dossier(_line(dinkes, 75), city.cycle, Status.REVISION_REQUESTED)
    _dossier(_line(setu, 20), city.cycle, Status.REVISION_REQUESTED)

    login(page, live_server, "rev")
    page.goto(f"{live_server.url}/dashboard/?year=2026")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026")

    row = page.locator("table.compliance-board tbody tr").filter(
        has=page.get_by_role("link", name="Dinkes", exact=True)
    )
    count = row.locator('a[data-status="REVISION_REQUESTED"]')
    expect(count).to_contain_text("2")
    count.click()

    expect(page).to_have_url(re.compile(r"/dashboard/dossiers/\?"))
    expect(page.get_by_role("status")).to_contain_text("2 dokumen PPRG")
    rows = page.locator("#records tbody tr")
    expect(rows).to_have_count(2)
    names = sorted(rows.locator("th").all_inner_texts())
    expected = sorted(
        f"{d.budget_line.sub_kegiatan_name}\n{d.budget_line.sub_kegiatan_code}"
        for d in (city.a2, second)
    )
    assert names == expected
    for status in rows.locator("td .badge").all_inner_texts():
        assert status.strip() == str(Status.REVISION_REQUESTED.label)
    expect(rows.filter(has_text="Kec. Setu")).to_have_count(0)
