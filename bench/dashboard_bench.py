"""Benchmark: the city dashboard at 1,000 and at 100,000 dossiers, on SQLite and on
PostgreSQL, side by side in one run (issue 5: the time at 100,000 must stay within
2x of the time at 1,000).

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/dashboard_bench.py
    .venv/bin/python bench/dashboard_bench.py --sizes 1000 100000 --repeat 7 --explain
    .venv/bin/python bench/dashboard_bench.py --no-postgres      # SQLite only

SQLite: a throwaway database in a temporary directory (never the project's
db.sqlite3). PostgreSQL: the database named by --pg-url (default
postgres://postgres@127.0.0.1:5432/pug_bench; create it once with
`psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE pug_bench"`). The script drops and
recreates its public schema, then migrates it, so it refuses the databases the
project and its tests use (pug_portal, test_pug_portal).

The data: 100 units of every type, fiscal years 2022-2026 with a cycle each, and per
10 dossiers 1 ARG budget line without a dossier and 3 non-ARG lines (so 100,000
dossiers come with 140,000 budget lines), statuses spread over the workflow, a
reviewer score on every approved dossier and an open comment on every returned one,
focal points in 90 of the units. The smaller size is grown into the larger one, so
both measurements see the same distribution.

Measured for each backend and size: the number of queries, the selector alone
(`evaluations.selectors.dashboard_city.city_dashboard`) and the whole page (GET /dashboard/ as a
reviewer through the test client: session, permission, selectors, five pygal charts,
template). Times are the best of --repeat runs after two warm-up runs. With
--explain, every query of the selector is run under EXPLAIN (ANALYZE, BUFFERS) on
PostgreSQL at the largest size, and sequential scans on the big tables are listed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="pug-dash-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pug_portal.settings")
# BENCH_SQLITE_PATH keeps the SQLite database for a closer look afterwards.
SQLITE_PATH = os.environ.get("BENCH_SQLITE_PATH") or Path(TMP.name) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
os.environ.setdefault("LOG_LEVEL", "WARNING")

FORBIDDEN_DATABASES = {"pug_portal", "test_pug_portal"}
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/pug_bench"


class BenchRouter:
    """Sends every query to the backend being measured."""

    alias = "default"

    def db_for_read(self, model, **hints):
        return BenchRouter.alias

    def db_for_write(self, model, **hints):
        return BenchRouter.alias

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return True


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL)
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--proposed-indexes",
        action="store_true",
        help="create the indexes proposed in bench/README.md before measuring",
    )
    return parser.parse_args()


ARGS = parse_args()

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()

if not ARGS.no_postgres:
    import dj_database_url

    name = urlparse(ARGS.pg_url).path.lstrip("/")
    if name in FORBIDDEN_DATABASES:
        sys.exit(f"Refusing to use the database {name!r}: it belongs to the project.")
    settings.DATABASES["pg"] = {
        **settings.DATABASES["default"],
        **dj_database_url.parse(ARGS.pg_url),
    }
settings.DATABASE_ROUTERS = ["__main__.BenchRouter"]
settings.ALLOWED_HOSTS = ["*"]

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from evaluations.gap import CommentTarget  # noqa: E402
from evaluations.models import (  # noqa: E402
    BudgetLine,
    CycleState,
    Dossier,
    EvaluationCycle,
    ReviewComment,
    RubricScore,
    ScoreKind,
    classify,
)
from evaluations.selectors import dashboard_city as dashboard  # noqa: E402
from evaluations.workflow import Status  # noqa: E402
from focal_points.models import (  # noqa: E402
    Attendance,
    CapacityEvent,
    Decree,
    EventType,
    FocalPointAppointment,
    IssuerType,
    Person,
    TeamRole,
    Unit,
    UnitType,
)
from pug_portal.models import Role, User  # noqa: E402

YEARS = (2022, 2023, 2024, 2025, 2026)
UNITS = 100
STATUS_CYCLE = (
    Status.APPROVED,
    Status.APPROVED,
    Status.APPROVED,
    Status.APPROVED,
    Status.DRAFT,
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.REVISION_REQUESTED,
    Status.APPROVED,
    Status.DRAFT,
)
BATCH = 5_000


# Indexes still under consideration (see bench/README.md); plain composite indexes, so
# SQLite can use them too. Created only with --proposed-indexes, named bench_* so they
# are recognisable, and dropped again by prepare(). The budget-line and rubric indexes
# first proposed here are in evaluations/migrations/0003_dashboard_indexes.py now.
PROPOSED_INDEXES = {
    "bench_dossier_status_cycle_id": ("evaluations_dossier", "status, cycle_id, id"),
}


def prepare(alias: str) -> None:
    """An empty, migrated database. PostgreSQL: the bench database's public schema
    is dropped and recreated (flush would miss tables of models added since this
    process started); SQLite: a fresh file."""
    BenchRouter.alias = alias
    connection = connections[alias]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    elif os.environ.get("BENCH_SQLITE_PATH"):
        connection.close()
        Path(SQLITE_PATH).unlink(missing_ok=True)
    call_command("migrate", database=alias, verbosity=0)
    with connections[alias].cursor() as cursor:
        for name, (table, columns) in PROPOSED_INDEXES.items():
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
            if ARGS.proposed_indexes:
                cursor.execute(f"CREATE INDEX {name} ON {table} ({columns})")
    if connection.vendor == "sqlite":
        # a throwaway file: no need to survive a power cut while it is being built
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")


def seed_registry() -> dict:
    """Units, cycles, focal points (some trained) and a reviewer account."""
    types = list(UnitType.values)
    units = Unit.objects.bulk_create(
        Unit(
            name=f"Perangkat Daerah {i:03d}",
            short_name=f"PD{i:03d}",
            unit_type=types[i % len(types)],
        )
        for i in range(UNITS)
    )
    for year in YEARS:
        EvaluationCycle.objects.create(
            year=year,
            open_date=datetime.date(year, 2, 1),
            submission_deadline=datetime.date(year, 7, 31),
            review_deadline=datetime.date(year, 9, 30),
            state=CycleState.OPEN if year == YEARS[-1] else CycleState.CLOSED,
        )
    start = datetime.date(2024, 1, 5)
    decrees = Decree.objects.bulk_create(
        Decree(
            number=f"800/{i}/SK/2024",
            date=start,
            title="tentang Tim Focal Point PUG",
            issuer_type=IssuerType.KEPALA_PD,
            unit=unit,
            fiscal_year=2024,
            valid_from=start,
        )
        for i, unit in enumerate(units[:90])
    )
    people = Person.objects.bulk_create(
        Person(name=f"Pegawai {i}", sex="L" if i % 3 == 0 else "P") for i in range(270)
    )
    FocalPointAppointment.objects.bulk_create(
        FocalPointAppointment(
            person=person,
            unit=decrees[i // 3].unit,
            decree=decrees[i // 3],
            team_role=TeamRole.ANGGOTA,
            start_date=start,
        )
        for i, person in enumerate(people)
    )
    event = CapacityEvent.objects.create(
        title="Bimtek PPRG",
        event_type=EventType.BIMTEK,
        starts_at=datetime.datetime(2025, 3, 1, 1, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2025, 3, 1, 8, tzinfo=datetime.UTC),
        organiser=units[0],
    )
    Attendance.objects.bulk_create(
        Attendance(event=event, person=p, name=p.name, sex=p.sex, attended=True)
        for p in people[::2]
    )
    reviewer = User.objects.create_user("bench_reviewer", role=Role.REVIEWER)
    return {"units": units, "reviewer": reviewer}


def grow(units: list[Unit], start: int, stop: int) -> None:
    """Add dossiers number start..stop-1 with their budget lines, scores and
    comments, plus per 10 dossiers one ARG line without dossier and three non-ARG
    lines."""
    cycles = {c.year: c for c in EvaluationCycle.objects.all()}
    for low in range(start, stop, BATCH):
        high = min(stop, low + BATCH)
        lines, extra = [], []
        for i in range(low, high):
            unit, year = units[i % UNITS], YEARS[(i // UNITS) % len(YEARS)]
            lines.append(_line(unit, year, f"D{i}", arg=True, pagu=100 + i % 400))
            if i % 10 == 0:
                extra.append(_line(unit, year, f"N{i}", arg=True, pagu=150))
                for k in range(3):
                    extra.append(_line(unit, year, f"X{i}.{k}", arg=False, pagu=900))
        lines = BudgetLine.objects.bulk_create(lines, batch_size=2_000)
        BudgetLine.objects.bulk_create(extra, batch_size=2_000)
        dossiers = Dossier.objects.bulk_create(
            (
                Dossier(
                    unit=line.unit,
                    cycle=cycles[line.year],
                    budget_line=line,
                    status=STATUS_CYCLE[(i // 7) % len(STATUS_CYCLE)],
                )
                for i, line in zip(range(low, high), lines, strict=True)
            ),
            batch_size=2_000,
        )
        scores, comments = [], []
        for i, d in zip(range(low, high), dossiers, strict=True):
            if d.status == Status.APPROVED:
                total = (i * 7) % 21
                scores.append(
                    RubricScore(
                        dossier=d,
                        kind=ScoreKind.REVIEWER,
                        total=total,
                        classification=classify(total),
                    )
                )
            elif d.status == Status.REVISION_REQUESTED:
                comments.append(
                    ReviewComment(
                        dossier=d, target=CommentTarget.GAP_2, text="Data L/P"
                    )
                )
        RubricScore.objects.bulk_create(scores, batch_size=2_000)
        ReviewComment.objects.bulk_create(comments, batch_size=2_000)


def _line(unit, year, code, *, arg, pagu) -> BudgetLine:
    return BudgetLine(
        unit=unit,
        year=year,
        program_code="2.08.02",
        program_name="Program PUG",
        kegiatan_code="2.08.02.2.01",
        kegiatan_name="Pelembagaan PUG",
        sub_kegiatan_code=code,
        sub_kegiatan_name=f"Sub kegiatan {code}",
        pagu=Decimal(pagu) * 1_000_000,
        is_arg=arg,
        arg_category="KHUSUS" if arg else "",
    )


def analyse(alias: str) -> None:
    """Statistics and, on PostgreSQL, the visibility map (index-only scans), as
    autovacuum would leave them after a bulk load."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )


