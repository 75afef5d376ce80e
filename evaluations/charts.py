"""The charts of the city dashboard, the unit dashboard and the city recap: one
function per chart, drawn by the shared renderer (pug_portal.charts: the SVG and
the same figures as a data table).

On a page every bar links to the records behind it, the same list its table cell on
the board links to (`page_link`); in a PDF nothing links (`no_link`, a PDF is read
on paper). The chart functions take the link maker as `link`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from evaluations.models import Classification
from evaluations.selectors.dashboard import NOT_STARTED, STATUS_COLUMNS
from evaluations.selectors.dashboard_city import BoardRow, CityDashboard
from evaluations.selectors.dashboard_unit import UnitDashboard
from evaluations.workflow import Status
from focal_points.models import UnitType
from pug_portal import charts

# A link maker: ("dossiers" | "lines" | "unit", **query parameters) → URL or "".
Link = Callable[..., str]
LISTS = {
    "dossiers": "evaluations:dashboard_dossiers",
    "lines": "evaluations:dashboard_budget_lines",
}


def page_link(kind: str, **params: Any) -> str:
    """The records behind a bar: the dossier or budget-line list behind the
    dashboard's figures, or a unit's dashboard (`unit` is then its pk). Empty
    parameters are left out; True is sent as the checkbox's "on"."""
    if kind == "unit":
        url = reverse("evaluations:unit_dashboard", args=[params.pop("unit")])
    else:
        url = reverse(LISTS[kind])
    query = {
        key: "on" if value is True else value
        for key, value in params.items()
        if value not in (None, "", False)
    }
    return f"{url}?{urlencode(query)}" if query else url


def no_link(kind: str, **params: Any) -> str:
    return ""


def _status_link(link: Link, key: str, **params: Any) -> str:
    """Dossiers in status `key`, or the ARG lines without a dossier for NOT_STARTED."""
    if key == NOT_STARTED:
        return link("lines", arg=True, no_dossier=True, **params)
    return link("dossiers", status=key, **params)


def status_by_type_chart(board: CityDashboard, link: Link = page_link) -> charts.Chart:
    """Dossiers by status (and ARG lines not started) per unit type."""
    year, types = board.year, list(board.status_by_type)
    return charts.stacked_bar_chart(
        title=_("Status dokumen PPRG per jenis perangkat daerah, %(year)s")
        % {"year": year},
        description=_(
            "Jumlah dokumen PPRG per status (termasuk sub kegiatan ARG yang belum dimulai) "
            "untuk setiap jenis perangkat daerah, tahun %(year)s."
        )
        % {"year": year},
        category_header=_("Jenis perangkat daerah"),
        labels=[str(UnitType(t).label) if t in UnitType.values else t for t in types],
        label_urls=[link("dossiers", year=year, unit_type=t) for t in types],
        series=[
            charts.Series(
                str(label),
                [
                    charts.Point(
                        board.status_by_type[t].get(key, 0),
                        url=_status_link(link, key, year=year, unit_type=t),
                    )
                    for t in types
                ],
            )
            for key, label, _icon in STATUS_COLUMNS
        ],
    )


def _arg_chart(
    board: CityDashboard,
    rows: list[BoardRow],
    title: str,
    description: str,
    link: Link,
) -> charts.Chart:
    """Persentase ARG of `rows`' units, in the order given; `title` and
    `description` name the year as %(year)s."""
    year = board.year
    return charts.horizontal_bar_chart(
        title=title % {"year": year},
        description=description % {"year": year},
        category_header=_("Perangkat daerah"),
        value_header=_("Persentase ARG"),
        formatter=charts.format_percent,
        value_range=(0, 100),
        points=[
            (
                r.unit.short_name,
                charts.Point(
                    r.arg_percent,
                    url=link("lines", year=year, unit=r.unit.pk, gbs="approved"),
                ),
            )
            for r in rows
        ],
        label_urls=[link("unit", unit=r.unit.pk, year=year) for r in rows],
    )


def arg_top_chart(board: CityDashboard, link: Link = page_link) -> charts.Chart:
    """The ten units with the highest Persentase ARG."""
    title = _("Persentase ARG tertinggi, %(year)s")
    description = _(
        "Sepuluh perangkat daerah dengan persentase ARG (pagu ARG dibagi "
        "pagu seluruh sub kegiatan) tertinggi, tahun %(year)s."
    )
    return _arg_chart(board, board.arg_ranking[:10], title, description, link)


def arg_bottom_chart(
    board: CityDashboard, link: Link = page_link
) -> charts.Chart | None:
    """The ten lowest, lowest first; None when the top ten already shows them all."""
    if len(board.arg_ranking) <= 10:
        return None
    title = _("Persentase ARG terendah, %(year)s")
    description = _(
        "Sepuluh perangkat daerah dengan persentase ARG terendah, "
        "tahun %(year)s, terendah lebih dulu."
    )
    return _arg_chart(board, board.arg_ranking[-10:][::-1], title, description, link)


