"""Key-set ("seek") pagination for the lists that grow with the years (dossiers,
the review queue, budget lines, the lists behind the dashboard's figures).

`?page=N` with OFFSET makes the database read and throw away every row before the
page: the last page of 10,000 dossiers read all 10,000 (8× the first page at
100,000 dossiers). Here the links carry the boundary row instead:

  ?after=<id>&page=N    the rows after dossier <id> in the list's order (next)
  ?before=<id>&page=N   the rows before it, read in reverse and turned round (previous)
  ?page=last            the last rows, read in reverse (as cheap as the first page)
  ?page=N (N small)     OFFSET, for typed or bookmarked numbers up to OFFSET_PAGES

`page` only numbers the page for the reader ("Halaman 7 dari 200"); the rows come
from the boundary, which is looked up in the filtered, scoped list itself (one
query), so an id outside it, or any garbage, shows the first page, never a 500.
The condition is built from the list's own ordering (each key ascending or
descending, NULLs last as `SortFilter` sorts them, the primary key last), so every
sort of every list keeps working. A list ordered by anything but fields and
annotations falls back to Django's Paginator.

Lists whose order starts with a few large groups (the dossiers by year and unit,
the budget lines by unit and year: `seek_groups` on their FilterSet) are read
group by group instead (`grouped_page`): one aggregate query counts each group's
rows — it replaces the COUNT — and the page is read from the groups it falls in
through the (unit, cycle) and (unit, year) indexes. Any page number then costs
what the first does, and the links are plain page numbers. Measured on
PostgreSQL, 100,000 ÷ 1,000 dossiers: the dossier list 4.3× → 0.9×, its last
page 8.1× → 1.0×, /budget/ 4.3× → 1.1× (bench/run --section pages).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Count, F, OrderBy, Q, QuerySet
from django.utils.translation import gettext_lazy as _

# Typed page numbers up to this one are served by OFFSET (cheap enough at 50 rows a
# page); deeper ones show the first page with a message: links never need them.
OFFSET_PAGES = 20
DEEP_PAGE_MESSAGE = _(
    "Halaman sejauh itu tidak dapat dibuka langsung. Gunakan tombol Berikutnya, "
    "Terakhir, atau persempit daftar dengan penyaring (tahun, perangkat daerah, "
    "status)."
)


@dataclass(frozen=True)
class Key:
    """One key of the list's order: a field path or annotation, its direction and
    whether it may be NULL (then NULLs come last, both ways)."""

    path: str
    descending: bool
    nullable: bool

    def order(self, *, reverse: bool = False) -> OrderBy:
        descending = self.descending != reverse
        expression = F(self.path)
        if not self.nullable:
            # No NULLS clause: PostgreSQL matches "x DESC" to an index read
            # backwards, not "x DESC NULLS LAST".
            return expression.desc() if descending else expression.asc()
        # NULLs last in the list's order, so first when it is read in reverse.
        nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
        return expression.desc(**nulls) if descending else expression.asc(**nulls)

    def beyond(self, value, *, reverse: bool = False) -> Q | None:
        """Rows strictly past `value` in the list's order (before it when
        `reverse`); None when no row can be."""
        past_value = "gt" if self.descending == reverse else "lt"
        if not self.nullable:
            return Q(**{f"{self.path}__{past_value}": value})
        if reverse:
            if value is None:
                return Q(**{f"{self.path}__isnull": False})
            return Q(**{f"{self.path}__{past_value}": value})
        if value is None:
            return None
        return Q(**{f"{self.path}__{past_value}": value}) | Q(
            **{f"{self.path}__isnull": True}
        )

    def equal(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.path}__isnull": True})
        return Q(**{self.path: value})


def order_keys(queryset: QuerySet) -> list[Key] | None:
    """The queryset's ordering as keys ending with the primary key, or None when
    some part of it is not a field or an annotation (then no seek)."""
    query = queryset.query
    ordering = query.order_by or (
        query.get_meta().ordering if query.default_ordering else ()
    )
    keys: list[Key] = []
    for item in ordering:
        if isinstance(item, str):
            if item == "?" or "." in item:
                return None
            path, descending = item.lstrip("-"), item.startswith("-")
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            path, descending = item.expression.name, item.descending
        else:
            return None
        if path in ("pk", "id", queryset.model._meta.pk.name):
            keys.append(Key("pk", descending, nullable=False))
            return keys
        keys.append(Key(path, descending, _nullable(queryset, path)))
    keys.append(Key("pk", False, nullable=False))
    return keys


def _nullable(queryset: QuerySet, path: str) -> bool:
    if path in queryset.query.annotations:
        return True  # a subquery's value: no row may be there
    model = queryset.model
    parts = path.split("__")
    for at, name in enumerate(parts):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return True
        if field.null:
            return True
        if at < len(parts) - 1:
            if not field.is_relation or field.many_to_many or field.one_to_many:
                return True
            model = field.related_model
    return False


def seek_condition(keys: list[Key], values: dict, *, reverse: bool) -> Q:
    """Rows past the boundary row (`values`: key path → its value): past it on the
    first key, or equal on the first and past it on the second, and so on."""
    condition = Q(pk__in=[])
    equal = Q()
    for key in keys:
        value = values[key.path]
        beyond = key.beyond(value, reverse=reverse)
        if beyond is not None:
            condition |= equal & beyond
        equal &= key.equal(value)
    return condition


class SeekPaginator:
    """What templates read of a Paginator: `count` and `num_pages`."""

    def __init__(self, count: int, per_page: int):
        self.count = count
        self.per_page = per_page
        self.num_pages = max(1, math.ceil(count / per_page))


class SeekPage:
    """One page of a seek-paginated list, with the query parameters of its links
    (`first_query`, `previous_query`, `next_query`, `last_query`: dicts for
    {% querystring %}, None where there is no such page)."""

    seek = True

    def __init__(
        self,
        rows,
        *,
        number,
        paginator,
        has_previous,
        has_next,
        message="",
        numbered=False,
    ):
        self.object_list = rows
        # numbered: any page number is as cheap as the first (grouped_page), so the
        # links are plain page numbers
        self.numbered = numbered
        self.paginator = paginator
        self.number = min(max(number, 1), paginator.num_pages)
        self._has_previous = has_previous
        self._has_next = has_next
        self.message = message

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_previous(self) -> bool:
        return self._has_previous

    def has_next(self) -> bool:
        return self._has_next

    def has_other_pages(self) -> bool:
        return self._has_previous or self._has_next

    @property
    def first_query(self) -> dict | None:
        return _link(None) if self._has_previous else None

    @property
    def previous_query(self) -> dict | None:
        if not self._has_previous:
            return None
        if self.number <= 2 or self.numbered:
            return _link(self.number - 1)
        return _link(self.number - 1, before=self.object_list[0].pk)

    @property
    def next_query(self) -> dict | None:
        if not self._has_next:
            return None
        if self.numbered:
            return _link(self.number + 1)
        return _link(self.number + 1, after=self.object_list[-1].pk)

    @property
    def last_query(self) -> dict | None:
        return _link("last") if self._has_next else None


def _link(page, *, after=None, before=None) -> dict:
    return {"page": page, "after": after, "before": before}


def _param_id(params, name: str) -> int | None:
    value = params.get(name, "")
    if value.isascii() and value.isdecimal() and len(value) <= 10:
        number = int(value)
        if 1 <= number <= 2**31 - 1:
            return number
    return None


def _param_page(params) -> int | str | None:
    value = params.get("page", "")
    if value == "last":
        return "last"
    if value.isascii() and value.isdecimal() and len(value) <= 10:
        return int(value)
    return None


def seek_page(
    queryset: QuerySet, params, per_page: int, groups=None, count: int | None = None
):
    """The page of `queryset` the query parameters `params` ask for: a SeekPage,
    or a Django Page when the ordering cannot be sought. `groups` (order path →
    an indexed column of the model, e.g. {"unit__name": "unit_id"}): when the
    ordering starts with such keys, the page is read group by group
    (grouped_page). `count`: the number of rows when the caller knows it."""
    keys = order_keys(queryset)
    if keys is None:
        return Paginator(queryset, per_page).get_page(params.get("page"))
    forward = queryset.order_by(*(key.order() for key in keys))
    if groups and keys[0].path in groups and not keys[0].nullable:
        return grouped_page(forward, keys, groups, params, per_page)
    backward = queryset.order_by(*(key.order(reverse=True) for key in keys))
    paginator = SeekPaginator(queryset.count() if count is None else count, per_page)
    number = _param_page(params)
    after, before = _param_id(params, "after"), _param_id(params, "before")
    boundary = after or before
    if boundary and isinstance(number, int):
        values = forward.filter(pk=boundary).values(*(key.path for key in keys))
        values = next(iter(values), None)
        if values is not None:
            reverse = boundary == before
            rows = list(
                (backward if reverse else forward).filter(
                    seek_condition(keys, values, reverse=reverse)
                )[: per_page + 1]
            )
            more = len(rows) > per_page
            rows = rows[:per_page]
            if not rows:  # past the end (rows deleted since): the last page
                number = "last"
            elif reverse:
                rows.reverse()
                if not more:  # what was before is the beginning of the list
                    return _first(forward, paginator, per_page)
                return SeekPage(
                    rows,
                    number=number,
                    paginator=paginator,
                    has_previous=True,
                    has_next=True,
                )
            else:
                return SeekPage(
                    rows,
                    number=number if more else paginator.num_pages,
                    paginator=paginator,
                    has_previous=True,
                    has_next=more,
                )
    if number == "last" or (
        isinstance(number, int) and number >= paginator.num_pages > 1
    ):
        size = paginator.count - (paginator.num_pages - 1) * per_page
        rows = list(backward[:size])
        rows.reverse()
        return SeekPage(
            rows,
            number=paginator.num_pages,
            paginator=paginator,
            has_previous=paginator.num_pages > 1,
            has_next=False,
        )
    if isinstance(number, int) and 1 < number <= OFFSET_PAGES:
        start = (number - 1) * per_page
        rows = list(forward[start : start + per_page + 1])
        return SeekPage(
            rows[:per_page],
            number=number,
            paginator=paginator,
            has_previous=True,
            has_next=len(rows) > per_page,
        )
    message = DEEP_PAGE_MESSAGE if isinstance(number, int) and number > 1 else ""
    return _first(forward, paginator, per_page, message=message)


def _first(forward: QuerySet, paginator, per_page: int, message="") -> SeekPage:
    rows = list(forward[: per_page + 1])
    return SeekPage(
        rows[:per_page],
        number=1,
        paginator=paginator,
        has_previous=False,
        has_next=len(rows) > per_page,
        message=message,
    )


def grouped_page(forward: QuerySet, keys: list[Key], groups, params, per_page: int):
    """Any page of a list ordered first by keys that split it into a few groups
    (a year's units, the cycles): one aggregate query counts each group's rows
    (it is the list's count, so no query is added), then the page's rows are read
    from the groups it falls in only, through their index. Page 200 of 10,000
    dossiers reads a unit's hundred, not the 10,000 rows before it."""
    lead = []
    for key in keys:
        if key.path not in groups or key.nullable:
            break
        lead.append(key)
    columns = [groups[key.path] for key in lead]
    # in the database's order: its collation, not Python's, sorts the names
    counted = (
        forward.order_by()
        .values(*columns, *(key.path for key in lead))
        .annotate(seek_n=Count("pk"))
        .order_by(*(key.order() for key in lead), *columns)
    )
    # groups equal on every leading key are read together (their rows interleave)
    merged: list[tuple[tuple, list[dict], int]] = []
    for row in counted:
        value = tuple(row[key.path] for key in lead)
        if merged and merged[-1][0] == value:
            merged[-1][1].append(row)
            merged[-1] = (value, merged[-1][1], merged[-1][2] + row["seek_n"])
        else:
            merged.append((value, [row], row["seek_n"]))
    paginator = SeekPaginator(sum(group[2] for group in merged), per_page)
    number = _param_page(params)
    if number == "last":
        number = paginator.num_pages
    elif not isinstance(number, int) or number < 1:
        number = 1
    number = min(number, paginator.num_pages)
    offset, wanted = (number - 1) * per_page, per_page + 1
    start, first, condition = 0, None, Q(pk__in=[])
    for _value, rows, n in merged:
        if start + n > offset and start < offset + wanted:
            first = start if first is None else first
            for row in rows:
                condition |= Q(**{column: row[column] for column in columns})
        start += n
    rows = []
    if first is not None:
        skip = offset - first
        rows = list(forward.filter(condition)[skip : skip + wanted])
    return SeekPage(
        rows[:per_page],
        number=number,
        paginator=paginator,
        has_previous=number > 1,
        has_next=len(rows) > per_page,
        numbered=True,
    )
