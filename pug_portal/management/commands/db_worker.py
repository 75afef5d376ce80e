"""`manage.py db_worker`: django-tasks-db's worker, made to outlive the database.

The library's worker exits on the first database error that is not a lock: a
PostgreSQL restart, a failover or a connection killed by a proxy or an operator
(pg_terminate_backend) stopped background reports until someone restarted it. This
worker closes the broken connections, waits (1, 2, 4 … 30 s) and carries on. A task
that was running when the connection broke is left to the report runs' recovery: its
run's heartbeat stops, and the next recovery queues it again or fails it
(pug_portal/reports/runs.py). A thread of the worker recovers at start (the runs a
killed worker left behind) and then once per lease."""

import logging
import threading
import time

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    connections,
)
from django_tasks_db.management.commands import db_worker as base

from pug_portal.reports.runs import report_runs_recover

logger = logging.getLogger("django_tasks_db")

MAX_BACKOFF = 30.0


class PortalWorker(base.Worker):
    def run(self) -> None:
        threading.Thread(
            target=self.recover_forever, name="report-run-recovery", daemon=True
        ).start()
        backoff = 1.0
        while self.running:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "Database connection lost (%s); worker %s retries in %.0f s",
                    str(error).strip() or type(error).__name__,
                    self.worker_id,
                    backoff,
                )
                self.running_task = False
                connections.close_all()
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    def recover_forever(self) -> None:
        """Report runs that lost their worker, now and then once per lease (with
        this thread's own connection; a database error waits for the next round)."""
        while self.running:
            try:
                counts = report_runs_recover()
                if any(counts.values()):
                    logger.warning("Report runs that lost their worker: %s", counts)
            except DatabaseError:
                logger.warning("Report run recovery failed; next try in a lease")
                connection.close()
            time.sleep(settings.PUG_REPORT_LEASE_SECONDS)


class Command(base.Command):
    help = (
        "Run a database background worker that survives lost database connections "
        "and recovers report runs whose worker died."
    )

    def handle(self, **options) -> None:
        # The library's handle() builds its own Worker class; point it at ours.
        base.Worker = PortalWorker
        super().handle(**options)
