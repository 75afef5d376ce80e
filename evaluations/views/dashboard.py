"""Dashboards: the city compliance board with headline figures and charts,
one unit's dashboard, and the two filtered lists every figure links to.

The city dashboard is built by `city_dashboard_context(request, year)` so the home page
can show the same board for city readers. Every number links to the records behind
it, and the templates build those links: dossiers at /dashboard/dossiers/, budget
lines at /dashboard/budget-lines/, units at /units/, focal points at /focal-points/.
The figures come from evaluations.selectors.dashboard_city / dashboard_unit, the
charts from evaluations.charts.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from evaluations import board_cache, charts, extensions
from evaluations.filters import BudgetLineRecordFilter, DossierRecordFilter
from evaluations.forms.dashboard import CityFilterForm, YearForm
from evaluations.models import Classification
from evaluations.selectors import dashboard_city, dashboard_unit
from evaluations.selectors import dossiers as selectors
from evaluations.selectors.dashboard import NOT_STARTED
from evaluations.views.arg import total_belanja_inline_form
from focal_points.filters import PERANGKAT_DAERAH
from focal_points.models import AwardResult, Unit, today
from pug_portal import views as portal_views
from pug_portal.permissions import permission_required, scoped, user_has_perm
from pug_portal.seek import seek_page
from pug_portal.views import list_page, query_year

CLASS_ICONS = {
    Classification.BAIK: "bi-check2-circle",
    Classification.CUKUP: "bi-circle-half",
    Classification.KURANG: "bi-dash-circle",
}


def _year_param(request: HttpRequest) -> int | None:
    return query_year(request)


# --- the city dashboard ---


def board_query(*, year: int | None, unit_type: str, sort: str, **changes) -> str:
    """The query string of the board with `changes`: the year asked for (none: the
    current cycle's, as the request had it), the unit type when not the default, the
    sort. Built from the cache key's parameters only, never from the request: the
    cached page must not echo whatever else a URL carried."""
    params = {"year": year, "unit_type": unit_type, "sort": sort} | changes
    if params["unit_type"] == PERANGKAT_DAERAH:
        params["unit_type"] = None
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def sort_links(current: str, **query) -> dict[str, dict[str, str]]:
    """For each sortable column of the board: the ?sort= a click on its header asks
    for (toggling the direction when it is already the sort; counts largest first,
    names A→Z on the first click), its aria-sort and the link's query string
    (`query`: the board's year and unit type, for board_query)."""
    descending = current.startswith("-")
    links = {}
    for key in dashboard_city.SORTS:
        active = current.lstrip("-") == key
        first = key if key in ("name", "type") else f"-{key}"
        sort = (key if descending else f"-{key}") if active else first
        links[key] = {
            "sort": sort,
            "aria": ("descending" if descending else "ascending") if active else "",
            "href": board_query(sort=sort, **query),
        }
    return links


def board_params(request: HttpRequest, year: int | None = None) -> dict:
    """The board's parameters, normalised: `year` (None → ?year=, None again → the
    current cycle), `unit_type` and `sort` (unknown values → the defaults)."""
    unit_type = request.GET.get("unit_type", "")
    if unit_type not in dashboard_city.UNIT_TYPE_CHOICES:
        unit_type = PERANGKAT_DAERAH
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") not in dashboard_city.SORTS:
        sort = dashboard_city.DEFAULT_SORT
    year = _year_param(request) if year is None else year
    return {"year": year, "unit_type": unit_type, "sort": sort}


def city_dashboard_context(request: HttpRequest, year: int | None = None) -> dict:
    """Context of the city dashboard for `request.user` (a city reader: check
    "dashboard:city" before calling). `year` None → the `?year=` parameter, else the
    current cycle. Reads `?unit_type=` and `?sort=` for the board.
    Template: "evaluations/dashboard/city.html" (or include
    "evaluations/dashboard/includes/city_board.html" with this context).

    The board's HTML comes from the cache (`city_board_page`): a repeat view runs no
    figure query and renders neither charts nor the board. `board` is then computed
    only if something reads it (a test, another page)."""
    params = board_params(request, year)
    page = city_board_page(**params)
    user = request.user
    per_request = {
        "board_page": page,
        # the notices between the cached fragments: what this user can do next
        "can_manage_cycles": user_has_perm(user, "cycles:manage"),
        "can_edit_budget": user_has_perm(user, "budget:edit"),
    }
    if page.board is None:
        return per_request | {"board": SimpleLazyObject(partial(_board, params))}
    return board_context(page.board, page.extra, **params) | per_request


def _board(params: dict) -> dashboard_city.CityDashboard:
    return dashboard_city.city_dashboard(**params, on=today())


def board_context(
    board: dashboard_city.CityDashboard, extra: dict, *, year, unit_type, sort
) -> dict:
    """What the board's cached fragments are rendered with: nothing of the user or
    the request (no `request`, `user`, `perms` or CSRF token in it)."""
    years = sorted({c.year for c in board.cycles} | {board.year} - {None}, reverse=True)
    form = CityFilterForm(
        {"year": board.year, "unit_type": unit_type, "sort": sort}, years=years
    )
    form.is_valid()
    query = {"year": year, "unit_type": unit_type}
    links = sort_links(sort, **query)
    return {
        "board": board,
        # [(label, {unit id: Cell})]: columns other apps add (evaluations.extensions)
        "extra_columns": extra["extra_columns"],
        # headline figures other apps add (evaluations.extensions)
        "extra_figures": extra.get("extra_figures", []),
        "form": form,
        "sort": sort,
        "unit_type": unit_type,
        # The same rows in the lists behind the figures (their filter has no "ALL").
        "records_unit_type": "" if unit_type == dashboard_city.ALL_UNITS else unit_type,
        "sort_links": links,
        "all_units_query": board_query(
            year=board.year, unit_type=dashboard_city.ALL_UNITS, sort=sort
        ),
        "status_headers": [(c, links[c.key.lower()]) for c in board.column_totals],
        "classes": [
            (value, label, CLASS_ICONS[value], board.classification.get(value, 0))
            for value, label in Classification.choices
        ],
        "charts": extra["charts"],
        # the city's latest APE/PPE result, with a link to the whole history
        "latest_award": extra["latest_award"],
    }


@dataclass
class BoardPage:
    """The board as the cache keeps it: its two HTML fragments (above and below
    the per-user notices) and the two facts those notices depend on. `board` and
    `extra` are set only when the page was just built (not pickled)."""

    head: str
    body: str
    year: int | None
    empty: bool
    board: dashboard_city.CityDashboard | None = None
    extra: dict | None = None

    def __getstate__(self) -> dict:
        # The HTML compressed: the database cache stores values as base64 text,
        # and 330 KB of board read, decoded and unpickled on every view cost more
        # than inflating 40 KB (zlib level 1: ~2 ms once per build).
        return {
            "head": zlib.compress(self.head.encode(), 1),
            "body": zlib.compress(self.body.encode(), 1),
            "year": self.year,
            "empty": self.empty,
        }

    def __setstate__(self, state: dict) -> None:
        head, body = (zlib.decompress(state[k]).decode() for k in ("head", "body"))
        self.__init__(head, body, state["year"], state["empty"])


def city_board_page(*, year: int | None, unit_type: str, sort: str) -> BoardPage:
    """The board's HTML, from the cache when the data has not changed since it was
    built (board_cache): a repeat view runs none of its queries, renders no chart
    and no template of the board."""
    on = today()

    def build() -> BoardPage:
        board = dashboard_city.city_dashboard(
            year=year, unit_type=unit_type, sort=sort, on=on
        )
        units = [r.unit for r in board.rows]
        extra = {
            "extra_columns": extensions.board_columns(board.year, units),
            "extra_figures": extensions.board_figures(board.year),
            "charts": charts.city_charts(board) if board.year is not None else {},
            "latest_award": AwardResult.objects.order_by("-year", "framework").first(),
        }
        # Rendered without the request: no context processor runs, so nothing
        # of the user (their name, permissions, CSRF token) can enter the cache.
        context = board_context(board, extra, year=year, unit_type=unit_type, sort=sort)
        return BoardPage(
            head=render_to_string(BOARD_HEAD, context),
            body=render_to_string(BOARD_BODY, context) if board.year else "",
            year=board.year,
            empty=not board.dossiers_total and not board.status_totals.get(NOT_STARTED),
            board=board,
            extra=extra,
        )

    key = board_cache.board_key(year=year, unit_type=unit_type, sort=sort, on=on)
    page = board_cache.cached_board(key, build)
    page.head, page.body = mark_safe(page.head), mark_safe(page.body)  # noqa: S308 - our render
    return page


BOARD_HEAD = "evaluations/dashboard/includes/city_board_head.html"
BOARD_BODY = "evaluations/dashboard/includes/city_board_body.html"


@permission_required("dashboard:city")
def city_dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request, "evaluations/dashboard/city.html", city_dashboard_context(request)
    )


# --- the unit dashboard ---


@scoped(Unit, "dashboard:unit")
def unit_dashboard(request: HttpRequest, unit: Unit) -> HttpResponse:
    board = dashboard_unit.unit_dashboard(unit=unit, year=_year_param(request))
    page = None
    if board.dossier_query is not None:
        listed = sum(n for key, n in board.counts.items() if key != NOT_STARTED)
        # read at call time, as list_page does (tests make pages small)
        per_page = portal_views.PAGE_SIZE
        page = seek_page(board.dossier_query, request.GET, per_page, count=listed)
        board.dossiers = page.object_list
    form = YearForm({"year": board.year}, years=[c.year for c in board.cycles])
    form.is_valid()
    has_arg = board.year is not None and board.city_arg_percent is not None
    context = {
        "board": board,
        "page": page,
        "unit": unit,
        "form": form,
        "unit_facts": extensions.unit_facts(unit, board.year),
        "arg_chart": charts.unit_arg_chart(board) if has_arg else None,
        "total_form": total_belanja_inline_form(request.user, unit, board),
    }
    return render(request, "evaluations/dashboard/unit.html", context)


# --- the lists behind the figures ---


@permission_required("dossiers:view")
def dossier_records(request: HttpRequest) -> HttpResponse:
    dossiers = DossierRecordFilter(
        request.GET, selectors.dossier_list(user=request.user), request=request
    )
    return list_page(
        request,
        "evaluations/dashboard/dossier_records.html",
        dossiers,
        seek=True,
        class_choices=Classification.choices,
    )


@permission_required("budget:view")
def budget_line_records(request: HttpRequest) -> HttpResponse:
    lines = BudgetLineRecordFilter(
        request.GET, selectors.budget_line_records(user=request.user), request=request
    )
    return list_page(
        request,
        "evaluations/dashboard/budget_line_records.html",
        lines,
        seek=True,
        totals=selectors.budget_line_totals(lines.qs),
    )
