"""What every section of bench/run shares: the databases (seeded by seed_scale,
reused while their marker matches), paired rounds and their statistics, and the
environment of the subprocesses."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATA = ROOT / "bench" / ".data"
FORBIDDEN = {"pug_portal", "test_pug_portal"}
# Several people benchmark on one server: BENCH_DB_PREFIX gives each their own
# databases (pug_bench_1k by default; e.g. pug_i14lists_1k).
PREFIX = os.environ.get("BENCH_DB_PREFIX", "pug_bench")


@dataclass(frozen=True)
class Size:
    """A seed_scale configuration: 100 units × 10 years × K dossiers."""

    label: str
    per_unit: int
    units: int = 100
    years: int = 10

    @property
    def dossiers(self) -> int:
        return self.units * self.years * self.per_unit


@dataclass(frozen=True)
class Database:
    vendor: str  # "sqlite" or "postgresql"
    size: Size
    pg_base: str = "postgres://postgres@127.0.0.1:5432"

    @property
    def name(self) -> str:
        return f"{PREFIX}_{self.size.label}"

    @property
    def url(self) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{DATA / (self.name + '.sqlite3')}"
        return f"{self.pg_base}/{self.name}"

    @property
    def alias(self) -> str:
        return f"{self.vendor}_{self.size.label}"


def env_for(db: Database, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": db.url,
        "DEBUG": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    env.update(extra)
    return env


def manage(db: Database, *args: str, **extra: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env_for(db, **extra),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def ensure_seeded(db: Database, *, reseed: bool, log) -> float | None:
    """Create, migrate and seed `db` unless it already holds this size; returns
    the seconds seed_scale took (None when the data was already there)."""
    if db.vendor == "postgresql":
        if db.name in FORBIDDEN:
            raise SystemExit(f"refusing to use the database {db.name}")
        _create_pg_database(db)
    else:
        DATA.mkdir(exist_ok=True)
    manage(db, "migrate", "--no-input")
    manage(db, "createcachetable")
    # a database seeded before closed years had summaries gets them, as an
    # upgraded installation does (evaluations/year_summaries.py)
    manage(db, "year_summaries")
    # Cached boards are pickled objects of the code that stored them: a database
    # last measured with other code (another branch) would serve them back, or
    # fail to unpickle them. Every run starts from an empty cache.
    manage(db, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    wanted = {
        "units": db.size.units,
        "years": db.size.years,
        "dossiers_per_unit": db.size.per_unit,
        "seed": 1,
    }
    if not reseed and _marker(db) == wanted:
        return None
    log(f"seeding {db.alias}: {db.size.dossiers:,} dossiers …")
    out = manage(
        db,
        "seed_scale",
        "--units",
        str(db.size.units),
        "--years",
        str(db.size.years),
        "--dossiers-per-unit",
        str(db.size.per_unit),
        "--force",
    )
    seconds = float(out.rsplit(" in ", 1)[1].split(" s;")[0])
    log(f"seeded {db.alias} in {seconds:.1f} s")
    return seconds


def _marker(db: Database) -> dict | None:
    code = (
        "import django, json; django.setup();"
        "from pug_portal.models import ActivityLog;"
        "m = ActivityLog.objects.filter(action='seed_scale.generated').first();"
        "print(json.dumps(m.data if m else None))"
    )
    done = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env_for(db, DJANGO_SETTINGS_MODULE="pug_portal.settings"),
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return None


def _create_pg_database(db: Database) -> None:
    import psycopg

    with psycopg.connect(f"{db.pg_base}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db.name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{db.name}"')


@dataclass
class Paired:
    """Rounds of (floor, measured) taken back to back."""

    floor: list[float] = field(default_factory=list)
    measured: list[float] = field(default_factory=list)

    def add(self, floor: float, measured: float) -> None:
        self.floor.append(floor)
        self.measured.append(measured)

    @property
    def ratios(self) -> list[float]:
        return [m / f for f, m in zip(self.floor, self.measured, strict=True) if f]

    def ratio_text(self) -> str:
        r = self.ratios
        if not r:
            return "–"
        return f"{x(statistics.median(r))} ({x(min(r), '')}–{x(max(r), '')})"

    def median_ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else float("nan")

    @staticmethod
    def med(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")


def x(ratio: float, sign: str = "×") -> str:
    """A ratio with the digits that matter (0.004× is not 0.00×)."""
    return f"{ratio:.2f}{sign}" if ratio >= 0.1 else f"{ratio:.2g}{sign}"


def machine_line() -> str:
    import django

    load = os.getloadavg()
    return (
        f"Python {sys.version.split()[0]}, Django {django.get_version()}, "
        f"{os.cpu_count()} CPUs, load average at the end "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min)"
    )
