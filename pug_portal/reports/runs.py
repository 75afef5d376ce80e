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

import datetime
import logging
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, ClassVar

from django.conf import settings
from django.core.files import File
from django.db import transaction
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
    from pug_portal.reports.tasks import generate_report

    with transaction.atomic():
        run = ReportRun.objects.create(
            requester=by,
            exporter=exporter_cls.identifier,
            fmt=fmt,
            params={k: v for k, v in asdict(params).items() if v not in (None, "")},
            expires_at=timezone.now()
            + datetime.timedelta(days=settings.PUG_REPORT_EXPIRY_DAYS),
        )
        log_activity(
            actor=by,
            action="report_run.start",
            target=run,
            data={"exporter": run.exporter, "format": fmt, **run.params},
        )

        def enqueue() -> None:
            result = generate_report.enqueue(run.pk)
            ReportRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])

        transaction.on_commit(enqueue)
    return run


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
        ReportRun.objects.filter(pk=run_id).update(units_done=done, units_total=total)

    return write


def report_run_execute(*, run_id: int) -> str:
    """Generate the file of run `run_id` (called by the worker). Returns the final
    state. A run that is not QUEUED (already done, or picked up twice) is left alone.
    A failure is recorded on the run (the page shows it) and logged."""
    updated = ReportRun.objects.filter(pk=run_id, state=ReportRunState.QUEUED).update(
        state=ReportRunState.RUNNING, started_at=timezone.now()
    )
    if not updated:
        return "skipped"
    run = ReportRun.objects.select_related("requester").get(pk=run_id)
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
        with tempfile.TemporaryFile() as stream, replica_reads():
            exporter.write(stream)
            stream.seek(0)
            filename = exporter.filename()
            run.file.save(filename, File(stream), save=False)
    except exporting.OutOfScope:
        return _fail(run, gettext_noop("Laporan ini tidak tersedia untuk Anda."))
    except Exception:
        logger.exception("Report run %s (%s) failed", run.pk, run.exporter)
        return _fail(
            run,
            gettext_noop(
                "Laporan gagal dibuat. Coba lagi, atau hubungi administrator."
            ),
        )
    run.refresh_from_db(fields=["units_total"])
    ReportRun.objects.filter(pk=run.pk).update(
        state=ReportRunState.DONE,
        file=run.file.name,
        filename=filename,
        units_done=run.units_total,
        finished_at=timezone.now(),
    )
    return ReportRunState.DONE


def _fail(run: ReportRun, message: str) -> str:
    # Stored untranslated (Indonesian source): the page translates it on display.
    ReportRun.objects.filter(pk=run.pk).update(
        state=ReportRunState.FAILED, error=message, finished_at=timezone.now()
    )
    return ReportRunState.FAILED


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
