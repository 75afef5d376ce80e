"""The dossier editor numbers its saves in the order the user makes them: each
autosave and the Save button send the next number, which the server stores, so a
late autosave can never undo the page's later full save (the ordering itself is
tested in tests/evaluations/test_services.py)."""

import pytest
from playwright.sync_api import expect

from evaluations.models import Dossier
from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.factories import (
    CycleFactory,
    DossierFactory,
    UnitFactory,
    UserFactory,
    appoint,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_autosaves_and_the_save_button_count_up(page, live_server):
    unit = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    focal = UserFactory(username="dewi", role=Role.FOCAL_POINT)
    appoint(focal, unit)
    dossier = DossierFactory(unit=unit, cycle=CycleFactory())
    login(page, live_server, "dewi")
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/edit/")

    page.fill("[name=gap_internal]", "Kelas ibu hamil hanya pada jam kerja.")
    page.locator("[name=gap_internal]").dispatch_event("change")
    expect(page.locator("#autosave-status")).to_contain_text("tersimpan")
    dossier.refresh_from_db()
    assert (dossier.edit_seq, dossier.version) == (1, 2)
    assert dossier.gap_internal == "Kelas ibu hamil hanya pada jam kerja."

    page.fill("[name=gap_internal]", "Kelas hanya pada hari kerja.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Dokumen PPRG tersimpan")
    dossier = Dossier.objects.get(pk=dossier.pk)
    # The typed text may be autosaved once more (input delay:3s) before the click on
    # a slow machine; either way the Save button's number is the newest one stored.
    assert dossier.edit_seq >= 2
    assert dossier.gap_internal == "Kelas hanya pada hari kerja."