def best_ms(fn, repeat: int) -> float:
    """Best of `repeat` runs after two warm-ups: the least disturbed by whatever
    else the machine is doing (a median still moves with the load)."""
    for _ in range(2):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


def measure(alias: str, reviewer: User, repeat: int) -> dict:
    client = Client()
    client.force_login(reviewer)
    url = f"/dashboard/?year={YEARS[-1]}"
    with CaptureQueriesContext(connections[alias]) as selector_queries:
        dashboard.city_dashboard(year=YEARS[-1])
    # read now: every request through the client resets the connection's query log
    statements = [q["sql"] for q in selector_queries.captured_queries]
    with CaptureQueriesContext(connections[alias]) as page_queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return {
        "selector_queries": len(selector_queries),
        "page_queries": len(page_queries),
        "selector_ms": best_ms(
            lambda: dashboard.city_dashboard(year=YEARS[-1]), repeat
        ),
        "page_ms": best_ms(lambda: client.get(url), repeat),
        "sql": statements,
    }


def explain(alias: str, statements: list[str]) -> None:
    print(f"\nEXPLAIN (ANALYZE, BUFFERS) of the selector's queries on {alias}:")
    with connections[alias].cursor() as cursor:
        for n, sql in enumerate(statements, 1):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            total = next((p for p in plan if p.startswith("Execution Time")), "")
            seq = [p.strip() for p in plan if "Seq Scan" in p]
            print(f"  Q{n}: {total}; {sql[:110]}…")
            for line in seq:
                print(f"      {line}")
            if os.environ.get("BENCH_FULL_PLANS"):
                print("\n".join("      " + p for p in plan))


