"""bench/run: every benchmark of issue 14, paired by round, on SQLite and
PostgreSQL, written to bench/results/latest.md. See bench/README.md."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: its modules would shadow the stdlib

from bench import report  # noqa: E402
from bench.common import Database, Size, ensure_seeded  # noqa: E402

SECTIONS = ("pages", "http", "exports", "mixed")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    p.add_argument(
        "--quick",
        action="store_true",
        help="1,000 vs 5,000 dossiers, short HTTP and mixed runs: minutes",
    )
    p.add_argument(
        "--section",
        action="append",
        choices=SECTIONS,
        help="run only this section (repeatable); default: all",
    )
    p.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql",
    )
    p.add_argument(
        "--pg-base",
        default=os.environ.get("BENCH_PG_BASE", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server; the bench databases pug_bench_* are created there",
    )
    p.add_argument("--rounds", type=int, help="paired rounds per page (7; quick 3)")
    p.add_argument("--http-seconds", type=int, help="wrk duration (30; quick 5)")
    p.add_argument("--http-rounds", type=int, help="paired wrk rounds (2; quick 1)")
    p.add_argument(
        "--export-rounds", type=int, help="paired export rounds (2; quick 1)"
    )
    p.add_argument(
        "--mixed-seconds", type=int, help="mixed load duration (60; quick 15)"
    )
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    p.add_argument(
        "--http-databases",
        help="databases for the HTTP section (default: --databases); gunicorn on "
        "SQLite is not how the portal runs in production",
    )
    p.add_argument(
        "--reseed",
        action="store_true",
        help="seed again even when a database already holds its size",
    )
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.md")
    args = p.parse_args(argv)
    args.argv = " ".join(sys.argv[1:] if argv is None else argv)
    args.out = args.out.resolve()
    q = args.quick
    args.rounds = args.rounds or (3 if q else 7)
    args.http_seconds = args.http_seconds or (5 if q else 30)
    args.http_rounds = args.http_rounds or (1 if q else 2)
    args.export_rounds = args.export_rounds or (1 if q else 2)
    args.mixed_seconds = args.mixed_seconds or (15 if q else 60)
    args.sections = args.section or list(SECTIONS)
    args.http_vendors = (args.http_databases or args.databases).split(",")
    args.small = Size("1k", 1)
    args.large = Size("5k", 5) if q else Size("100k", 100)
    # the XLSX export's peak memory is also measured at this size (issue 14: flat
    # from 10,000 to 100,000 dossiers)
    args.export_small = Size("1k", 1) if q else Size("10k", 10)
    args.mixed = Size("mixed", per_unit=2, years=2)
    return args


def log(message: str) -> None:
    now = datetime.datetime.now(datetime.UTC)
    print(f"[{now:%H:%M:%S} UTC] {message}", flush=True)


def missing(args) -> dict[str, str]:
    """What is not installed, per section (bench/run installs nothing)."""
    from bench.web import missing_tools

    gaps = {}
    tools = missing_tools()
    if tools:
        gaps["http"] = gaps["mixed"] = "missing: " + ", ".join(tools)
    if not Path("/usr/bin/time").exists():
        gaps["exports"] = "missing: /usr/bin/time (apt-get install time)"
    return gaps


def postgres_reachable(base: str) -> bool:
    try:
        import psycopg

        psycopg.connect(f"{base}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def configure(databases: list[Database]) -> None:
    """Django with every bench database as an alias; a router picks one."""
    import dj_database_url

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = databases[0].url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import warnings

    import django
    from django.conf import settings

    # whitenoise warns that collectstatic's folder is missing: not measured here
    warnings.filterwarnings("ignore", "No directory at")
    django.setup()
    base = settings.DATABASES["default"]
    for db in databases:
        settings.DATABASES[db.alias] = {
            **base,
            **dj_database_url.parse(db.url),
            "CONN_MAX_AGE": 0,
        }
    settings.DATABASE_ROUTERS = ["bench.pages.AliasRouter"]
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]


def main(argv=None) -> int:
    args = parse_args(argv)
    gaps = missing(args)
    vendors = [v.strip() for v in args.databases.split(",") if v.strip()]
    if "postgresql" in vendors and not postgres_reachable(args.pg_base):
        gaps["postgresql"] = f"PostgreSQL not reachable at {args.pg_base}"
        vendors.remove("postgresql")
    for section, why in gaps.items():
        log(f"skipping {section}: {why}")
    sections = [s for s in args.sections if s not in gaps]
    dbs = {
        (v, s.label): Database(v, s, args.pg_base)
        for v in vendors
        for s in (args.small, args.large, args.mixed, args.export_small)
    }
    needed = set()
    for v in vendors:
        if "pages" in sections:
            needed |= {(v, args.small.label), (v, args.large.label)}
        if "http" in sections or "exports" in sections:
            needed.add((v, args.large.label))
        if "exports" in sections:
            needed.add((v, args.export_small.label))
        if "mixed" in sections:
            needed.add((v, args.mixed.label))
    seeding = {}
    for key in sorted(needed):
        db = dbs[key]
        seeding[db.alias] = ensure_seeded(
            db, reseed=args.reseed or key[1] == args.mixed.label, log=log
        )
    used = [dbs[k] for k in sorted(needed)]
    if not used:
        log("nothing to measure")
        return 1
    configure(used)
    results = {"seeding": seeding, "args": args, "gaps": gaps, "vendors": vendors}
    started = time.monotonic()
    for v in vendors:
        small, large, mixed = (
            dbs[(v, s.label)] for s in (args.small, args.large, args.mixed)
        )
        if "pages" in sections:
            log(f"pages on {v}: {small.size.dossiers:,} vs {large.size.dossiers:,}")
            from bench import pages

            results.setdefault("pages", {})[v] = pages.measure(
                small.alias, large.alias, args.rounds
            )
            write(results, args, started)
        if "http" in sections and v in args.http_vendors:
            log(f"http on {v} at {large.size.dossiers:,}")
            results.setdefault("http", {})[v] = run_http(large, args)
            write(results, args, started)
        if "exports" in sections:
            log(f"exports on {v} at {large.size.dossiers:,}")
            from bench import exports

            export_small = dbs[(v, args.export_small.label)]
            results.setdefault("exports", {})[v] = exports.measure(
                large, current_year(large), args.export_rounds, log
            )
            log(f"exports: XLSX peak memory on {v} at {export_small.size.dossiers:,}")
            results.setdefault("export_memory", {})[v] = exports.memory(
                export_small, args.export_rounds, log
            )
            write(results, args, started)
        if "mixed" in sections:
            log(f"mixed load on {v}")
            results.setdefault("mixed", {})[v] = run_mixed(mixed, args)
            write(results, args, started)
    write(results, args, started)
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    log(f"written {shown}")
    return 0


def write(results: dict, args, started: float) -> None:
    """The report so far (after every section: a run cut short keeps its figures)."""
    results["minutes"] = (time.monotonic() - started) / 60
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report.render(results))


def current_year(db: Database) -> int:
    from bench.pages import AliasRouter
    from evaluations.models import EvaluationCycle

    AliasRouter.alias = db.alias
    return EvaluationCycle.objects.order_by("-year").first().year


def _session_cookie(db: Database) -> str:
    from django.conf import settings
    from django.test import Client

    from bench.pages import AliasRouter
    from pug_portal.models import User

    AliasRouter.alias = db.alias
    client = Client()
    client.force_login(User.objects.get(username="scale_reviewer0"))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def run_http(db: Database, args) -> list[dict]:
    from django.conf import settings

    from bench import web as http
    from bench.pages import AliasRouter
    from evaluations.models import Dossier
    from evaluations.workflow import Status

    AliasRouter.alias = db.alias
    year = current_year(db)
    dossier = (
        Dossier.objects.filter(status=Status.APPROVED, cycle__year=year)
        .order_by("pk")
        .first()
    )
    pages = [
        ("city dashboard", "/"),
        ("dossier page", f"/dossiers/{dossier.pk}/"),
        ("dossier list", "/dossiers/"),
    ]
    return http.measure(
        db,
        _session_cookie(db),
        settings.SECRET_KEY,
        pages,
        [1, 10, 50],
        args.http_seconds,
        args.http_rounds,
        args.workers,
        log,
    )


def run_mixed(db: Database, args) -> dict:
    from django.conf import settings
    from django.db.models import Count

    from bench import mixed
    from bench import web as http
    from bench.pages import AliasRouter
    from evaluations.models import Dossier
    from evaluations.workflow import EDITABLE_STATES, Status
    from focal_points.models import Unit
    from pug_portal.models import ActivityLog, User

    AliasRouter.alias = db.alias
    year = current_year(db)
    focal = {}
    for i, unit in enumerate(Unit.objects.order_by("pk")):
        user = User.objects.get(username=f"scale_fp_{i}")
        if not Unit.objects.visible_to(user).filter(pk=unit.pk).exists():
            continue  # its SK lapsed: no access
        pks = list(
            Dossier.objects.filter(
                unit=unit, cycle__year=year, status__in=EDITABLE_STATES
            ).values_list("pk", flat=True)
        )
        if pks:
            focal[user.username] = pks
        if len(focal) == 6:
            break
    versions = dict(Dossier.objects.values_list("pk", "version"))
    taken, lock = set(), threading.Lock()

    def submitted():
        AliasRouter.alias = db.alias
        with lock:
            pk = (
                Dossier.objects.filter(status=Status.SUBMITTED, cycle__year=year)
                .exclude(pk__in=taken)
                .values_list("pk", flat=True)
                .first()
            )
            if pk:
                taken.add(pk)
            return pk

    plan = {
        "focal": focal,
        "reviewers": ["scale_reviewer0", "scale_reviewer1"],
        "planners": ["scale_planner0", "scale_planner1"],
        "password": "Scale#PUG2026",
        "pdf_dossiers": list(
            Dossier.objects.filter(status=Status.APPROVED).values_list("pk", flat=True)[
                :50
            ]
        ),
        "submitted": submitted,
    }
    began = datetime.datetime.now(datetime.UTC)
    server = http.Gunicorn(db, settings.SECRET_KEY, args.workers)
    try:
        outcome = mixed.run(server.url(""), plan, args.mixed_seconds)
    finally:
        server.stop()
    AliasRouter.alias = db.alias
    logged = dict(
        ActivityLog.objects.filter(created_at__gte=began)
        .values_list("action")
        .annotate(n=Count("pk"))
        .order_by()
    )
    expected = {}
    for kind, n in outcome["tally"].items():
        if kind in mixed.LOG_ACTIONS:
            action = mixed.LOG_ACTIONS[kind]
            expected[action] = expected.get(action, 0) + n
    lost = []
    now = dict(
        Dossier.objects.filter(pk__in=outcome["per_dossier"]).values_list(
            "pk", "version"
        )
    )
    for pk, writes in outcome["per_dossier"].items():
        if now[pk] - versions[pk] != writes:
            lost.append(
                f"dossier {pk}: version +{now[pk] - versions[pk]}, clients saw {writes} writes"
            )
    for pk, text in outcome["last_text"].items():
        if Dossier.objects.get(pk=pk).gap_policy != text:
            lost.append(f"dossier {pk}: its text is not the last save the client saw")
    outcome.update(logged=logged, expected=expected, lost=lost, focal=len(focal))
    log(
        f"  mixed: {dict(outcome['tally'])}, errors {len(outcome['errors'])}, "
        f"mismatches {len(lost)}"
    )
    return outcome


if __name__ == "__main__":
    sys.exit(main())
