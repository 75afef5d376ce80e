"""A reviewer creates a training, invites two units, registers and marks attendance,
downloads the daftar hadir; the focal point who attended now shows as trained."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.factories import (
    AppointmentFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def directory_row(page, name: str):
    return page.locator("table tbody tr").filter(has_text=name)


def test_attending_a_training_makes_a_focal_point_trained(page, live_server):
    UserFactory(username="rev", role=Role.REVIEWER)
    UnitFactory(
        name="Dinas Pemberdayaan Perempuan", short_name="DP3AKB", is_coordinator=True
    )
    dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    setu = UnitFactory(name="Kecamatan Setu", short_name="Kec. Setu")
    dewi = PersonFactory(name="Dewi Lestari", nip="198304172008012011")
    AppointmentFactory(person=dewi, unit=dinkes)
    AppointmentFactory(
        person=PersonFactory(name="Ahmad Fauzi", nip="198507142010011007", sex="L"),
        unit=setu,
    )

    login(page, live_server, "rev")
    page.goto(f"{live_server.url}/focal-points/")
    expect(directory_row(page, "Dewi Lestari")).to_contain_text("Belum terlatih")

    # Create the event.
    page.goto(f"{live_server.url}/events/")
    page.get_by_role("link", name="Kegiatan baru").click()
    day = datetime.date.today() + datetime.timedelta(days=7)
    page.get_by_label("Nama kegiatan").fill("Bimtek GAP dan GBS")
    page.get_by_label("Jenis").select_option("BIMTEK")
    page.get_by_label("Mulai").fill(f"{day.isoformat()}T08:00")
    page.get_by_label("Selesai").fill(f"{day.isoformat()}T15:00")
    page.get_by_label("Tempat").fill("Aula Pusat Pemerintahan")
    page.get_by_label("Penyelenggara").select_option(
        label="Dinas Pemberdayaan Perempuan"
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page).to_have_url(re.compile(r"/events/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bimtek GAP dan GBS")

    # Invite two units.
    page.get_by_role("link", name="Undang perangkat daerah").click()
    page.get_by_label("Dinas Kesehatan").check()
    page.get_by_label("Kecamatan Setu").check()
    page.get_by_role("button", name="Undang dan kirim e-mail").click()
    expect(page.get_by_role("status").first).to_contain_text("2 perangkat daerah")
    invited = page.locator(
        "section", has=page.get_by_role("heading", name="Perangkat daerah diundang")
    )
    expect(invited).to_contain_text("Dinas Kesehatan")
    expect(invited).to_contain_text("Kecamatan Setu")

    # Register both focal points from the directory.
    for label in (
        "Dewi Lestari — Dinkes (NIP 19830417 200801 2 011)",
        "Ahmad Fauzi — Kec. Setu (NIP 19850714 201001 1 007)",
    ):
        page.get_by_role("link", name="Tambah peserta").click()
        page.get_by_label("Dari direktori focal point").select_option(label=label)
        page.get_by_role("button", name="Tambah peserta").click()
        expect(page.get_by_role("status").first).to_contain_text("ditambahkan")

    # Only Dewi attended.
    page.get_by_role("link", name="Tandai kehadiran").click()
    page.get_by_label("Hadir: Dewi Lestari").check()
    page.get_by_label("Post-test: Dewi Lestari").fill("85")
    page.get_by_role("button", name="Simpan daftar hadir").click()
    expect(page.get_by_role("status").first).to_contain_text("Daftar hadir disimpan")

    # The daftar hadir lists both registrations with NIP.
    with page.expect_download() as download:
        page.get_by_role("link", name="Daftar hadir (PDF)").click()
    with open(download.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "DAFTAR HADIR" in text
    assert "Dewi Lestari" in text and "19830417 200801 2 011" in text
    assert "Ahmad Fauzi" in text and "19850714 201001 1 007" in text

    # Dewi is now trained; Ahmad, registered but absent, is not.
    page.goto(f"{live_server.url}/focal-points/")
    expect(directory_row(page, "Dewi Lestari")).to_contain_text("Terlatih")
    expect(directory_row(page, "Dewi Lestari")).not_to_contain_text("Belum terlatih")
    expect(directory_row(page, "Ahmad Fauzi")).to_contain_text("Belum terlatih")


def test_upcoming_events_show_without_console_errors(page, live_server):
    """The upcoming-events page once set a width inline, which the CSP blocks."""
    focal = UserFactory(username="fp", role=Role.FOCAL_POINT)
    unit = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    AppointmentFactory(person=PersonFactory(user=focal), unit=unit)
    from tests.factories import EventFactory, EventInvitationFactory

    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    event = EventFactory(
        title="Bimtek ARG", starts_at=soon, ends_at=soon + datetime.timedelta(hours=6)
    )
    EventInvitationFactory(event=event, unit=unit)

    login(page, live_server, "fp")
    page.goto(f"{live_server.url}/events/upcoming/")
    expect(page.get_by_role("link", name="Bimtek ARG")).to_be_visible()
