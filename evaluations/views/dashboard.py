"""Dashboards (issue 5): the city compliance board with headline figures and charts,
one unit's dashboard, and the two filtered lists every figure links to.

The city dashboard is built by `city_dashboard_context(request, year)` so the home page
can show the same board for city readers. Every number links to the records behind it
through `records_url()`: dossiers at /dashboard/dossiers/, budget lines at
/dashboard/budget-lines/, units at /units/, focal points at /focal-points/.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from evaluations.models import Classification
from evaluations.selectors import dashboard
from evaluations.selectors.dashboard import NOT_STARTED, STATUS_COLUMNS, RecordFilters
from evaluations.workflow import Status
from focal_points.models import Sex, Unit, UnitType
from pug_portal import charts
from pug_portal.forms import FilterFormMixin
from pug_portal.permissions import permission_required, require_perm
from pug_portal.views import PAGE_SIZE

CLASS_ICONS = {
    Classification.RESPONSIF: "bi-check2-circle",
    Classification.SENSITIF: "bi-circle-half",
    Classification.NETRAL: "bi-dash-circle",
}


# --- links to the records behind a figure ---


def records_url(kind: str = "dossiers", **params: Any) -> str:
    """URL of the list behind a figure: `kind` is "dossiers", "lines", "units" or
    "people"; empty parameters are left out."""
    names = {
        "dossiers": "evaluations:dashboard_dossiers",
        "lines": "evaluations:dashboard_budget_lines",
        "units": "focal_points:unit_list",
        "people": "focal_points:directory",
    }
    query = {k: v for k, v in params.items() if v not in (None, "", False)}
    for key, value in query.items():
        if value is True:
            query[key] = "on"
    url = reverse(names[kind])
    return f"{url}?{urlencode(query)}" if query else url


def status_url(status: str, **params: Any) -> str:
    """Dossiers in `status`, or the ARG lines without a dossier for NOT_STARTED."""
    if status == NOT_STARTED:
        return records_url("lines", arg=True, no_dossier=True, **params)
    return records_url("dossiers", status=status, **params)


# --- forms ---


class CityFilterForm(FilterFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun anggaran"), coerce=int)
    unit_type = forms.ChoiceField(label=_("Jenis PD"))
    sort = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["unit_type"].choices = [("", _("Semua jenis")), *UnitType.choices]


class YearForm(FilterFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun anggaran"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class RecordFilterForm(FilterFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=None)
    unit_type = forms.ChoiceField(label=_("Jenis PD"))
    status = forms.ChoiceField(label=_("Status"))
    classification = forms.ChoiceField(label=_("Klasifikasi (reviewer)"))
    arg = forms.BooleanField(label=_("Hanya ARG"))
    no_dossier = forms.BooleanField(label=_("Belum ada dossier"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("name")
        self.fields["unit_type"].choices = [("", _("Semua jenis")), *UnitType.choices]
        self.fields["status"].choices = [("", _("Semua status")), *Status.choices]
        self.fields["classification"].choices = [
            ("", _("Semua klasifikasi")),
            *Classification.choices,
        ]

    def filters(self) -> RecordFilters:
        return RecordFilters(
            year=self.value("year"),
            unit=getattr(self.value("unit"), "pk", None),
            unit_type=self.value("unit_type", ""),
            status=self.value("status", ""),
            classification=self.value("classification", ""),
            arg=bool(self.value("arg")),
            no_dossier=bool(self.value("no_dossier")),
        )


def _year_param(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


# --- charts ---


def city_charts(board: dashboard.CityDashboard) -> dict[str, charts.Chart]:
    """The four city charts; each bar's link is the same as its table cell's."""
    year = board.year
    types = list(board.status_by_type)
    type_labels = [str(UnitType(t).label) if t in UnitType.values else t for t in types]
    status_chart = charts.stacked_bar_chart(
        title=_g("Status dossier per jenis perangkat daerah, %(year)s")
        % {"year": year},
        description=_g(
            "Jumlah dossier per status (termasuk sub kegiatan ARG yang belum dimulai) "
            "untuk setiap jenis perangkat daerah, tahun %(year)s."
        )
        % {"year": year},
        category_header=_g("Jenis perangkat daerah"),
        labels=type_labels,
        label_urls=[records_url("dossiers", year=year, unit_type=t) for t in types],
        series=[
            charts.Series(
                str(label),
                [
                    charts.Point(
                        board.status_by_type[t].get(key, 0),
                        url=status_url(key, year=year, unit_type=t),
                    )
                    for t in types
                ],
            )
            for key, label, _icon in STATUS_COLUMNS
        ],
    )

    ranking = board.arg_ranking
    top, bottom = ranking[:10], ranking[-10:][::-1] if len(ranking) > 10 else []

    def arg_chart(rows, title, description):
        return charts.horizontal_bar_chart(
            title=title,
            description=description,
            category_header=_g("Perangkat daerah"),
            value_header=_g("Persentase ARG"),
            formatter=charts.format_percent,
            value_range=(0, 100),
            points=[
                (
                    r.unit.short_name,
                    charts.Point(
                        r.arg_percent,
                        url=records_url("lines", year=year, unit=r.unit.pk, arg=True),
                    ),
                )
                for r in rows
            ],
            label_urls=[
                reverse("evaluations:unit_dashboard", args=[r.unit.pk])
                + f"?year={year}"
                for r in rows
            ],
        )

    result = {
        "status_by_type": status_chart,
        "arg_top": arg_chart(
            top,
            _g("Persentase ARG tertinggi, %(year)s") % {"year": year},
            _g(
                "Sepuluh perangkat daerah dengan persentase ARG (pagu ARG dibagi "
                "pagu seluruh sub kegiatan) tertinggi, tahun %(year)s."
            )
            % {"year": year},
        ),
    }
    if bottom:
        result["arg_bottom"] = arg_chart(
            bottom,
            _g("Persentase ARG terendah, %(year)s") % {"year": year},
            _g(
                "Sepuluh perangkat daerah dengan persentase ARG terendah, "
                "tahun %(year)s, terendah lebih dulu."
            )
            % {"year": year},
        )

    years = list(board.classification_by_year)
    result["classification_by_year"] = charts.bar_chart(
        title=_g("Klasifikasi dossier disetujui per tahun"),
        description=_g(
            "Jumlah dossier yang disetujui menurut klasifikasi reviewer (responsif, "
            "sensitif, netral) untuk setiap tahun anggaran."
        ),
        category_header=_g("Tahun anggaran"),
        labels=[str(y) for y in years],
        label_urls=[
            records_url("dossiers", year=y, status=Status.APPROVED) for y in years
        ],
        series=[
            charts.Series(
                str(label),
                [
                    charts.Point(
                        board.classification_by_year[y].get(value, 0),
                        url=records_url(
                            "dossiers",
                            year=y,
                            status=Status.APPROVED,
                            classification=value,
                        ),
                    )
                    for y in years
                ],
            )
            for value, label in Classification.choices
        ],
    )

    trend = board.trend
    result["trend"] = charts.line_chart(
        title=_g("Tren dossier disetujui dan persentase ARG"),
        description=_g(
            "Per tahun anggaran: persentase dossier yang disetujui dari seluruh "
            "dossier, dan persentase ARG kota."
        ),
        category_header=_g("Tahun anggaran"),
        labels=[str(t["year"]) for t in trend],
        label_urls=[records_url("dossiers", year=t["year"]) for t in trend],
        y_range=(0, 100),
        formatters=[charts.format_percent, charts.format_percent],
        series=[
            charts.Series(
                _g("Dossier disetujui (%)"),
                [
                    charts.Point(
                        t["approved_percent"],
                        url=records_url(
                            "dossiers", year=t["year"], status=Status.APPROVED
                        ),
                        text=_g("%(n)s dari %(total)s (%(pct)s)")
                        % {
                            "n": t["approved"],
                            "total": t["dossiers"],
                            "pct": charts.format_percent(t["approved_percent"]),
                        },
                    )
                    for t in trend
                ],
            ),
            charts.Series(
                _g("Persentase ARG"),
                [
                    charts.Point(
                        t["arg_percent"],
                        url=records_url("lines", year=t["year"], arg=True),
                    )
                    for t in trend
                ],
            ),
        ],
    )
    return result


# --- the city dashboard ---


def city_dashboard_context(request: HttpRequest, year: int | None = None) -> dict:
    """Context of the city dashboard for `request.user` (a city reader: check
    "dashboard:city" before calling). `year` None → the `?year=` parameter, else the
    current cycle. Reads `?unit_type=` and `?sort=` for the board.
    Template: "evaluations/dashboard/city.html" (or include
    "evaluations/dashboard/includes/city_board.html" with this context)."""
    if year is None:
        year = _year_param(request)
    unit_type = request.GET.get("unit_type", "")
    if unit_type not in UnitType.values:
        unit_type = ""
    sort = request.GET.get("sort", "") or dashboard.DEFAULT_SORT
    if sort.lstrip("-") not in dashboard.SORTS:
        sort = dashboard.DEFAULT_SORT
    board = dashboard.city_dashboard(year=year, unit_type=unit_type, sort=sort)
    years = [c.year for c in board.cycles]
    if board.year is not None and board.year not in years:
        years = sorted({*years, board.year}, reverse=True)
    form = CityFilterForm(
        {"year": board.year, "unit_type": unit_type, "sort": sort}, years=years
    )
    form.is_valid()
    y = board.year
    sort_links = _sort_links(request, sort)
    return {
        "board": board,
        "form": form,
        "sort": sort,
        "unit_type": unit_type,
        "status_columns": [
            {
                "key": key,
                "label": label,
                "icon": icon,
                # the rows shown (the unit-type filter applies), like the link
                "total": sum(row.counts[key] for row in board.rows),
                "url": status_url(key, year=y, unit_type=unit_type),
                "sort_link": sort_links[key.lower()],
            }
            for key, label, icon in STATUS_COLUMNS
        ],
        "rows": [
            {
                "row": row,
                "url": reverse("evaluations:unit_dashboard", args=[row.unit.pk])
                + (f"?year={y}" if y else ""),
                "cells": [
                    {
                        "key": key,
                        "n": row.counts[key],
                        "label": label,
                        "url": status_url(key, year=y, unit=row.unit.pk),
                    }
                    for key, label, _icon in STATUS_COLUMNS
                ],
                "arg_url": records_url("lines", year=y, unit=row.unit.pk, arg=True),
                "lines_url": records_url("lines", year=y, unit=row.unit.pk),
            }
            for row in board.rows
        ],
        "links": {
            "units": records_url("units"),
            "units_without": records_url("units", no_focal_point=True),
            "dossiers": records_url("dossiers", year=y),
            "approved": records_url("dossiers", year=y, status=Status.APPROVED),
            "lines": records_url("lines", year=y),
            "arg_lines": records_url("lines", year=y, arg=True),
            "people": records_url("people"),
            "people_l": records_url("people", sex=Sex.L),
            "people_p": records_url("people", sex=Sex.P),
            "trained": records_url("people", trained="1"),
            "trained_l": records_url("people", trained="1", sex=Sex.L),
            "trained_p": records_url("people", trained="1", sex=Sex.P),
            "budget": reverse("evaluations:budget_line_list")
            + (f"?year={y}" if y else ""),
            "cycles": reverse("evaluations:cycle_list"),
        },
        "classes": [
            {
                "value": value,
                "label": label,
                "icon": CLASS_ICONS[value],
                "n": board.classification.get(value, 0),
                "url": records_url(
                    "dossiers", year=y, status=Status.APPROVED, classification=value
                ),
            }
            for value, label in Classification.choices
        ],
        "charts": city_charts(board) if y is not None else {},
        "sort_links": sort_links,
    }


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the URL that sorts by it (toggling direction when it
    is already the sort) and aria-sort."""
    links = {}
    for key in dashboard.SORTS:
        active = current.lstrip("-") == key
        descending = current.startswith("-")
        # counts sort largest first on the first click; names A→Z
        first = f"-{key}" if key not in ("name", "type") else key
        target = (key if descending else f"-{key}") if active else first
        params = request.GET.copy()
        params["sort"] = target
        links[key] = {
            "url": "?" + params.urlencode(),
            "aria": ("descending" if descending else "ascending") if active else "",
        }
    return links


