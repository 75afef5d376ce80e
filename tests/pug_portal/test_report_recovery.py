"""Background report runs outlive their worker: a run whose worker died (its
heartbeat stopped) is queued again or, after its tries, failed with a "Coba lagi"
button; the worker's heartbeat is written while it renders; db_worker carries on
after a lost database connection. The same against a real worker process and a
real PostgreSQL: tests/deploy/test_faults.py."""

import datetime
import threading
import time

import pytest
from django.db import OperationalError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from pug_portal.management.commands import db_worker
from pug_portal.models import ReportRun, ReportRunState
from pug_portal.reports import exporting, runs
from pug_portal.reports.exporting import Column, ListExporter
from pug_portal.reports.runs import (
    WORKER_LOST,
    ProgressMixin,
    report_run_execute,
    report_runs_recover,
)
from tests.pug_portal.test_report_runs import IMMEDIATE

LEASE = 60


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    settings.PUG_REPORT_LEASE_SECONDS = LEASE
    settings.PUG_REPORT_ATTEMPTS = 2


class Units(ProgressMixin, ListExporter):
    identifier = "test-units"
    verbose_name = "Uji unit"
    columns = (Column("Unit"),)
    pause = 0.0

    def rows(self):
        for done in range(3):
            self.report_progress(done, 3)
            time.sleep(Units.pause)
            yield [f"Unit {done}"]
        self.report_progress(3, 3)


@pytest.fixture
def units_report():
    exporting.register(Units)
    yield Units
    Units.pause = 0.0
    exporting.unregister(Units.identifier)


def left_by_a_dead_worker(requester, *, attempts=1, silent_for=LEASE + 5):
    """What a worker killed mid-report leaves: RUNNING at some per cent, its
    heartbeat stopped `silent_for` seconds ago."""
    beat = timezone.now() - datetime.timedelta(seconds=silent_for)
    return ReportRun.objects.create(
        requester=requester,
        exporter=Units.identifier,
        fmt="csv",
        state=ReportRunState.RUNNING,
        units_done=1,
        units_total=12,
        started_at=beat,
        heartbeat_at=beat,
        attempts=attempts,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )


def test_a_run_whose_worker_died_is_generated_again(
    units_report, planner, django_capture_on_commit_callbacks
):
    run = left_by_a_dead_worker(planner)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_runs_recover() == {"retried": 1, "failed": 0}
    run.refresh_from_db()
    assert (run.state, run.attempts, run.percent) == (ReportRunState.DONE, 2, 100)
    assert run.file.read().decode("utf-8-sig").count("Unit ") == 3


def test_the_dead_task_is_closed_in_the_database_queue(
    units_report, planner, settings, django_capture_on_commit_callbacks
):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from pug_portal.reports.tasks import generate_report

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    run = left_by_a_dead_worker(planner)
    dead = generate_report.enqueue(run.pk)
    DBTaskResult.objects.filter(id=dead.id).update(status=TaskResultStatus.RUNNING)
    ReportRun.objects.filter(pk=run.pk).update(task_id=str(dead.id))
    with django_capture_on_commit_callbacks(execute=True):
        assert report_runs_recover() == {"retried": 1, "failed": 0}
    assert DBTaskResult.objects.get(id=dead.id).status == TaskResultStatus.FAILED
    run.refresh_from_db()
    fresh = DBTaskResult.objects.get(id=run.task_id)
    assert (run.state, fresh.status) == (ReportRunState.QUEUED, TaskResultStatus.READY)


def test_a_run_with_a_live_heartbeat_is_left_alone(units_report, planner):
    run = left_by_a_dead_worker(planner, silent_for=LEASE - 5)
    assert report_runs_recover() == {"retried": 0, "failed": 0}
    run.refresh_from_db()
    assert run.state == ReportRunState.RUNNING


