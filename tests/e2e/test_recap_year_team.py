"""A verifier opens the 2025 recap of a unit after its team changed in 2026 and sees
the 2025 team: on the unit's dashboard for 2025 and in the downloaded annual recap."""

import datetime
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from focal_points.models import Sex, TeamRole
from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.factories import (
    AppointmentFactory,
    CycleFactory,
    DecreeFactory,
    DossierFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)
from tests.reports import IMMEDIATE

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


def test_a_verifier_sees_the_2025_team_after_a_2026_change(page, live_server, settings):
    settings.TASKS = IMMEDIATE
    UserFactory(username="verifikator", role=Role.REVIEWER)
    dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    CycleFactory(year=2025, open_date=D(2025, 2, 1))
    cycle = CycleFactory(year=2026)
    DossierFactory(unit=dinkes, cycle=CycleFactory(year=2025))
    DossierFactory(unit=dinkes, cycle=cycle)
    sk_2025 = DecreeFactory(
        unit=dinkes, fiscal_year=2025, date=D(2025, 1, 10), valid_from=D(2025, 1, 10)
    )
    ahmad = AppointmentFactory(
        person=PersonFactory(name="Ahmad Fauzi", sex=Sex.L),
        unit=dinkes,
        decree=sk_2025,
        team_role=TeamRole.KETUA,
        start_date=D(2025, 1, 10),
    )
    AppointmentFactory(
        person=PersonFactory(name="Budi Lestari"),
        unit=dinkes,
        decree=sk_2025,
        start_date=D(2025, 1, 10),
    )
    # March 2026: Ahmad leaves, Dodi leads the team under the 2026 SK
    type(ahmad).objects.filter(pk=ahmad.pk).update(end_date=D(2026, 2, 28))
    sk_2026 = DecreeFactory(
        unit=dinkes, fiscal_year=2026, date=D(2026, 3, 1), valid_from=D(2026, 3, 1)
    )
    AppointmentFactory(
        person=PersonFactory(name="Dodi Pratama", sex=Sex.L),
        unit=dinkes,
        decree=sk_2026,
        team_role=TeamRole.KETUA,
        start_date=D(2026, 3, 1),
    )

    login(page, live_server, "verifikator")
    page.goto(f"{live_server.url}/units/{dinkes.pk}/dashboard/?year=2026")
    team = page.locator("section[aria-labelledby=team-title]")
    expect(team).to_contain_text("Dodi Pratama")
    expect(team).not_to_contain_text("Ahmad Fauzi")

    page.get_by_label("Tahun anggaran", exact=True).select_option("2025")
    page.wait_for_url("**year=2025**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
    expect(team).to_contain_text("Ahmad Fauzi")
    expect(team).to_contain_text("Budi Lestari")
    expect(team).not_to_contain_text("Dodi Pratama")
    expect(team).to_contain_text("31 Desember 2025")

    # The annual recap of 2025 (a background run, here run at once), downloaded
    page.goto(f"{live_server.url}/reports/rekap-tahunan-pd/pdf/?unit=Dinkes&year=2025")
    expect(page).to_have_url(re.compile(r"/reports/#run-\d+$"))
    with page.expect_download() as download:
        page.locator(".report-runs .report-run").first.get_by_role(
            "link", name=re.compile("Unduh")
        ).click()
    content = Path(download.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Ahmad Fauzi" in text and "Budi Lestari" in text
    assert "Dodi Pratama" not in text
