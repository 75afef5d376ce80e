"""Rencana Pokja PUG in a browser: DPMPPPAKB staff create the year's plan, fill a
row of its matrix, record the row's achievement and see it on the city board; the
plan's pages pass axe-core and fit a phone's width."""

import datetime

import pytest
from playwright.sync_api import expect

from assessments.models import PlanAchievement
from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.e2e.test_accessibility import violations
from tests.factories import CycleFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    width, inner = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    return width <= inner


def test_staff_plan_a_row_record_its_achievement_and_see_it_on_the_board(
    browser, live_server
):
    year = datetime.date.today().year
    CycleFactory(year=year)
    UnitFactory(name="Badan Perencanaan Pembangunan Daerah", short_name="Bappeda")
    UserFactory(username="rev", role=Role.REVIEWER, first_name="Siti")
    context = browser.new_context(bypass_csp=True)  # axe is an inline script
    page = context.new_page()
    base = live_server.url
    login(page, live_server, "rev")
    problems = {}

    # The plan, from the list.
    page.goto(f"{base}/pokja-plans/")
    page.get_by_role("link", name="Rencana baru").click()
    page.select_option("[name=kind]", "TAHUNAN")
    page.fill("[name=title]", f"Rencana Kerja Pokja PUG {year}")
    page.fill("[name=start_year]", str(year))
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_have_text(f"Rencana Kerja Pokja PUG {year}")

    # One row of the matrix; a negative budget is refused next to its field.
    page.get_by_role("link", name="Isi matriks", exact=True).click()
    problems["matrix"] = violations(page)
    row = page.locator("#plan-row-1")
    row.get_by_label("Area").select_option("PELEMBAGAAN")
    row.get_by_label("Program/kegiatan").fill("Rapat koordinasi Pokja PUG")
    row.get_by_label("Indikator").fill("Jumlah rapat koordinasi")
    row.get_by_label(f"Target {year}").fill("4 kali")
    row.get_by_label("Alokasi anggaran (Rp)").fill("-1")
    row.get_by_label("PD penanggung jawab").select_option(
        label="Badan Perencanaan Pembangunan Daerah"
    )
    page.get_by_role("button", name="Simpan matriks").click()
    expect(page.locator("#plan-row-1")).to_contain_text("Anggaran tidak boleh negatif.")
    page.locator("#plan-row-1").get_by_label("Alokasi anggaran (Rp)").fill("45.000.000")
    page.get_by_role("button", name="Simpan matriks").click()
    expect(page.locator("#plan-matrix")).to_contain_text("Rp 45.000.000")
    problems["detail"] = violations(page)

    # The achievement of the year.
    page.get_by_role("link", name=f"Catat capaian {year}").first.click()
    problems["achievements"] = violations(page)
    page.get_by_label("Capaian (% dari target)").fill("50")
    page.get_by_label("Uraian capaian").fill("2 kali")
    page.get_by_role("button", name="Simpan capaian").click()
    expect(page.locator("#plan-matrix")).to_contain_text("50% 2 kali")
    assert PlanAchievement.objects.get().percent == 50

    # The city board shows it (a new data version once the write committed).
    page.goto(f"{base}/dashboard/?year={year}")
    card = page.locator(".card", has_text=f"Capaian Rencana Pokja PUG {year}")
    expect(card).to_contain_text("1 dari 1 baris (100,0%)")

    # The plan's pages at a phone's width.
    page.set_viewport_size(PHONE)
    for path in ("/pokja-plans/", page_url_of_plan(page, base)):
        page.goto(f"{base}{path}")
        assert fits(page), path
    for path in ("rows/", f"achievements/?year={year}"):
        page.goto(f"{base}{page_url_of_plan(page, base)}{path}")
        assert fits(page), path
    page.goto(f"{base}/pokja-plans/")
    problems["list"] = violations(page)
    context.close()
    assert {k: v for k, v in problems.items() if v} == {}


def page_url_of_plan(page, base) -> str:
    from assessments.models import PokjaPlan

    return PokjaPlan.objects.get().get_absolute_url()
