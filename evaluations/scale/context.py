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
import functools
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.base import ModelState
from django.utils import timezone

from evaluations.scale.load import CopyBehind, copy_rows
from evaluations.scale.words import TextPool

M = TypeVar("M", bound=models.Model)


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
    writer: CopyBehind | None = None  # set inside `copy_behind()`
    copy_options: str = ""  # appended to COPY … FROM STDIN (load.COPY_OPTIONS)
    _windows: dict[int, tuple] = field(default_factory=dict, repr=False)

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
            bulk_insert(
                objs,
                first_pk=start + 1,
                writer=self.writer,
                copy_options=self.copy_options,
            )
            self.next_pk[model] = start + len(objs)
            self.counts[model._meta.label] += len(objs)
        return objs

    @contextlib.contextmanager
    def copy_behind(self) -> Iterator[None]:
        """Inside: on PostgreSQL, `bulk` hands the rows to a thread that COPYs
        them while this one generates the next (see `CopyBehind`); every row is
        written when the block ends. A query in the block waits for the COPY in
        progress but does not see the rows still queued: only `bulk`'s own look-up
        of a model's first key (before any row of that model is queued) runs
        there."""
        if connection.vendor != "postgresql":
            yield
            return
        connection.ensure_connection()
        self.writer = CopyBehind(connection.connection)
        try:
            yield
        except BaseException:
            self.writer.close(failed=True)
            raise
        else:
            self.writer.close()
        finally:
            self.writer = None

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
        current year (nothing is dated in the future); worked out once a year."""
        window = self._windows.get(year)
        if window is None:
            window = self._windows[year] = self._year_window(year)
        return window

    def _year_window(self, year: int) -> tuple[datetime.datetime, datetime.datetime]:
        start = aware(datetime.date(year, 1, 15))
        end = aware(datetime.date(year, 12, 20))
        today = self.config.reference_date
        if year == self.current_year:
            end = min(end, aware(today))
        return start, max(end, start + datetime.timedelta(days=1))


def _max_pk(model: type[models.Model]) -> int:
    return model.objects.aggregate(m=models.Max("pk"))["m"] or 0


def bulk_insert(
    objs: list[models.Model],
    *,
    first_pk: int,
    writer: CopyBehind | None = None,
    copy_options: str = "",
) -> None:
    """Write `objs` with COPY (PostgreSQL) or one executemany (SQLite).

    bulk_create compiles one SQL parameter per field and row through the ORM's
    insert compiler, which was most of the generator's time (298 s for 100,000
    dossiers on PostgreSQL); this keeps the model instances and Django's value
    preparation but sends the rows the cheapest way each database has. Primary keys
    are assigned here (COPY returns none), from `first_pk` on. A row is read
    straight from the instance's attributes; only the columns whose values the
    driver cannot take as they are go through a preparer (see `_preparer`). The
    rows are read here, at the call; with a `writer` (PostgreSQL) they are sent
    from its thread."""
    model = type(objs[0])
    conn = connections[DEFAULT_DB_ALIAS]  # not the proxy: one lookup, not one a value
    fields = model._meta.concrete_fields
    attnames = [f.attname for f in fields]
    fixes = [(i, p) for i, f in enumerate(fields) if (p := _preparer(f, conn))]
    # A foreign key whose object was assigned before it had its primary key.
    late_keys = [(i, f.cache_name) for i, f in enumerate(fields) if f.is_relation]
    pk_attname = model._meta.pk.attname
    for pk, obj in enumerate(objs, first_pk):
        obj.__dict__[pk_attname] = pk
        obj._state.adding = False

    rows = []
    for obj in objs:
        values = obj.__dict__
        row = [values[a] for a in attnames]
        for i, cache_name in late_keys:
            if row[i] is None and (cached := obj._state.fields_cache.get(cache_name)):
                row[i] = cached.pk
        for i, prepare in fixes:
            row[i] = prepare(row[i], obj)
        rows.append(row)

    table = conn.ops.quote_name(model._meta.db_table)
    columns = ", ".join(conn.ops.quote_name(f.column) for f in fields)
    if conn.vendor == "postgresql":
        statement = f"COPY {table} ({columns}) FROM STDIN{copy_options}"
        if writer is not None:
            writer.put(statement, rows)
            return
        with conn.cursor() as cursor:
            copy_rows(cursor.cursor, statement, rows)
    else:
        marks = ", ".join(["%s"] * len(fields))
        with conn.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows
            )


PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.AutoField,
)


def _preparer(f: models.Field, conn) -> Callable[[Any, Any], Any] | None:
    """How one field's value is turned into what the database driver takes: None
    when it goes as it is (text, numbers, booleans, keys: what Django would do too);
    otherwise a function of (value, instance). On PostgreSQL an aware datetime, a
    date and a Decimal (or an int for one) also go as they are — Django's PostgreSQL operations return
    them unchanged (psycopg adapts them) —, anything else through the field's own
    get_db_prep_save (SQLite's dates and times, JSON)."""
    if f.is_relation or isinstance(f, PLAIN):  # a foreign key: bulk_insert's late_keys
        return None

    def prepared(value, obj):
        return f.get_db_prep_save(value, conn)

    if conn.vendor != "postgresql":
        return prepared
    if isinstance(f, models.DateTimeField):

        def moment(value, obj):
            if value is None or (type(value) is datetime.datetime and value.tzinfo):
                return value
            return prepared(value, obj)

        return moment
    if isinstance(f, models.DateField):
        return lambda value, obj: (
            value
            if value is None or type(value) is datetime.date
            else prepared(value, obj)
        )
    if isinstance(f, models.DecimalField):
        # an int (the L/P counts) is written as the Decimal it would become
        return lambda value, obj: (
            value
            if value is None or type(value) is Decimal or type(value) is int
            else prepared(value, obj)
        )
    return prepared


def build(model: type[M], **values: Any) -> M:
    """`model(**values)` for a generated row, without Model.__init__'s per-field
    work (a quarter of a 100,000-dossier run went there): the field defaults are
    worked out once per model, a related object is stored as its key and kept in
    the instance's cache, as the descriptor would. No signals are sent (no model
    of the portal listens to pre_init or post_init)."""
    defaults, factories, relations, names = _blueprint(model)
    obj = model.__new__(model)
    obj._state = state = ModelState()
    own = obj.__dict__
    own.update(defaults)
    for attname, factory in factories:
        if attname not in values:
            own[attname] = factory()
    if not values.keys() <= names:
        unknown = sorted(values.keys() - names)
        raise TypeError(f"{model.__name__} has no field {unknown[0]!r}")
    own.update(values)  # every value at once; the related objects are moved below
    for name in relations.keys() & values.keys():
        attname, target = relations[name]
        value = own.pop(name)
        own[attname] = None if value is None else getattr(value, target)
        state.fields_cache[name] = value
    return obj


@functools.cache
def _blueprint(model: type[models.Model]):
    defaults, factories, relations, names = {}, [], {}, set()
    for f in model._meta.concrete_fields:
        names |= {f.name, f.attname}
        if f.is_relation:
            relations[f.name] = (f.attname, f.target_field.attname)
        if f.has_default() and callable(f.default):
            factories.append((f.attname, f.default))
        else:
            defaults[f.attname] = f.get_default()
    return defaults, factories, relations, frozenset(names)


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """`hour` o'clock on `day` in the project's time zone."""
    return _aware(day, hour, settings.TIME_ZONE)


@functools.cache  # make_aware looks the current zone up in a context-local each time
def _aware(day: datetime.date, hour: int, zone: str) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(hour))
    return timezone.make_aware(moment, timezone.get_default_timezone())


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
