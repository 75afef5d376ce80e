"""Reports generated in the background: how an exporter tells its progress.

The run itself (`pug_portal.models.ReportRun`), the task that executes it
(`pug_portal.tasks.generate_report`) and the services that start and purge runs are
described where they live; this module holds what an exporter needs to know."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

ProgressCallback = Callable[[int, int], None]


class ProgressMixin:
    """For exporters that cover many units: `background = True` makes /reports/
    start a background run instead of a download, and `report_progress(done,
    total)` (units done of units to do) is forwarded to the run, if any."""

    background: ClassVar[bool] = True
    progress_callback: ProgressCallback | None = None

    def report_progress(self, done: int, total: int) -> None:
        if self.progress_callback is not None:
            self.progress_callback(done, total)