@permission_required("dashboard:city")
def city_dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request, "evaluations/dashboard/city.html", city_dashboard_context(request)
    )


# --- the unit dashboard ---


def unit_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    unit = get_object_or_404(
        Unit.objects.visible_to(request.user).with_focal_point_status(), pk=pk
    )
    require_perm(request.user, "dashboard:unit")
    board = dashboard.unit_dashboard(unit=unit, year=_year_param(request))
    y = board.year
    years = [c.year for c in board.cycles]
    form = YearForm({"year": y}, years=years)
    form.is_valid()
    arg_chart = None
    if y is not None and board.city_arg_percent is not None:
        arg_chart = charts.horizontal_bar_chart(
            title=_g("Persentase ARG %(unit)s dan kota, %(year)s")
            % {"unit": unit.short_name, "year": y},
            description=_g(
                "Persentase ARG %(unit)s %(unit_pct)s dibandingkan kota %(city_pct)s."
            )
            % {
                "unit": unit.short_name,
                "unit_pct": charts.format_percent(board.unit_arg_percent),
                "city_pct": charts.format_percent(board.city_arg_percent),
            },
            category_header=_g("Cakupan"),
            value_header=_g("Persentase ARG"),
            formatter=charts.format_percent,
            value_range=(0, 100),
            points=[
                (
                    unit.short_name,
                    charts.Point(
                        board.unit_arg_percent,
                        url=records_url("lines", year=y, unit=unit.pk, arg=True),
                    ),
                ),
                (
                    _g("Kota"),
                    charts.Point(
                        board.city_arg_percent,
                        url=records_url("lines", year=y, arg=True),
                    ),
                ),
            ],
        )
    return render(
        request,
        "evaluations/dashboard/unit.html",
        {
            "board": board,
            "unit": unit,
            "form": form,
            "arg_chart": arg_chart,
            "status_columns": [
                {
                    "key": key,
                    "label": label,
                    "icon": icon,
                    "n": board.counts.get(key, 0),
                    "url": status_url(key, year=y, unit=unit.pk),
                }
                for key, label, icon in STATUS_COLUMNS
            ],
            "links": {
                "dossiers": records_url("dossiers", year=y, unit=unit.pk),
                "lines": records_url("lines", year=y, unit=unit.pk),
                "arg_lines": records_url("lines", year=y, unit=unit.pk, arg=True),
                "city_lines": records_url("lines", year=y),
                "city_arg_lines": records_url("lines", year=y, arg=True),
                "team": records_url("people", unit=unit.pk),
                "budget": reverse("evaluations:budget_line_list")
                + f"?unit={unit.pk}"
                + (f"&year={y}" if y else ""),
            },
        },
    )


# --- the lists behind the figures ---


@permission_required("dossiers:view")
def dossier_records(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.visible_to(request.user)
    form = RecordFilterForm(request.GET or None, units=units)
    dossiers = dashboard.filtered_dossiers(user=request.user, filters=form.filters())
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/dashboard/dossier_records.html",
        {
            "form": form,
            "page": page,
            "filters": form.filters(),
            "class_choices": Classification.choices,
        },
    )


@permission_required("budget:view")
def budget_line_records(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.visible_to(request.user)
    form = RecordFilterForm(request.GET or None, units=units)
    lines = dashboard.filtered_budget_lines(user=request.user, filters=form.filters())
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/dashboard/budget_line_records.html",
        {
            "form": form,
            "page": page,
            "filters": form.filters(),
            "totals": dashboard.totals_of(lines),
        },
    )
