"""Section 1: every list and dashboard page at two sizes, paired by round.

Both databases are open in this process; a router sends every query to the one
being measured. Each round requests a page from the small and the large database
back to back (the order alternating between rounds), through Django's test client
as the reviewer `scale_reviewer0`: the server's whole work for the request
(middleware, session, permission, queries, template), without the network.
"""

from __future__ import annotations

import math
import time

from bench.common import Paired


class AliasRouter:
    """Every read and write goes to `AliasRouter.alias`."""

    alias = "default"

    def db_for_read(self, model, **hints):
        return AliasRouter.alias

    def db_for_write(self, model, **hints):
        return AliasRouter.alias

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return True


PAGES = (
    ("dossier list", "/dossiers/"),
    ("dossier list, last page", "/dossiers/?page={last}"),
    ("dossier records of the year", "/dashboard/dossiers/?year={year}"),
    ("budget lines", "/budget/"),
    ("unit dashboard (Dinkes)", "/units/{unit}/dashboard/"),
    ("city dashboard", "/"),
    ("review queue", "/review/"),
)


def _context(alias: str) -> dict:
    from evaluations.models import Dossier, EvaluationCycle
    from focal_points.models import Unit
    from pug_portal.views import PAGE_SIZE

    AliasRouter.alias = alias
    return {
        "year": EvaluationCycle.objects.order_by("-year").first().year,
        "unit": Unit.objects.get(short_name="Dinkes").pk,
        "last": max(1, math.ceil(Dossier.objects.count() / PAGE_SIZE)),
    }


def _client(alias: str):
    from django.test import Client

    from pug_portal.models import User

    AliasRouter.alias = alias
    client = Client()
    client.force_login(User.objects.get(username="scale_reviewer0"))
    return client


def _get(client, alias: str, url: str) -> tuple[float, int]:
    AliasRouter.alias = alias
    began = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - began) * 1000
    return elapsed, response.status_code


def _queries(client, alias: str, url: str) -> int:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    AliasRouter.alias = alias
    with CaptureQueriesContext(connections[alias]) as queries:
        client.get(url)
    return len(queries)


def measure(small: str, large: str, rounds: int) -> list[dict]:
    """One row per page: median ms at each size, query counts, paired ratio."""
    contexts = {a: _context(a) for a in (small, large)}
    clients = {a: _client(a) for a in (small, large)}
    rows = []
    for label, pattern in PAGES:
        urls = {a: pattern.format(**contexts[a]) for a in (small, large)}
        statuses = set()
        for a in (small, large):  # warm-up: templates, caches, connections
            statuses.add(_get(clients[a], a, urls[a])[1])
        paired = Paired()
        for r in range(rounds):
            order = (small, large) if r % 2 == 0 else (large, small)
            times = {}
            for a in order:
                times[a], status = _get(clients[a], a, urls[a])
                statuses.add(status)
            paired.add(times[small], times[large])
        rows.append(
            {
                "page": label,
                "url": urls[large],
                "small_ms": Paired.med(paired.floor),
                "large_ms": Paired.med(paired.measured),
                "small_q": _queries(clients[small], small, urls[small]),
                "large_q": _queries(clients[large], large, urls[large]),
                "ratio": paired,
                "statuses": sorted(statuses),
            }
        )
    return rows
