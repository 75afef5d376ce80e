"""How seed_scale makes a bulk load cheap for the database: session settings for
the load, and the plain indexes of the big tables built once after it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import ClassVar

from django.apps import apps
from django.db import DatabaseError, connection


class fast_load:
    """Session settings for a bulk load, restored afterwards. SQLite: no fsync
    while generating (a crash mid-run leaves a database to regenerate anyway).
    PostgreSQL: lz4 instead of pglz for the long text values (several times less
    CPU; readable by any client), no wait for the WAL flush at commit, and — when
    the account may (a superuser, as pg_restore --disable-triggers requires) —
    no foreign-key trigger per inserted row: the generator assigns every key
    itself from rows it wrote first, and the tests, which run it inside their own
    transaction where nothing here is changed, load it with every check on.
    Those checks were a quarter of the server's work and, being deferred, ran
    after the last row, adding their whole time to the run."""

    SETTINGS: ClassVar[dict[str, dict[str, str]]] = {
        "sqlite": {"synchronous": "OFF"},
        "postgresql": {
            "default_toast_compression": "lz4",
            "synchronous_commit": "off",
            "session_replication_role": "replica",
        },
    }

    def __enter__(self):
        self.previous = {}
        if connection.in_atomic_block:
            return  # a test's transaction: SQLite refuses the change there
        with connection.cursor() as cursor:
            for name, value in self.SETTINGS.get(connection.vendor, {}).items():
                with contextlib.suppress(DatabaseError):  # not allowed: keep it
                    self.previous[name] = self._set(cursor, name, value)

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            for name, value in self.previous.items():
                self._set(cursor, name, value)

    @staticmethod
    def _set(cursor, name: str, value: str) -> str:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA {name}")
            old = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {value}")
        else:
            cursor.execute(f"SHOW {name}")
            old = cursor.fetchone()[0]
            cursor.execute(f"SET {name} = %s", [value])
        return str(old)


@contextlib.contextmanager
def without_secondary_indexes(
    labels: list[str], timings: dict[str, float]
) -> Iterator[None]:
    """PostgreSQL: drop the plain indexes of the
    `labels` tables (not those behind a primary key or a unique constraint, which
    other tables' foreign keys or the load itself rely on), load, and build them
    again from their own definitions — a sort per index instead of a B-tree
    insertion per row and index (the dossier table has a dozen). Inside the load's
    transaction: if anything fails, the rollback brings the indexes back. A unique
    index (a conditional UniqueConstraint) is also re-created, so rows that break
    it make the run fail at the end instead of at the row."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [apps.get_model(label)._meta.db_table for label in labels]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT i.indisprimary
              AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
              )
            ORDER BY 1
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    began = time.perf_counter()
    with connection.cursor() as cursor:
        # PostgreSQL refuses CREATE INDEX on a table with deferred foreign-key
        # checks pending (when they could not be turned off): run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    timings["indexes"] = time.perf_counter() - began