def main() -> None:
    backends = ["default"] + ([] if ARGS.no_postgres else ["pg"])
    sizes = sorted(ARGS.sizes)
    results: dict[tuple[str, int], dict] = {}
    for alias in backends:
        prepare(alias)
        seeded = seed_registry()
        done = 0
        for size in sizes:
            t0 = time.perf_counter()
            grow(seeded["units"], done, size)
            done = size
            analyse(alias)
            print(
                f"{connections[alias].vendor:>10}: {size:>7,} dossiers built in "
                f"{time.perf_counter() - t0:5.1f} s",
                flush=True,
            )
            results[(alias, size)] = measure(alias, seeded["reviewer"], ARGS.repeat)
        if ARGS.explain and connections[alias].vendor == "postgresql":
            explain(alias, results[(alias, sizes[-1])]["sql"])

    print()
    header = (
        f"{'backend':<11}{'dossiers':>10}{'queries':>9}{'page q.':>9}"
        f"{'selector ms':>13}{'page ms':>10}{'page x':>8}"
    )
    print(header)
    print("-" * len(header))
    verdict = True
    for alias in backends:
        base = results[(alias, sizes[0])]["page_ms"]
        for size in sizes:
            r = results[(alias, size)]
            ratio = r["page_ms"] / base
            verdict &= ratio <= 2.0
            print(
                f"{connections[alias].vendor:<11}{size:>10,}{r['selector_queries']:>9}"
                f"{r['page_queries']:>9}{r['selector_ms']:>13.1f}{r['page_ms']:>10.1f}"
                f"{ratio:>8.2f}"
            )
    print()
    print(
        "page x = page time / page time at the smallest size; the goal is <= 2.00: "
        + ("met" if verdict else "NOT met")
        + (" (with the proposed indexes)" if ARGS.proposed_indexes else "")
    )


if __name__ == "__main__":
    main()
