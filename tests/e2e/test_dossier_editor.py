"""The dossier editor in a browser: a failed save leads to its errors, tables grow
row by row, marking a reviewer comment keeps typed rows, and leaving with unsaved
changes asks first. No console error on the way."""

import datetime

import pytest
from playwright.sync_api import expect

from evaluations.models import CycleState, Dossier, ReviewComment
from evaluations.workflow import Status
from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.factories import (
    CycleFactory,
    DecreeFactory,
    DossierFactory,
    UnitFactory,
    UserFactory,
    appoint,
    complete_dossier,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(page, live_server):
    """A focal point on the edit page of a returned dossier with one open comment;
    console errors are collected in page.errors."""
    today = datetime.date.today()
    unit = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    focal = UserFactory(username="dewi", role=Role.FOCAL_POINT)
    decree = DecreeFactory(unit=unit, valid_from=today - datetime.timedelta(days=60))
    appoint(focal, unit, decree=decree, start_date=today - datetime.timedelta(days=30))
    cycle = CycleFactory(
        year=today.year,
        open_date=today - datetime.timedelta(days=30),
        submission_deadline=today + datetime.timedelta(days=30),
        review_deadline=today + datetime.timedelta(days=60),
        state=CycleState.OPEN,
    )
    dossier = complete_dossier(DossierFactory(unit=unit, cycle=cycle))
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.REVISION_REQUESTED)
    ReviewComment.objects.create(
        dossier=dossier, target="gap_2", text="Sebutkan sumber datanya."
    )
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    login(page, live_server, "dewi")
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/edit/")
    page.dossier = dossier
    return page


def test_a_failed_save_shows_the_errors_at_the_top_and_leads_to_each(editor):
    page = editor
    page.locator("[data-section-link=gbs]").click()
    page.fill("[name=gbs_amount]", "seratus juta")
    page.locator("[data-section-link=data]").click()
    page.fill("[name=data-0-male]", "-3")
    page.get_by_role("button", name="Simpan", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("2 isian perlu diperbaiki")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page.locator("[data-section-link=gbs]")).to_contain_text("1 kesalahan")
    expect(page.locator("[data-section-link=data]")).to_contain_text("1 kesalahan")
    # the first error's section is the one shown
    expect(page.locator("#id_gbs_amount")).to_be_visible()
    expect(page.locator("#id_data-0-male")).to_be_hidden()
    summary.get_by_role("link", name="Data terpilah, baris 1: Laki-laki").click()
    expect(page.locator("#id_data-0-male")).to_be_focused()
    expect(page.locator("#id_data-0-male")).to_have_value("-3")
    assert page.errors == []


def test_rows_are_added_and_kept_when_a_comment_is_marked_addressed(editor):
    page = editor
    add = page.locator("[data-add-row=actions]")
    add.click()
    add.click()
    for n, text in ((1, "Kelas ayah siaga"), (2, "Posyandu malam")):
        page.fill(f"[name=actions-{n}-description]", text)
        page.fill(f"[name=actions-{n}-input_amount]", "1000000")
        page.fill(f"[name=actions-{n}-output]", "4 kelas")
        page.fill(f"[name=actions-{n}-outcome]", "Ayah hadir")
    expect(page.locator("#id_actions-TOTAL_FORMS")).to_have_value("3")

    step_2 = page.locator("fieldset.gap_2")
    step_2.get_by_role("button", name="Tandai sudah ditindaklanjuti").click()
    expect(step_2).to_contain_text("Catatan ditandai sudah ditindaklanjuti")
    # no reload: the typed rows are still there, and they save
    expect(page.locator("[name=actions-2-description]")).to_have_value("Posyandu malam")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Dokumen PPRG tersimpan")
    assert list(
        page.dossier.action_rows.order_by("pk").values_list("description", flat=True)
    ) == [
        "Kelas ibu hamil akhir pekan bersama suami",
        "Kelas ayah siaga",
        "Posyandu malam",
    ]
    assert page.errors == []


def test_leaving_with_unsaved_rows_asks_first(editor):
    page = editor
    page.locator("[data-add-row=actions]").click()
    page.locator("[name=actions-1-description]").click()
    page.keyboard.type("Baris yang belum disimpan")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.get_by_role("link", name="Dokumen PPRG").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(page.locator("[name=actions-1-description]")).to_have_value(
        "Baris yang belum disimpan"
    )
    assert "/edit/" in page.url
    assert page.errors == []
