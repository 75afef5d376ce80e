"""Bad days in the server room, against real processes on PostgreSQL: the app's and
the worker's database connections terminated mid-load (pg_terminate_backend), and
the worker killed mid-report, twice. Every request after recovery succeeds, the
worker process survives the connection loss, and each report finishes or is marked
failed (then "Coba lagi" makes it again)."""

import threading
import time

import pytest
from django.db import connection

from pug_portal.models import ReportRun, ReportRunState, Role
from tests.deploy.live import ONLY_POSTGRESQL, Browser, live, wait_until, with_password
from tests.factories import DossierFactory, UserFactory

pytestmark = ONLY_POSTGRESQL
__all__ = ["live"]  # the fixture

PAGES = ["/", "/dossiers/", "/reports/", "/units/"]


def terminate_other_connections() -> int:
    """Every other connection to the test database: the app servers' and the
    worker's (and none of other databases on the server)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def the_run():
    return ReportRun.objects.order_by("-pk").first()


def queue_report(browser: Browser) -> ReportRun:
    status, _ = browser.post(
        "/reports/semua-dossier/run/", {"fmt": "csv", "year": "2026"}
    )
    assert status == 200
    return the_run()


@pytest.fixture
def planner_data(live):
    DossierFactory.create_batch(6)  # six units: six slow steps
    return with_password(UserFactory(username="fault_planner", role=Role.PLANNER))


def test_connections_terminated_mid_load_and_mid_report(live, planner_data):
    base = live.web()
    worker = live.worker(slow_seconds=0.6)
    browser = Browser(base).login("fault_planner")
    run = queue_report(browser)
    wait_until(
        lambda: ReportRun.objects.filter(pk=run.pk, units_done__gte=1).exists(),
        60,
        "the worker to start the report",
    )

    answers: list[tuple[float, int, str]] = []
    stop = threading.Event()

    def load():
        client = Browser(base)
        client.jar = browser.jar  # the same signed-in session
        while not stop.is_set():
            for path in PAGES:
                status, _ = client.get(path)
                answers.append((time.monotonic(), status, path))

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    killed = 0
    try:
        time.sleep(1)
        for _ in range(3):  # mid-load and mid-report
            killed += terminate_other_connections()
            time.sleep(0.7)
        recovered_at = time.monotonic() + 1.0
        time.sleep(4)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)

    after = [(status, path) for t, status, path in answers if t > recovered_at]
    during = [(status, path) for t, status, path in answers if t <= recovered_at]
    assert killed >= 3, "nothing was connected to terminate"
    assert after and all(status == 200 for status, _ in after), (
        [a for a in after if a[0] != 200],
        live.log_text(),
    )
    finished = wait_until(
        lambda: ReportRun.objects.filter(
            pk=run.pk, state__in=[ReportRunState.DONE, ReportRunState.FAILED]
        ).first(),
        90,
        "the report to finish or fail",
    )
    assert worker.poll() is None, "db_worker exited on a lost connection"
    # A report cut off by the lost connection is made again (attempt 2).
    assert finished.state == ReportRunState.DONE, (finished.error, live.log_text())
    status, body = browser.get(finished.get_absolute_url())
    assert status == 200 and body.count(b"\n") == 7  # header + six dossiers
    print(
        f"\nterminated {killed} connections; requests during the faults: "
        f"{len(during)} ({sum(s != 200 for s, _ in during)} failed), after: "
        f"{len(after)} (all 200); report: {finished.state}, "
        f"try {finished.attempts}"
    )


def test_a_worker_killed_mid_report_twice_then_coba_lagi(live, planner_data):
    base = live.web()
    browser = Browser(base).login("fault_planner")
    first_worker = live.worker(slow_seconds=1.0)
    run = queue_report(browser)

    def mid_report(attempt):
        return lambda: ReportRun.objects.filter(
            pk=run.pk,
            state=ReportRunState.RUNNING,
            attempts=attempt,
            units_done__gte=1,
        ).exists()

    wait_until(mid_report(1), 60, "the first try to be under way")
    first_worker.kill()  # SIGKILL: no clean-up of any kind
    first_worker.wait()

    # A restarted worker notices the dead run (its heartbeat stopped) and makes it
    # again; killed in the middle once more.
    second_worker = live.worker(slow_seconds=1.0)
    wait_until(mid_report(2), 60, "the second try to be under way")
    second_worker.kill()
    second_worker.wait()

    # No worker left: the progress bar itself notices, and the run is failed (its
    # tries are used up) with a "Coba lagi" button.
    progress = f"/reports/runs/{run.pk}/progress/"

    def failed_page():
        status, body = browser.get(progress)
        assert status == 200
        return body if b'data-state="failed"' in body else None

    page = wait_until(failed_page, 30, "the progress page to show the failure", 0.5)
    assert b"Coba lagi" in page
    assert b"pekerja latar belakang berhenti" in page

    live.worker()
    status, _ = browser.post(f"/reports/runs/{run.pk}/retry/", {})
    assert status == 200
    again = the_run()
    assert again.pk != run.pk
    wait_until(
        lambda: ReportRun.objects.filter(pk=again.pk, state=ReportRunState.DONE),
        60,
        "the new run to finish",
    )
    status, body = browser.get(again.get_absolute_url())
    assert status == 200 and body.count(b"\n") == 7
    for path in PAGES:
        assert browser.get(path)[0] == 200
