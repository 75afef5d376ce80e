"""`manage.py db_worker` whose background reports take SLOW_REPORT_SECONDS per unit,
so tests/deploy/test_faults.py can cut a report off in the middle (test-only)."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pug_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from pug_portal.reports.runs import ProgressMixin  # noqa: E402

DELAY = float(os.environ.get("SLOW_REPORT_SECONDS", "0"))
_report_progress = ProgressMixin.report_progress


def slow_progress(self, done: int, total: int) -> None:
    _report_progress(self, done, total)
    time.sleep(DELAY)


ProgressMixin.report_progress = slow_progress
call_command("db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay")
