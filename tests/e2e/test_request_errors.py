"""A background request that fails (the autosave answered 500, 403 or 409, the
network gone, the session ended) shows one alert in Indonesian that says what to do,
and the typed text stays in its field; the next autosave that goes through removes
the alert. The failures are made with Playwright's `page.route`."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evaluations.models import Dossier
from pug_portal.models import Role
from tests.e2e.conftest import E2E_PASSWORD, login
from tests.factories import (
    CycleFactory,
    DossierFactory,
    UnitFactory,
    UserFactory,
    appoint,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Chromium logs each failed request, htmx each error event, as console errors
    pytest.mark.allow_console_errors,
]

TEXT = "Kelas ibu hamil hanya pada jam kerja."


def open_editor(page, live_server) -> Dossier:
    """A focal point's draft dossier, open in the editor."""
    unit = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    appoint(UserFactory(username="dewi", role=Role.FOCAL_POINT), unit)
    dossier = DossierFactory(unit=unit, cycle=CycleFactory())
    login(page, live_server, "dewi")
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/edit/")
    return dossier


def autosave_url(live_server, dossier) -> str:
    return live_server.url + reverse("evaluations:dossier_autosave", args=[dossier.pk])


def sign_in(page) -> None:
    """Fill the login form the page shows (after the session ended)."""
    page.fill("input[name=username]", "dewi")
    page.fill("input[name=password]", E2E_PASSWORD)
    page.click("button[type=submit]")


def test_a_failed_autosave_alerts_and_keeps_the_typed_text(page, live_server):
    dossier = open_editor(page, live_server)
    autosave = autosave_url(live_server, dossier)
    field = page.locator("[name=gap_internal]")
    alert = page.locator("#request-error")

    def autosave_answers(handler, text: str) -> None:
        page.unroute(autosave)
        page.route(autosave, handler)
        field.fill(text)
        field.dispatch_event("change")

    autosave_answers(lambda route: route.fulfill(status=500, body="boom"), TEXT)
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("Perubahan belum tersimpan.")
    expect(alert).to_contain_text("Terjadi gangguan di server")
    expect(field).to_have_value(TEXT)
    assert Dossier.objects.get(pk=dossier.pk).gap_internal != TEXT

    autosave_answers(lambda route: route.fulfill(status=403), TEXT + " A")
    expect(alert).to_contain_text("Anda tidak berwenang")

    # a 409 that says what conflicts: its words, not the generic ones
    conflict = "Dokumen ini sudah diajukan oleh Budi pukul 10.02."
    autosave_answers(
        lambda route: route.fulfill(
            status=409, body=conflict, content_type="text/plain; charset=utf-8"
        ),
        TEXT + " B",
    )
    expect(alert).to_contain_text(conflict)

    autosave_answers(lambda route: route.abort("internetdisconnected"), TEXT + " C")
    expect(alert).to_contain_text(
        "Perubahan belum tersimpan. Periksa koneksi lalu coba lagi."
    )
    expect(field).to_have_value(TEXT + " C")
    # the alert can be closed from the keyboard
    alert.get_by_role("button", name="Tutup").focus()
    page.keyboard.press("Enter")
    expect(alert).to_have_count(0)

    # back online: the next autosave stores the text and no alert stays
    autosave_answers(lambda route: route.abort("internetdisconnected"), TEXT + " D")
    expect(alert).to_be_visible()
    page.unroute(autosave)
    field.fill(TEXT + " E")
    field.dispatch_event("change")
    expect(page.locator("#autosave-status")).to_contain_text("tersimpan")
    expect(alert).to_have_count(0)
    assert Dossier.objects.get(pk=dossier.pk).gap_internal == TEXT + " E"


def test_an_autosave_after_the_session_ended_does_not_show_the_login_page(
    page, live_server
):
    dossier = open_editor(page, live_server)
    page.context.clear_cookies(name="sessionid")
    field = page.locator("[name=gap_internal]")
    field.fill(TEXT)
    field.dispatch_event("change")
    alert = page.locator("#request-error")
    expect(alert).to_contain_text("Sesi Anda sudah berakhir")
    link = alert.get_by_role("link", name="Masuk kembali (tab baru)")
    expect(link).to_have_attribute("target", "_blank")
    # the login form was not swapped into the status line
    expect(page.locator("#autosave-status input[name=password]")).to_have_count(0)
    expect(field).to_have_value(TEXT)
    # signed in again in the new tab, the next autosave of this page goes through
    # (with the token the new login issued)
    with page.expect_popup() as popup_info:
        link.click()
    popup = popup_info.value
    sign_in(popup)
    popup.wait_for_url(f"{live_server.url}/")
    popup.close()
    autosave = autosave_url(live_server, dossier)
    field.fill(TEXT + " lagi")
    with page.expect_response(
        lambda r: r.url == autosave and "lagi" in (r.request.post_data or "")
    ) as response:
        field.dispatch_event("change")
    assert response.value.status == 200
    expect(page.locator("#autosave-status")).to_contain_text("tersimpan")
    expect(alert).to_have_count(0)
    assert Dossier.objects.get(pk=dossier.pk).gap_internal == TEXT + " lagi"


def test_a_save_after_the_session_ended_offers_the_typed_text_after_login(
    page, live_server
):
    dossier = open_editor(page, live_server)
    editor = page.url
    page.context.clear_cookies(name="sessionid")
    page.fill("[name=gap_internal]", TEXT)
    page.get_by_role("button", name="Simpan", exact=True).click()
    # the login page, which leads back to the editor with the server's copy
    sign_in(page)
    page.wait_for_url(editor)
    field = page.locator("[name=gap_internal]")
    expect(field).to_have_value("")
    offer = page.get_by_role("alert").filter(has_text="belum tersimpan")
    expect(offer).to_contain_text("Peramban ini masih menyimpan salinannya")
    offer.get_by_role("button", name="Pulihkan isian").click()
    expect(field).to_have_value(TEXT)
    expect(
        page.get_by_role("status").filter(has_text="Isian dipulihkan")
    ).to_be_visible()
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Dokumen PPRG tersimpan")
    assert Dossier.objects.get(pk=dossier.pk).gap_internal == TEXT
    # saved: the copy is gone, nothing is offered again
    page.reload()
    expect(page.get_by_role("alert").filter(has_text="belum tersimpan")).to_have_count(
        0
    )