def arg_recap_chart(board: CityDashboard, link: Link = no_link) -> charts.Chart:
    """The city recap's ranking: the fifteen highest."""
    title = _("Persentase ARG per perangkat daerah, %(year)s")
    description = _(
        "Perangkat daerah dengan persentase ARG tertinggi (paling banyak "
        "lima belas), tahun %(year)s."
    )
    return _arg_chart(board, board.arg_ranking[:15], title, description, link)


def classification_chart(board: CityDashboard, link: Link = page_link) -> charts.Chart:
    """Approved dossiers by the verifier's document-quality band, per fiscal year."""
    years, approved = list(board.classification_by_year), Status.APPROVED
    return charts.bar_chart(
        title=_("Kualitas dokumen disetujui per tahun"),
        description=_(
            "Jumlah dokumen yang disetujui menurut kualitas dokumen dari nilai "
            "verifikator (baik, cukup, kurang) untuk setiap tahun anggaran."
        ),
        category_header=_("Tahun anggaran"),
        labels=[str(y) for y in years],
        label_urls=[link("dossiers", year=y, status=approved) for y in years],
        series=[
            charts.Series(
                str(label),
                [
                    charts.Point(
                        board.classification_by_year[y].get(value, 0),
                        url=link(
                            "dossiers", year=y, status=approved, classification=value
                        ),
                    )
                    for y in years
                ],
            )
            for value, label in Classification.choices
        ],
    )


def _approved_point(year: dict[str, Any], link: Link) -> charts.Point:
    return charts.Point(
        year["approved_percent"],
        url=link("dossiers", year=year["year"], status=Status.APPROVED),
        text=_("%(n)s dari %(total)s (%(pct)s)")
        % {
            "n": year["approved"],
            "total": year["dossiers"],
            "pct": charts.format_percent(year["approved_percent"]),
        },
    )


def trend_chart(board: CityDashboard, link: Link = page_link) -> charts.Chart:
    """Per fiscal year: the share of approved dossiers and the city's Persentase ARG."""
    trend = board.trend
    return charts.line_chart(
        title=_("Tren dokumen PPRG disetujui dan persentase ARG"),
        description=_(
            "Per tahun anggaran: persentase dokumen PPRG yang disetujui dari seluruh "
            "dokumen PPRG, dan persentase ARG kota."
        ),
        category_header=_("Tahun anggaran"),
        labels=[str(t["year"]) for t in trend],
        label_urls=[link("dossiers", year=t["year"]) for t in trend],
        y_range=(0, 100),
        formatters=[charts.format_percent, charts.format_percent],
        series=[
            charts.Series(
                _("Dokumen PPRG disetujui (%)"),
                [_approved_point(t, link) for t in trend],
            ),
            charts.Series(
                _("Persentase ARG"),
                [
                    charts.Point(
                        t["arg_percent"],
                        url=link("lines", year=t["year"], gbs="approved"),
                    )
                    for t in trend
                ],
            ),
        ],
    )


def city_charts(board: CityDashboard) -> dict[str, charts.Chart]:
    """The city dashboard's charts, by the name its template places them with."""
    result = {
        "status_by_type": status_by_type_chart(board),
        "arg_top": arg_top_chart(board),
        "classification_by_year": classification_chart(board),
        "trend": trend_chart(board),
    }
    bottom = arg_bottom_chart(board)
    if bottom is not None:
        result["arg_bottom"] = bottom
    return result


def recap_charts(board: CityDashboard) -> list[charts.Chart]:
    """The city recap's charts, without links, ready to be inlined one after the
    other in one document."""
    made = [
        classification_chart(board, no_link),
        trend_chart(board, no_link),
        arg_recap_chart(board),
    ]
    # Inline in one document, the legends' element ids (the same in every pygal
    # chart) would repeat: give each chart its own.
    return [
        dataclasses.replace(
            chart, svg=chart.svg.replace('id="activate-serie-', f'id="c{i}-serie-')
        )
        for i, chart in enumerate(made)
    ]


def unit_arg_chart(board: UnitDashboard, link: Link = page_link) -> charts.Chart:
    """The unit's Persentase ARG next to the city's."""
    unit, year = board.unit, board.year
    return charts.horizontal_bar_chart(
        title=_("Persentase ARG %(unit)s dan kota, %(year)s")
        % {"unit": unit.short_name, "year": year},
        description=_(
            "Persentase ARG %(unit)s %(unit_pct)s dibandingkan kota %(city_pct)s."
        )
        % {
            "unit": unit.short_name,
            "unit_pct": charts.format_percent(board.unit_arg_percent),
            "city_pct": charts.format_percent(board.city_arg_percent),
        },
        category_header=_("Cakupan"),
        value_header=_("Persentase ARG"),
        formatter=charts.format_percent,
        value_range=(0, 100),
        points=[
            (
                unit.short_name,
                charts.Point(
                    board.unit_arg_percent,
                    url=link("lines", year=year, unit=unit.pk, gbs="approved"),
                ),
            ),
            (
                _("Kota"),
                charts.Point(
                    board.city_arg_percent, url=link("lines", year=year, gbs="approved")
                ),
            ),
        ],
    )
