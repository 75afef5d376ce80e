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

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from evaluations import board_cache, charts, extensions
from evaluations.filters import BudgetLineRecordFilter, DossierRecordFilter
from evaluations.forms.dashboard import CityFilterForm, YearForm
from evaluations.models import Classification
from evaluations.selectors import dashboard_city, dashboard_unit
from evaluations.selectors import dossiers as selectors
from evaluations.views.arg import total_belanja_inline_form
from focal_points.filters import PERANGKAT_DAERAH
from focal_points.models import AwardResult, Unit, today
from pug_portal.permissions import permission_required, scoped
from pug_portal.views import list_page, query_year

CLASS_ICONS = {
    Classification.BAIK: "bi-check2-circle",
    Classification.CUKUP: "bi-circle-half",
    Classification.KURANG: "bi-dash-circle",
}


def _year_param(request: HttpRequest) -> int | None:
    return query_year(request)


# --- the city dashboard ---


def sort_links(current: str) -> dict[str, dict[str, str]]:
    """For each sortable column of the board: the ?sort= a click on its header asks
    for (toggling the direction when it is already the sort; counts largest first,
    names A→Z on the first click) and its aria-sort."""
    descending = current.startswith("-")
    links = {}
    for key in dashboard_city.SORTS:
        active = current.lstrip("-") == key
        first = key if key in ("name", "type") else f"-{key}"
        links[key] = {
            "sort": (key if descending else f"-{key}") if active else first,
            "aria": ("descending" if descending else "ascending") if active else "",
        }
    return links


def city_dashboard_context(request: HttpRequest, year: int | None = None) -> dict:
    """Context of the city dashboard for `request.user` (a city reader: check
    "dashboard:city" before calling). `year` None → the `?year=` parameter, else the
    current cycle. Reads `?unit_type=` and `?sort=` for the board.
    Template: "evaluations/dashboard/city.html" (or include
    "evaluations/dashboard/includes/city_board.html" with this context)."""
    unit_type = request.GET.get("unit_type", "")
    if unit_type not in dashboard_city.UNIT_TYPE_CHOICES:
        unit_type = PERANGKAT_DAERAH
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") not in dashboard_city.SORTS:
        sort = dashboard_city.DEFAULT_SORT
    cached = city_board(
        year=_year_param(request) if year is None else year,
        unit_type=unit_type,
        sort=sort,
    )
    board = cached["board"]
    years = sorted({c.year for c in board.cycles} | {board.year} - {None}, reverse=True)
    form = CityFilterForm(
        {"year": board.year, "unit_type": unit_type, "sort": sort}, years=years
    )
    form.is_valid()
    links = sort_links(sort)
    columns = cached["extra_columns"]
    return {
        "board": board,
        # [(label, {unit id: Cell})]: columns other apps add (evaluations.extensions)
        "extra_columns": columns,
        "form": form,
        "sort": sort,
        "unit_type": unit_type,
        # The same rows in the lists behind the figures (their filter has no "ALL").
        "records_unit_type": "" if unit_type == dashboard_city.ALL_UNITS else unit_type,
        "sort_links": links,
        "status_headers": [(c, links[c.key.lower()]) for c in board.column_totals],
        "classes": [
            (value, label, CLASS_ICONS[value], board.classification.get(value, 0))
            for value, label in Classification.choices
        ],
        "charts": cached["charts"],
        # the city's latest APE/PPE result, with a link to the whole history
        "latest_award": cached["latest_award"],
    }


def city_board(*, year: int | None, unit_type: str, sort: str) -> dict:
    """The board, the columns other apps add to it and its rendered charts, from the
    cache when the data has not changed since they were built (board_cache): a
    repeat view runs none of their queries and renders no chart."""

    def build() -> dict:
        board = dashboard_city.city_dashboard(
            year=year, unit_type=unit_type, sort=sort, on=on
        )
        units = [r.unit for r in board.rows]
        return {
            "board": board,
            "extra_columns": extensions.board_columns(board.year, units),
            "charts": charts.city_charts(board) if board.year is not None else {},
            "latest_award": AwardResult.objects.order_by("-year", "framework").first(),
        }

    on = today()
    key = board_cache.board_key(year=year, unit_type=unit_type, sort=sort, on=on)
    return board_cache.cached_board(key, build)


@permission_required("dashboard:city")
def city_dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request, "evaluations/dashboard/city.html", city_dashboard_context(request)
    )


# --- the unit dashboard ---


@scoped(Unit, "dashboard:unit")
def unit_dashboard(request: HttpRequest, unit: Unit) -> HttpResponse:
    board = dashboard_unit.unit_dashboard(unit=unit, year=_year_param(request))
    form = YearForm({"year": board.year}, years=[c.year for c in board.cycles])
    form.is_valid()
    has_arg = board.year is not None and board.city_arg_percent is not None
    context = {
        "board": board,
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
        totals=selectors.budget_line_totals(lines.qs),
    )
