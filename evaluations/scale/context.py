"""What every generator step shares: the run's settings, seeded random streams,
the objects earlier steps made, bulk inserts that count what they wrote, and the
timestamp helpers.

Each step draws from its own stream (`ctx.rng("step", key…)`), seeded from the run's
seed and the step's name: adding a step later changes nothing that the existing
steps generate for the same seed.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from evaluations.scale.words import TextPool


@dataclass(frozen=True)
class ScaleConfig:
    units: int
    years: int
    dossiers_per_unit: int
    seed: int = 1
    last_year: int = 0  # 0: the current year
    today: datetime.date | None = None  # None: today

    @property
    def year_list(self) -> list[int]:
        last = self.last_year or self.reference_date.year
        return list(range(last - self.years + 1, last + 1))

    @property
    def reference_date(self) -> datetime.date:
        return self.today or timezone.localdate()


@dataclass
class ScaleContext:
    config: ScaleConfig
    counts: Counter = field(default_factory=Counter)
    # filled by the steps, read by later ones
    units: list[Any] = field(default_factory=list)
    cycles: dict[int, Any] = field(default_factory=dict)
    users: dict[str, list[Any]] = field(default_factory=dict)
    focal_user_by_unit: dict[int, Any] = field(default_factory=dict)
    persons_by_unit_year: dict[tuple[int, int], list[Any]] = field(default_factory=dict)
    next_pk: dict[type[models.Model], int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step

    def __post_init__(self) -> None:
        self.pool = TextPool(self.rng("words"))

    def rng(self, *keys: object) -> random.Random:
        """A random stream of its own for `keys` (a step name, then any keys)."""
        return random.Random(":".join(str(k) for k in (self.config.seed, *keys)))

    def bulk(self, objs: Iterable[models.Model]) -> list[models.Model]:
        """Insert `objs` (all of one model) in bulk, primary keys assigned here;
        counts the rows per model. See `bulk_insert` for why not bulk_create."""
        objs = list(objs)
        if objs:
            model = type(objs[0])
            start = self.next_pk.get(model, 0) or _max_pk(model)
            bulk_insert(objs, first_pk=start + 1)
            self.next_pk[model] = start + len(objs)
            self.counts[model._meta.label] += len(objs)
        return objs

    def reset_sequences(self) -> None:
        """Let the database's id sequences continue after the ids assigned here."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_pk))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    @property
    def years(self) -> list[int]:
        return self.config.year_list

    @property
    def current_year(self) -> int:
        return self.years[-1]

    def year_window(self, year: int) -> tuple[datetime.datetime, datetime.datetime]:
        """From the cycle's opening to the end of its year, or to now for the
        current year (nothing is dated in the future)."""
        start = aware(datetime.date(year, 1, 15))
        end = aware(datetime.date(year, 12, 20))
        today = self.config.reference_date
        if year == self.current_year:
            end = min(end, aware(today))
        return start, max(end, start + datetime.timedelta(days=1))


def _max_pk(model: type[models.Model]) -> int:
    return model.objects.aggregate(m=models.Max("pk"))["m"] or 0


def bulk_insert(objs: list[models.Model], *, first_pk: int) -> None:
    """Write `objs` with COPY (PostgreSQL) or one executemany (SQLite).

    bulk_create compiles one SQL parameter per field and row through the ORM's
    insert compiler, which was most of the generator's time (298 s for 100,000
    dossiers on PostgreSQL); this keeps the model instances and Django's value
    preparation but sends the rows the cheapest way each database has. Primary keys
    are assigned here (COPY returns none), from `first_pk` on."""
    model = type(objs[0])
    fields = model._meta.concrete_fields
    prepare = [_preparer(f) for f in fields]
    for pk, obj in enumerate(objs, first_pk):
        obj.pk = pk
        obj._state.adding = False
    rows = (
        [p(getattr(obj, f.attname), obj) for f, p in zip(fields, prepare, strict=True)]
        for obj in objs
    )
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(rows)
            )


PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.AutoField,
)


def _preparer(f: models.Field):
    """How one field's value is turned into what the database driver takes:
    as is for text, numbers and booleans (what Django would do too), through
    the field's own get_db_prep_save for the rest (dates, decimals, JSON)."""
    if f.is_relation:

        def related(value, obj):
            if value is None and (cached := f.get_cached_value(obj, None)):
                return cached.pk
            return value

        return related
    if isinstance(f, PLAIN):
        return lambda value, obj: value
    return lambda value, obj: f.get_db_prep_save(value, connection)


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def spread(
    rng: random.Random, start: datetime.datetime, end: datetime.datetime, n: int
) -> list[datetime.datetime]:
    """n sorted moments between start and end."""
    span = (end - start).total_seconds()
    return [
        start + datetime.timedelta(seconds=int(f * span))
        for f in sorted(rng.random() for _ in range(n))
    ]


@contextlib.contextmanager
def dated_by_hand() -> Iterator[None]:
    """Let the generator write created/updated timestamps of its own: auto_now and
    auto_now_add would stamp every generated row with the moment of the run, so
    ten years of history would all read 'today'."""
    changed = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                changed.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in changed:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
