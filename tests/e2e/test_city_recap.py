"""A planner starts the city recap on /reports/, watches its progress bar fill up,
and downloads a valid PDF and XLSX — also after reloading the page.

The live server has no worker process, so the `worker` fixture stands in for
`manage.py db_worker`: a thread that runs the real task function
(`pug_portal.reports.tasks.generate_report`) for each queued ReportRun, started only once the
page has shown the run waiting. Enqueueing goes to Django's dummy backend (recorded,
not run). Why not the immediate backend: it would generate the file inside the POST,
so the page would never show a bar that is still moving. Why not the real
django-tasks-db worker in a thread: the test database is SQLite in memory, one
connection shared with the live server's threads (as Django's LiveServerThread
shares it), and the worker's exclusive transactions on that shared connection would
interleave with the requests'; the thread below only runs autocommit statements.
"""

import io
import re
import threading
import time

import pytest
from django.db import connections
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from pug_portal.models import ReportRun, ReportRunState, Role
from pug_portal.reports.tasks import generate_report
from tests.e2e.conftest import login
from tests.evaluations.test_dashboard import build_city
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(settings, live_server):
    """`go()` lets the stand-in worker start picking up queued runs."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    go, stop = threading.Event(), threading.Event()
    # The connection the live server's threads share (in-memory SQLite), if any.
    shared = live_server.thread.connections_override.get("default")
    in_memory = shared is not None

    def loop() -> None:
        if in_memory:
            connections["default"] = shared  # what LiveServerThread does
        try:
            while not stop.is_set():
                if go.wait(0.1):
                    queued = ReportRun.objects.filter(state=ReportRunState.QUEUED)
                    for pk in queued.values_list("pk", flat=True):
                        generate_report.call(pk)
                    time.sleep(0.1)
        finally:
            if not in_memory:
                connections.close_all()

    thread = threading.Thread(target=loop, name="report-worker", daemon=True)
    thread.start()
    yield go
    stop.set()
    thread.join(timeout=30)


def _run_card(page, index: int = 0):
    return page.locator(".report-runs .report-run").nth(index)


def _start_and_watch(page, worker, button: str):
    page.locator("#report-rekap-kota").get_by_role("button", name=button).click()
    expect(page).to_have_url(re.compile(r"/reports/#run-\d+$"))
    card = _run_card(page)
    bar = card.get_by_role("progressbar")
    # Queued: the bar is there, at 0 %, and polls.
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(card).to_contain_text("0 %")
    expect(card).to_contain_text("Menunggu")
    worker.set()
    # The worker runs the real task; the partial (polled every second) fills up.
    expect(bar).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    expect(card).to_contain_text("100 %")
    link = card.get_by_role("link", name="Unduh")
    expect(link).to_be_visible()
    worker.clear()
    return card, link


def _download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_planner_generates_the_city_recap_as_pdf_and_xlsx(page, live_server, worker):
    UserFactory(username="bappeda", role=Role.PLANNER)
    dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    setu = UnitFactory(
        name="Kecamatan Setu", short_name="Kec. Setu", unit_type="KECAMATAN"
    )
    build_city(dinkes, setu)

    login(page, live_server, "bappeda")
    page.goto(f"{live_server.url}/reports/")

    card, link = _start_and_watch(page, worker, "Buat PDF")
    content = _download(page, link)
    assert content.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Rekap PPRG Kota Tahun 2026" in text
    assert "Dinas Kesehatan" in text and "Kecamatan Setu" in text

    # Coming back later: the finished run is still there, with its file.
    page.reload()
    expect(_run_card(page).get_by_role("progressbar")).to_have_attribute(
        "aria-valuenow", "100"
    )
    expect(_run_card(page).get_by_role("link", name="Unduh")).to_be_visible()

    _card, link = _start_and_watch(page, worker, "Buat Excel")
    workbook = load_workbook(io.BytesIO(_download(page, link)))
    assert workbook.sheetnames == [
        "Kepatuhan",
        "ARG",
        "Kualitas dokumen",
        "Tren",
        "Ringkasan",
    ]
    names = [r[0].value for r in workbook["Kepatuhan"].iter_rows(min_row=2)]
    assert {"Dinas Kesehatan", "Kecamatan Setu"} <= set(names)
    assert ReportRun.objects.filter(state=ReportRunState.DONE).count() == 2
