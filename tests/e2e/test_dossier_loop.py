"""The whole PPRG loop in a browser: a focal point fills in and submits a dossier, the
reviewer returns it with a comment on a GAP step, the focal point fixes it, marks the
comment addressed and resubmits, the reviewer sees the change and approves, and the
dossier is locked. Walked at a desktop's width and at a phone's (390 px): every page on
the way fits the screen and the console stays free of errors."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from evaluations.models import CycleState, Dossier
from evaluations.workflow import Status
from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.factories import (
    BudgetLineFactory,
    CycleFactory,
    DecreeFactory,
    UnitFactory,
    UserFactory,
    appoint,
)

pytestmark = pytest.mark.django_db(transaction=True)

GAP = {
    "gap_policy": "Meningkatnya cakupan pelayanan kesehatan ibu hamil sesuai standar.",
    "gap_insight": "Kunjungan K1 21.430; didampingi suami 3.860 (18%).",
    "gap_participation": "Suami jarang mendampingi pemeriksaan kehamilan.",
    "gap_internal": "Kelas ibu hamil hanya pada jam kerja.",
    "gap_external": "Anggapan kehamilan urusan perempuan saja.",
    "gap_reformulated": "Meningkatnya pelayanan ibu hamil dengan keterlibatan suami.",
    "gap_baseline": "Pendampingan suami pada K1 18% (2025).",
    "gap_output_indicator": "58 kelas ibu hamil akhir pekan (kelas)",
    "gap_outcome_indicator": "Pendampingan suami pada K1 35% (persen)",
}


WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_dossier_goes_round_the_review_loop_and_ends_locked(page, live_server, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url}: {m.text}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))

    def fits(loaded_page) -> None:
        scroll, inner = loaded_page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        if scroll > inner:
            problems.append(f"{loaded_page.url}: {scroll} px wide in {inner} px")

    page.on("load", fits)
    today = datetime.date.today()
    unit = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    focal = UserFactory(username="dewi", role=Role.FOCAL_POINT, first_name="Dewi")
    decree = DecreeFactory(unit=unit, valid_from=today - datetime.timedelta(days=60))
    appoint(focal, unit, decree=decree, start_date=today - datetime.timedelta(days=30))
    UserFactory(username="rev", role=Role.REVIEWER, first_name="Siti")
    CycleFactory(
        year=today.year,
        open_date=today - datetime.timedelta(days=30),
        submission_deadline=today + datetime.timedelta(days=30),
        review_deadline=today + datetime.timedelta(days=60),
        state=CycleState.OPEN,
    )
    line = BudgetLineFactory(
        unit=unit,
        year=today.year,
        sub_kegiatan_code="1.02.02.2.02.0001",
        sub_kegiatan_name="Pengelolaan Pelayanan Kesehatan Ibu Hamil",
        pagu=Decimal("145000000"),
    )

    # The focal point starts the dossier from the budget line and fills it in.
    login(page, live_server, "dewi")
    page.goto(f"{live_server.url}/budget/")
    page.get_by_role("link", name="Mulai dokumen PPRG").first.click()
    page.get_by_role("button", name="Mulai dokumen PPRG").click()
    expect(page.locator("legend").first).to_contain_text(
        "Pilih Kebijakan/Program/Kegiatan yang akan dianalisis"
    )
    for name, text in GAP.items():
        page.fill(f"[name={name}]", text)
    page.fill("[name=actions-0-description]", "Kelas ibu hamil akhir pekan")
    page.fill("[name=actions-0-input_amount]", "45000000")
    page.fill("[name=actions-0-output]", "58 kelas")
    page.fill("[name=actions-0-outcome]", "Suami mengenali tanda bahaya kehamilan")
    page.locator("[data-section-link=data]").click()
    page.fill("[name=data-0-label]", "Pendamping K1")
    page.select_option("[name=data-0-kind]", "BASELINE")
    page.fill("[name=data-0-male]", "3860")
    page.fill("[name=data-0-female]", "0")
    page.fill("[name=data-0-unit_of_measure]", "kunjungan")
    # a second row, of the insight data, through "Tambah baris"
    page.locator("[data-add-row=data]").click()
    page.fill("[name=data-1-label]", "Kunjungan K1")
    page.select_option("[name=data-1-kind]", "PEMBUKA_WAWASAN")
    page.fill("[name=data-1-male]", "0")
    page.fill("[name=data-1-female]", "21.430")
    page.fill("[name=data-1-unit_of_measure]", "kunjungan")
    page.get_by_role("button", name="Simpan lalu periksa kelengkapan").click()
    expect(page.locator(".checklist")).not_to_contain_text("Belum")
    page.get_by_role("button", name="Ajukan ke DPMPPPAKB").click()
    expect(page.locator(".messages")).to_contain_text("Dokumen PPRG diajukan")
    dossier = Dossier.objects.get(budget_line=line)
    assert dossier.status == Status.SUBMITTED

    # The reviewer takes it from the queue and returns it with a comment on GAP 2.
    page.context.clear_cookies()
    login(page, live_server, "rev")
    page.goto(f"{live_server.url}/review/")
    # the queue opens the review page directly
    page.get_by_role("link", name="Pengelolaan Pelayanan Kesehatan Ibu Hamil").click()
    page.get_by_role("button", name="Mulai reviu").click()
    page.get_by_label("Alasan").fill("Data pembuka wawasan belum menyebut sumbernya.")
    page.select_option("[name=comments-0-target]", "gap_2")
    page.fill("[name=comments-0-text]", "Sebutkan sumber data (SIMPUS/laporan KIA).")
    page.get_by_role("button", name="Kembalikan").click()
    expect(page.locator(".messages")).to_contain_text("Dokumen PPRG dikembalikan")

    # The focal point sees the comment next to GAP step 2, fixes it and resubmits.
    page.context.clear_cookies()
    login(page, live_server, "dewi")
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/edit/")
    step_2 = page.locator("fieldset.gap_2")
    expect(step_2).to_contain_text("Sebutkan sumber data (SIMPUS/laporan KIA).")
    step_2.get_by_role("button", name="Tandai sudah ditindaklanjuti").click()
    expect(step_2).to_contain_text("Catatan ditandai sudah ditindaklanjuti")
    page.fill(
        "[name=gap_insight]",
        "Kunjungan K1 21.430; didampingi suami 3.860 (18%) (SIMPUS Dinkes 2025).",
    )
    page.get_by_role("button", name="Simpan lalu periksa kelengkapan").click()
    page.get_by_role("button", name="Ajukan ke DPMPPPAKB").click()
    expect(page.locator(".messages")).to_contain_text("Dokumen PPRG diajukan")

    # The reviewer sees what changed since the return and approves.
    page.context.clear_cookies()
    login(page, live_server, "rev")
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/review/")
    page.get_by_role("button", name="Mulai reviu").click()
    expect(page.locator("#diff-heading")).to_be_visible()
    expect(page.locator("ins").first).to_contain_text("SIMPUS Dinkes 2025")
    page.get_by_role("button", name="Setujui dan kunci").click()
    expect(page.locator(".messages")).to_contain_text("disetujui dan dikunci")
    # nothing else waits: back to the (empty) queue
    expect(page.locator(".messages")).to_contain_text("Antrean reviu kosong")
    assert page.url.endswith("/review/")

    # Locked: the focal point can read it but no longer edit it.
    page.context.clear_cookies()
    login(page, live_server, "dewi")
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    expect(page.get_by_text("Disetujui dan terkunci.")).to_be_visible()
    expect(page.get_by_role("link", name="Isi / ubah")).to_have_count(0)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/edit/")
    expect(page.locator(".messages")).to_contain_text("terkunci")
    dossier.refresh_from_db()
    assert dossier.status == Status.APPROVED
    assert problems == []
