"""The decree and Pokja member forms' presets in a browser: choosing SK Pokja PUG
fills "ditetapkan oleh" with the Wali Kota and empties the unit; choosing the
ketua role fills the head of the planning agency, choosing a unit its head; the
user may still change what was filled, and the member is saved."""

import pytest
from playwright.sync_api import expect

from focal_points.models import Decree, PokjaMembership, UnitType
from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_forms_fill_what_an_sk_pokja_and_its_members_usually_are(page, live_server):
    UserFactory(username="rev", role=Role.REVIEWER)
    UnitFactory(
        name="Badan Perencanaan",
        short_name="Bappelitbangda",
        unit_type=UnitType.BADAN,
        is_planning_agency=True,
        head_name="Kepala Bappeda",
        head_nip="197001011995031001",
    )
    dinkes = UnitFactory(
        name="Dinas Kesehatan",
        short_name="Dinkes",
        head_name="Kepala Dinkes",
        head_nip="198001012005012003",
    )
    login(page, live_server, "rev")
    page.goto(f"{live_server.url}/focal-points/decrees/new/")
    page.select_option("select[name=unit]", str(dinkes.pk))
    page.select_option("select[name=decree_type]", "POKJA")
    expect(page.locator("select[name=issuer_type]")).to_have_value("WALI_KOTA")
    expect(page.locator("select[name=unit]")).to_have_value("")
    page.fill("input[name=number]", "100.3.3.2/Kep.12-Huk/2026")
    page.fill("input[name=date]", "2026-01-12")
    page.fill("input[name=title]", "Kelompok Kerja PUG")
    page.fill("input[name=fiscal_year]", "2026")
    page.fill("input[name=valid_from]", "2026-01-12")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url("**/focal-points/decrees/*/")
    decree = Decree.objects.get(decree_type="POKJA")
    assert decree.issuer_type == "WALI_KOTA"

    page.goto(f"{live_server.url}/focal-points/decrees/{decree.pk}/pokja/add/")
    page.select_option("select[name=pokja_role]", "KETUA")
    expect(page.locator("input[name=name]")).to_have_value("Kepala Bappeda")
    expect(page.locator("input[name=sex][value=L]")).to_be_checked()
    page.select_option("select[name=unit]", str(dinkes.pk))
    expect(page.locator("input[name=name]")).to_have_value("Kepala Dinkes")
    expect(page.locator("input[name=sex][value=P]")).to_be_checked()
    page.select_option("select[name=pokja_role]", "ANGGOTA")
    page.fill("input[name=position]", "Kepala Dinas Kesehatan (Plt.)")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}{decree.get_absolute_url()}")
    member = PokjaMembership.objects.get()
    assert (member.pokja_role, member.person.name, member.unit) == (
        "ANGGOTA",
        "Kepala Dinkes",
        dinkes,
    )
    assert member.position == "Kepala Dinas Kesehatan (Plt.)"
