"""The city board, cached as HTML per (fiscal year, scope, sort, day, language,
data version).

At 100,000 dossiers the board's dozen GROUP BY queries, its five charts and the
366 KB of HTML they make cost more than everything else of the page; its figures
change only when someone writes. So the board's rendered HTML (its two fragments
around the per-user notices: evaluations.views.dashboard.city_board_page, rendered
without the request so that nothing of the user enters it) is kept in the
configured cache (the database cache by default, Redis when REDIS_URL is set:
shared by every app server), together with the **data version** it was built
for: a token in the same cache that any write to a model of the apps whose figures
the board shows replaces (`figures_changed`, one signal receiver connected in
EvaluationsConfig.ready). An entry of another version is rebuilt, so a write is
seen on the next view on every server; nothing is invalidated by hand.

The version changes when the write is committed (a reader of the new version then
sees the new rows), or at once outside a transaction. Writes through
QuerySet.update() send no signal: the two workflow helpers that update a reviewed
record's row (evaluations.workflow.transition and checked_update) call
`figures_changed_now()` themselves; other update() calls of the services sit in
a transaction that also saves a model (unit rename) or touch no figure.

One kind of write keeps the version on purpose: an editor's save of a dossier
still being written (`figures_unchanged`, around dossier_update). Every board
figure made of a dossier's content (its GAP, GBS, KAK, action rows) counts approved
dossiers only, and an approved dossier cannot be edited; its status, the only thing
of it the board counts before approval, does not change in that save. In the
weeks before the deadline every focal point's editor autosaves every few seconds:
a new version per save would have the board rebuilt on nearly every view, by
every worker of every app server at once. A figure ever made of a dossier's
content before approval must take this away.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "figures:version"
# Apps whose rows the board's figures are made of (dossiers, budget lines, scores,
# units, focal points and their training, self-assessments).
FIGURE_APPS = frozenset({"evaluations", "focal_points", "assessments"})


def data_version() -> str:
    """The current data version (created when the cache has none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(), not set(): a writer that got there first wins.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


# set inside `figures_unchanged()`
_unchanged: ContextVar[bool] = ContextVar("figures_unchanged", default=False)


@contextmanager
def figures_unchanged() -> Iterator[None]:
    """The writes inside change no figure of the board (the module docstring says
    which): they keep the data version."""
    token = _unchanged.set(True)
    try:
        yield
    finally:
        _unchanged.reset(token)


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _app_transaction() -> tuple[bool, Any]:
    """(whether a transaction of the application is open, the savepoint id its
    outermost block started when it is nested in a test case's). The transactions a
    test case wraps each test in do not count: for the code under test they are
    autocommit, and what they hold on commit never runs."""
    connection = transaction.get_connection()
    for i, block in enumerate(connection.atomic_blocks):
        if not block._from_testcase:
            # savepoint_ids has one entry per block nested in the outermost one
            return True, connection.savepoint_ids[i - 1] if i else ALL
    return False, None


ALL = object()


def figures_changed_now() -> None:
    """A figure may have changed: a new data version once the transaction commits
    (one per transaction, however many rows it writes), or now outside one; none
    inside `figures_unchanged()`."""
    if _unchanged.get():
        return
    open_, savepoint = _app_transaction()
    if not open_:
        _new_version()
        return
    # Already registered in this transaction? (Django drops the callbacks of a
    # rolled-back block: nothing to reset then.)
    for sids, func, _robust in transaction.get_connection().run_on_commit:
        if func is _new_version and (savepoint is ALL or savepoint in sids):
            return
    transaction.on_commit(_new_version)


def figures_changed(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed: a write to a model of
    FIGURE_APPS changes the data version. Migrations' historical models (module
    "__fake__", run before the cache table exists) and fixture loading are left
    alone."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in FIGURE_APPS:
        return
    if sender.__module__ == "__fake__" or kwargs.get("raw"):
        return
    figures_changed_now()


def board_key(*, year: int | None, unit_type: str, sort: str, on: datetime.date) -> str:
    # The day is part of the key: the current cycle and the team in office follow
    # it; the language too: the charts' texts are translated when rendered.
    return ":".join(
        (
            # the value: (data version, a rendered BoardPage of views.dashboard)
            "city-board-page",
            str(year),
            unit_type,
            sort,
            on.isoformat(),
            get_language() or "",
        )
    )


def figures_key(name: str, *, year: int, on: datetime.date) -> str:
    """The key of figures (not HTML) cached for the current data version: their
    name, the fiscal year, the day (the current cycle and the team in office
    follow it) and the language."""
    return ":".join((name, str(year), on.isoformat(), get_language() or ""))


def cached_board(key: str, build) -> Any:
    """The value stored under `key` for the current data version, or `build()`
    stored there with it. The version and the entry are read together (one
    get_many: one query on the database cache, one round trip on Redis), so a
    repeat view costs one cache read. A board built while a write committed is
    stored with the version read before it, so the next view rebuilds it."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or data_version()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = build()
    cache.set(key, (version, value), timeout=settings.PUG_BOARD_CACHE_SECONDS)
    return value
