"""Reports generated in the background: starting a run, executing it in a worker,
and purging expired ones.

Flow: /reports/ → `report_run_start()` saves a `ReportRun` (QUEUED) and, once the
transaction commits, enqueues `pug_portal.reports.tasks.generate_report` through the Tasks
API (TASKS setting: a database-backed queue by default). A worker calls
`report_run_execute()`, which runs the exporter **as the requester** (so the
exporter's scoping applies exactly as for a download), stores the progress the
exporter reports (units done of units to do) where the page polls it, and saves the
file. `report_runs_purge()` deletes runs past `expires_at` with their files.

An exporter that covers many units mixes in `ProgressMixin`: /reports/ then starts a
run instead of a download, and its `report_progress(done, total)` calls reach the run.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from pug_portal.activity import log_activity
from pug_portal.db_routers import replica_reads
from pug_portal.models import ReportRun, ReportRunState, User
from pug_portal.reports import exporting

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]


class ProgressMixin:
    """For exporters that cover many units: `background = True` makes /reports/
    start a background run instead of a download, and `report_progress(done,
    total)` (units done of units to do) is forwarded to the run, if any."""

    background: ClassVar[bool] = True
    takes_unit: ClassVar[bool] = True  # the "Buat" form asks for a unit
    progress_callback: ProgressCallback | None = None

    def report_progress(self, done: int, total: int) -> None:
        if self.progress_callback is not None:
            self.progress_callback(done, total)


def runs_in_background(exporter_cls: type[exporting.BaseExporter]) -> bool:
    return bool(getattr(exporter_cls, "background", False))


# --- services --------------------------------------------------------------------------


def report_run_start(
    *,
    by: User,
    exporter_cls: type[exporting.BaseExporter],
    fmt: str,
    params: exporting.ExportParams,
) -> ReportRun:
    """Queue `exporter_cls` in `fmt` for `by`. The caller has checked that `by` may
    download the report; the worker checks again when it runs."""
    if fmt not in exporter_cls.formats:
        raise ValueError(f"{exporter_cls.identifier} has no {fmt!r} format")
    with transaction.atomic():
        run = ReportRun.objects.create(
            requester=by,
            exporter=exporter_cls.identifier,
            fmt=fmt,
            params=_stored_params(params),
            expires_at=timezone.now()
            + datetime.timedelta(days=settings.PUG_REPORT_EXPIRY_DAYS),
        )
        log_activity(
            actor=by,
            action="report_run.start",
            target=run,
            data={"exporter": run.exporter, "format": fmt, **run.params},
        )
        _enqueue_on_commit(run.pk)
    return run


def report_run_fresh(
    *,
    by: User,
    exporter_cls: type[exporting.BaseExporter],
    fmt: str,
    params: exporting.ExportParams,
) -> ReportRun:
    """`by`'s run of this report, format and parameters that is queued, running or
    finished within PUG_REPORT_FRESH_MINUTES; else a new one (report_run_start). A
    reloaded or repeated link does not queue the same heavy report again."""
    wanted = _stored_params(params)
    recent = timezone.now() - datetime.timedelta(
        minutes=settings.PUG_REPORT_FRESH_MINUTES
    )
    reusable = Q(state__in=[ReportRunState.QUEUED, ReportRunState.RUNNING])
    if settings.PUG_REPORT_FRESH_MINUTES:
        reusable |= Q(state=ReportRunState.DONE, finished_at__gte=recent)
    candidates = ReportRun.objects.filter(
        reusable,
        requester=by,
        exporter=exporter_cls.identifier,
        fmt=fmt,
    )
    # Compared here rather than in SQL: JSON equality differs between databases.
    for run in candidates:
        if run.params == wanted:
            return run
    return report_run_start(by=by, exporter_cls=exporter_cls, fmt=fmt, params=params)


def _stored_params(params: exporting.ExportParams) -> dict[str, Any]:
    return {k: v for k, v in asdict(params).items() if v not in (None, "")}


def _enqueue_on_commit(run_id: int) -> None:
    from pug_portal.reports.tasks import generate_report

    def enqueue() -> None:
        result = generate_report.enqueue(run_id)
        ReportRun.objects.filter(pk=run_id).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)


def _progress_writer(run_id: int) -> ProgressCallback:
    """Store progress on the run, but only when the percentage changes (a report
    over 100 units writes at most ~100 small UPDATEs)."""
    last = {"percent": -1}

    def write(done: int, total: int) -> None:
        done = max(0, min(done, total))
        percent = done * 100 // total if total else 0
        if percent == last["percent"]:
            return
        last["percent"] = percent
        ReportRun.objects.filter(pk=run_id).update(
            units_done=done, units_total=total, heartbeat_at=timezone.now()
        )

    return write


@contextmanager
def _heartbeat(run_id: int, attempt: int) -> Iterator[None]:
    """While the block runs, a thread writes the run's heartbeat every
    PUG_REPORT_HEARTBEAT_SECONDS (the exporter may spend minutes in one step,
    WeasyPrint's layout for one, without reporting progress). The thread has its own
    database connection; a failed write is logged and retried at the next beat."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.PUG_REPORT_HEARTBEAT_SECONDS):
                try:
                    ReportRun.objects.filter(
                        pk=run_id, state=ReportRunState.RUNNING, attempts=attempt
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    logger.warning("Report run %s: heartbeat not written", run_id)
                    connection.close()
        finally:
            connection.close()

    thread = threading.Thread(
        target=beat, name=f"report-run-{run_id}-heartbeat", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def report_run_execute(*, run_id: int) -> str:
    """Generate the file of run `run_id` (called by the worker). Returns the final
    state. A run that is not QUEUED (already done, or picked up twice) is left alone.
    A failure is recorded on the run (the page shows it) and logged. A run that was
    recovered meanwhile (this worker stalled past its lease and another try began)
    keeps the other try's outcome: this one's file is dropped."""
    now = timezone.now()
    updated = ReportRun.objects.filter(pk=run_id, state=ReportRunState.QUEUED).update(
        state=ReportRunState.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    if not updated:
        return "skipped"
    run = ReportRun.objects.select_related("requester").get(pk=run_id)
    this_try = ReportRun.objects.filter(
        pk=run.pk, state=ReportRunState.RUNNING, attempts=run.attempts
    )
    exporter_cls = exporting.get_exporter(run.exporter)
    try:
        if exporter_cls is None or not exporter_cls.is_available_to(run.requester):
            raise exporting.OutOfScope(run.exporter)
        exporter = exporter_cls(
            user=run.requester,
            fmt=run.fmt,
            params=exporting.ExportParams(
                year=run.params.get("year"), unit=run.params.get("unit")
            ),
        )
        exporter.progress_callback = _progress_writer(run.pk)
        # To a temporary file, not memory: a 50,000-row workbook stays on disk.
        # Reads from the replica when DATABASE_REPLICA_URL configures one.
        with (
            _heartbeat(run.pk, run.attempts),
            tempfile.TemporaryFile() as stream,
            replica_reads(),
        ):
            exporter.write(stream)
            stream.seek(0)
            filename = exporter.filename()
            run.file.save(filename, File(stream), save=False)
    except exporting.OutOfScope:
        return _fail(this_try, gettext_noop("Laporan ini tidak tersedia untuk Anda."))
    except Exception:
        logger.exception("Report run %s (%s) failed", run.pk, run.exporter)
        return _fail(
            this_try,
            gettext_noop(
                "Laporan gagal dibuat. Coba lagi, atau hubungi administrator."
            ),
        )
    run.refresh_from_db(fields=["units_total"])
    finished = this_try.update(
        state=ReportRunState.DONE,
        file=run.file.name,
        filename=filename,
        units_done=run.units_total,
        finished_at=timezone.now(),
    )
    if not finished:
        run.file.delete(save=False)
        return "superseded"
    return ReportRunState.DONE


def _fail(runs, message: str) -> str:
    # Stored untranslated (Indonesian source): the page translates it on display.
    runs.update(state=ReportRunState.FAILED, error=message, finished_at=timezone.now())
    return ReportRunState.FAILED


WORKER_LOST = gettext_noop(
    "Pembuatan laporan terhenti karena pekerja latar belakang berhenti. Coba lagi."
)


def report_runs_recover(
    runs=None, *, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Runs that lost their worker (of `runs`, default all): RUNNING with a heartbeat
    older than the lease, or QUEUED past the lease while their task already ended
    (it failed before starting the run). Each is queued again while it has tries
    left, else failed. Every change is conditional on the state read, so two
    recoverers (a worker and a page) never both act on one run. The counts."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.PUG_REPORT_LEASE_SECONDS)
    runs = ReportRun.objects.all() if runs is None else runs
    candidates = list(
        runs.filter(
            Q(state=ReportRunState.RUNNING, heartbeat_at__lt=cutoff)
            | Q(state=ReportRunState.QUEUED, created_at__lt=cutoff)
        ).only("pk", "state", "attempts", "heartbeat_at", "task_id")
    )
    counts = {"retried": 0, "failed": 0}
    for run in candidates:
        if run.state == ReportRunState.QUEUED and not _task_ended(run):
            continue  # still waiting for a worker: the page says so
        same = ReportRun.objects.filter(
            pk=run.pk, state=run.state, attempts=run.attempts
        )
        if run.state == ReportRunState.RUNNING:
            same = same.filter(heartbeat_at=run.heartbeat_at)
            _close_dead_task(run.task_id, now)
        if run.attempts < settings.PUG_REPORT_ATTEMPTS:
            with transaction.atomic():
                # A task that ended without starting the run counts as a try.
                tried = run.attempts + (run.state == ReportRunState.QUEUED)
                if same.update(
                    state=ReportRunState.QUEUED,
                    units_done=0,
                    heartbeat_at=None,
                    attempts=tried,
                ):
                    _enqueue_on_commit(run.pk)
                    counts["retried"] += 1
                    logger.warning(
                        "Report run %s lost its worker: queued again", run.pk
                    )
        elif same.update(
            state=ReportRunState.FAILED, error=WORKER_LOST, finished_at=now
        ):
            counts["failed"] += 1
            logger.warning("Report run %s lost its worker: failed", run.pk)
    return counts


def _close_dead_task(task_id: str, now: datetime.datetime) -> None:
    """The database queue's own record of a task whose worker died stays RUNNING for
    ever (django-tasks-db never hands a claimed task out again): mark it failed, so
    the queue shows what happened and `prune_db_task_results` tidies it."""
    if not task_id or settings.TASKS["default"]["BACKEND"] != (
        "django_tasks_db.DatabaseBackend"
    ):
        return
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    # A task id of another backend is not a UUID: nothing of this queue to close.
    with contextlib.suppress(ValidationError):
        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="pug_portal.reports.runs.WorkerLost",
            traceback="The worker stopped writing the report run's heartbeat.",
        )


def lease_expired(run: ReportRun, now: datetime.datetime | None = None) -> bool:
    """Cheap pre-check for the progress page: might `run` have lost its worker?"""
    since = run.heartbeat_at if run.state == ReportRunState.RUNNING else run.created_at
    lease = datetime.timedelta(seconds=settings.PUG_REPORT_LEASE_SECONDS)
    return since is not None and (now or timezone.now()) - since > lease


def _task_ended(run: ReportRun) -> bool:
    """Whether the queue says the run's task finished (or failed) without the run
    starting: the task backend may not keep results (then: no)."""
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    from pug_portal.reports.tasks import generate_report

    if not run.task_id:
        return False
    try:
        result = generate_report.get_result(run.task_id)
    except (NotImplementedError, TaskResultDoesNotExist, ValueError):
        return False
    return result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)


def report_run_retry(*, run: ReportRun, by: User) -> ReportRun:
    """ "Coba lagi" on a failed run: a new run of the same report, format and
    parameters for `by` (who may see `run`, checked by the caller)."""
    exporter_cls = exporting.get_exporter(run.exporter)
    if run.state != ReportRunState.FAILED or exporter_cls is None:
        raise exporting.OutOfScope(run.exporter)
    if not exporter_cls.is_available_to(by):
        raise exporting.OutOfScope(run.exporter)
    return report_run_start(
        by=by,
        exporter_cls=exporter_cls,
        fmt=run.fmt,
        params=exporting.ExportParams(
            year=run.params.get("year"), unit=run.params.get("unit")
        ),
    )


def report_runs_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete the runs past their expiry date and their files; the counts."""
    expired = list(ReportRun.objects.expired(now).only("pk", "file"))
    files = 0
    for run in expired:
        if run.file:
            run.file.delete(save=False)
            files += 1
    deleted, _detail = ReportRun.objects.filter(pk__in=[r.pk for r in expired]).delete()
    return {"runs": deleted, "files": files}


def run_context(run: ReportRun) -> dict[str, Any]:
    """What the progress partial shows of a run."""
    exporter_cls = exporting.get_exporter(run.exporter)
    return {
        "run": run,
        "exporter_name": exporter_cls.verbose_name if exporter_cls else run.exporter,
        "format": exporting.FORMATS.get(run.fmt),
    }