def test_the_progress_page_notices_a_dead_run_and_offers_coba_lagi(
    units_report, planner, client_for, django_capture_on_commit_callbacks
):
    # Its last try: failed, with the reason and a button to start it again.
    run = left_by_a_dead_worker(planner, attempts=2)
    client = client_for(planner)
    html = client.get(reverse("report_run_progress", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.state == ReportRunState.FAILED and run.error == WORKER_LOST
    assert "pekerja latar belakang berhenti" in html and "hx-get" not in html
    retry = reverse("report_run_retry", args=[run.pk])
    assert f'action="{retry}"' in html and "Coba lagi" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry)
    again = ReportRun.objects.exclude(pk=run.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('reports')}#run-{again.pk}"
    assert (again.state, again.exporter, again.fmt) == ("done", "test-units", "csv")


def test_only_a_failed_run_can_be_tried_again(units_report, planner, admin, client_for):
    run = left_by_a_dead_worker(planner, silent_for=0)
    assert (
        client_for(planner).post(reverse("report_run_retry", args=[run.pk])).status_code
        == 404
    )
    assert ReportRun.objects.count() == 1


def test_a_queued_run_whose_task_failed_before_starting_is_queued_again(
    units_report, planner, django_capture_on_commit_callbacks, monkeypatch
):
    run = ReportRun.objects.create(
        requester=planner,
        exporter=Units.identifier,
        fmt="csv",
        task_id="lost",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    ReportRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=LEASE + 1)
    )
    monkeypatch.setattr(runs, "_task_ended", lambda run: run.task_id == "lost")
    with django_capture_on_commit_callbacks(execute=True):
        assert report_runs_recover() == {"retried": 1, "failed": 0}
    run.refresh_from_db()
    assert run.state == ReportRunState.DONE


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_written_while_the_report_renders(
    units_report, planner, settings, monkeypatch, caplog
):
    settings.PUG_REPORT_HEARTBEAT_SECONDS = 0.05
    Units.pause = 0.2
    run = ReportRun.objects.create(
        requester=planner,
        exporter=Units.identifier,
        fmt="csv",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    beats = []
    original_update = QuerySet.update

    def update(queryset, **values):
        written = original_update(queryset, **values)
        if threading.current_thread().name.endswith("heartbeat"):
            beats.append(written)
        return written

    monkeypatch.setattr(QuerySet, "update", update)
    assert report_run_execute(run_id=run.pk) == ReportRunState.DONE
    assert len(beats) >= 5 and all(beats)  # 0.6 s of rendering, a beat every 0.05 s
    assert "heartbeat not written" not in caplog.text
    assert not any(t.name.endswith("heartbeat") for t in threading.enumerate())


def test_a_late_worker_does_not_overwrite_the_retry(units_report, planner, monkeypatch):
    # The first try stalled past its lease and was queued again; a second worker
    # finished it. When the first one wakes up, its result is dropped.
    run = left_by_a_dead_worker(planner)
    ReportRun.objects.filter(pk=run.pk).update(state=ReportRunState.QUEUED)
    original = runs._progress_writer

    def writer(run_id):
        write = original(run_id)

        def and_meanwhile(done, total):
            write(done, total)
            if done == 2:  # the retry bumps the try counter under this worker
                ReportRun.objects.filter(pk=run_id).update(attempts=9)

        return and_meanwhile

    monkeypatch.setattr(runs, "_progress_writer", writer)
    assert report_run_execute(run_id=run.pk) == "superseded"
    run.refresh_from_db()
    assert run.state == ReportRunState.RUNNING and not run.file


def test_the_worker_carries_on_after_a_lost_database_connection(monkeypatch):
    calls, sleeps = [], []

    def run_once(self):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError(
                "terminating connection due to administrator command"
            )

    monkeypatch.setattr(db_worker.base.Worker, "run", run_once)
    monkeypatch.setattr(db_worker.time, "sleep", sleeps.append)
    monkeypatch.setattr(db_worker.PortalWorker, "recover_forever", lambda self: None)
    worker = db_worker.PortalWorker(
        queue_names=["default"],
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w1",
        excluded_queue_names=[],
    )
    worker.run()
    assert len(calls) == 3 and sleeps == [1.0, 2.0]


def test_db_worker_is_the_portals(settings):
    from django.core.management import get_commands

    assert get_commands()["db_worker"] == "pug_portal"
