"""Reading reports from a replica (DATABASE_REPLICA_URL, see settings.py).

A report over every unit reads a lot and writes next to nothing: with a streaming
replica of the database, background report runs read the registry and the dossiers
there, so a big export does not compete with the people saving dossiers on the
primary. Only code inside `replica_reads()` is routed; everything else, every write
and every model of pug_portal (accounts, report runs, the activity log, sessions)
stays on "default". A replica lags the primary by a moment: a report started right
after a save may not show it yet, which is why pages never read from it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings

REPLICA = "replica"
REPLICA_APPS = frozenset({"evaluations", "focal_points"})
_reading_reports = contextvars.ContextVar("pug_replica_reads", default=False)


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Route the domain's reads to the replica, when one is configured."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


class ReportReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _reading_reports.get()
            and model._meta.app_label in REPLICA_APPS
            and REPLICA in settings.DATABASES
        ):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
