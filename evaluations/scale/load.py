"""How seed_scale makes a bulk load cheap for the database: session settings for
the load, and the plain indexes of the big tables built once after it."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar

from django.apps import apps
from django.db import DatabaseError, connection

# PostgreSQL: rows COPYed into a table emptied in the same transaction can be
# written frozen and marked all-visible, so the VACUUM after the load (for the
# visibility map that index-only scans read) has nothing left to do on them, and
# no first reader rewrites the pages to set hint bits.
COPY_OPTIONS = {"postgresql": " WITH (FREEZE)"}


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


def copy_rows(raw_cursor, statement: str, rows: list[Sequence]) -> None:
    """COPY `rows` through a psycopg cursor."""
    with raw_cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


class CopyBehind:
    """COPY in a thread of its own, behind the generator: `put` queues a table's
    rows and returns; the thread sends them on the same connection (psycopg locks
    it for the whole COPY) in the order they were put, inside the same
    transaction. While the PostgreSQL backend parses and stores one batch on one
    core, the generator builds the next on the other — before, each waited for
    the other. The thread takes the interpreter lock only to format rows; it is
    released while the socket waits. A COPY that fails stops the writing: the
    next `put` or `close` raises its error. At most `depth` tables wait in the
    queue (memory stays a few batches)."""

    def __init__(self, raw_connection, depth: int = 8):
        self.raw = raw_connection
        self.queue: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="seed-copy", daemon=True)
        self.thread.start()

    def put(self, statement: str, rows: list[Sequence]) -> None:
        self._raise()
        self.queue.put((statement, rows))

    def close(self, *, failed: bool = False) -> None:
        """Wait until every queued row is written (or, `failed`, just stop)."""
        if failed:
            self.error = self.error or RuntimeError("seed_scale stopped")
        self.queue.put(None)
        self.thread.join()
        if not failed:
            self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue  # drain: the failed transaction takes nothing more
            statement, rows = item
            try:
                with self.raw.cursor() as cursor:
                    copy_rows(cursor, statement, rows)
            except BaseException as exc:  # handed to the generator's thread
                self.error = exc


def vacuum_analyse() -> None:
    """PostgreSQL: VACUUM ANALYZE the schema's tables on two connections at once,
    the biggest table (the dossiers: most of the time, sampling their long text)
    on this one and the others on a second — each backend on a core of its own
    while nothing else runs. After a COPY FREEZE the VACUUM part is short; the
    statistics are what the planner reads, and a full ANALYZE also resets the
    table's count of changed rows, so autovacuum does not analyse it again during
    a benchmark. (The system catalogs are left to autovacuum.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.oid::regclass::text FROM pg_class c
            WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
            ORDER BY pg_table_size(c.oid) DESC, 1
            """
        )
        tables = [name for (name,) in cursor.fetchall()]
    if not tables:
        return
    side = connection.get_new_connection(connection.get_connection_params())
    try:
        side.autocommit = True
        with ThreadPoolExecutor(max_workers=1) as pool:
            rest = tables[1:] and pool.submit(
                side.execute, f"VACUUM ANALYZE {', '.join(tables[1:])}"
            )
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {tables[0]}")
            if rest:
                rest.result()  # its error, if any, raised here
    finally:
        side.close()
