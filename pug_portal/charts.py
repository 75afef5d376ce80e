"""Server-side charts: one function per chart kind, rendered to SVG by pygal.

Every chart function returns a `Chart`: the SVG markup *and* the same figures as a
data table (with a link per bar to the records behind it), so a page, a PDF and a
screen reader all get the same chart from one call.

- On a page: `<img src="{{ chart.data_uri }}" alt="{{ chart.description }}">` plus the
  table (`templates/evaluations/dashboard/includes/chart.html`). An `<img>` keeps the
  SVG's own `<style>` working under the page CSP (which blocks inline styles) and runs
  no script at all.
- In a PDF (WeasyPrint): `{{ chart.inline_svg }}` inside the HTML, plus the table
  (`templates/evaluations/dashboard/includes/chart_print.html`); no URL is fetched.

Readable without colour: bars carry their value as text and each series has its own
fill pattern (solid, stripes, dots, …); lines have their own dash pattern and dots.
No JavaScript and no external reference: pygal's config script and comments are
removed from the SVG tree before it is serialised.

`pug_portal` imports no app: callers pass plain labels, values and URLs.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import pygal
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from pygal.style import Style

Number = int | float | Decimal

FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
# Colours chosen so that neighbours differ in lightness too (still apart in
# grayscale); patterns below carry the difference when printed without colour.
PALETTE = (
    "#1f4e79",  # dark blue
    "#e3a33b",  # light amber
    "#5b8c3a",  # mid green
    "#b03a2e",  # dark red
    "#9fb8d6",  # pale blue
    "#4a4a4a",  # charcoal
)
DASHES = ("", "9, 5", "3, 4", "12, 4, 3, 4", "2, 2", "16, 6")

_STYLE_ARGS = {
    "font_family": FONT_FAMILY,
    "title_font_family": FONT_FAMILY,
    "label_font_family": FONT_FAMILY,
    "major_label_font_family": FONT_FAMILY,
    "value_font_family": FONT_FAMILY,
    "value_label_font_family": FONT_FAMILY,
    "tooltip_font_family": FONT_FAMILY,
    "legend_font_family": FONT_FAMILY,
    "no_data_font_family": FONT_FAMILY,
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": "#212529",
    "foreground_strong": "#212529",
    "foreground_subtle": "#6c757d",
    "opacity": "1",
    "opacity_hover": "1",
    "transition": "none",
    "colors": PALETTE,
    "title_font_size": 18,
    "label_font_size": 13,
    "major_label_font_size": 13,
    "legend_font_size": 13,
    "value_font_size": 13,
    # printed values: white on the dark fills, black on the light ones
    "value_colors": ("#ffffff", "#000000", "#000000", "#ffffff", "#000000", "#ffffff"),
    # Solid, light guides: dashes are reserved for telling line series apart.
    "guide_stroke_dasharray": "1,0",
    "major_guide_stroke_dasharray": "1,0",
    "guide_stroke_color": "#d9d9d9",
    "major_guide_stroke_color": "#bdbdbd",
    "stroke_width": "3",
    "stroke_width_hover": "3",
}
STYLE = Style(**_STYLE_ARGS)
# One light fill with black values, for single-series bars whose short bars put the
# value outside the bar, on white.
# Values printed above vertical bars: black on the white background.
ABOVE_STYLE = Style(**{**_STYLE_ARGS, "value_colors": ("#000000",) * len(PALETTE)})
SINGLE_STYLE = Style(
    **{**_STYLE_ARGS, "colors": ("#9fb8d6",), "value_colors": ("#000000",)}
)


@dataclass(frozen=True)
class Point:
    """One bar or line point: its value, optionally the text the data table shows
    for it (the chart prints the formatted value) and the URL of the records behind
    it."""

    value: Number | None
    url: str = ""
    text: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[Point]


@dataclass(frozen=True)
class TableCell:
    text: str
    url: str = ""


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[TableCell, ...]
    url: str = ""  # where the row label links to (e.g. the unit), optional


@dataclass(frozen=True)
class Chart:
    """A rendered chart and its data-table alternative."""

    kind: str
    title: str
    description: str  # alt text: what the chart shows, in one sentence
    columns: tuple[str, ...]  # data-table header: the category header, then series
    rows: tuple[TableRow, ...]
    svg: str = field(repr=False)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @cached_property
    def data_uri(self) -> str:
        """For `<img src=…>` on pages."""
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"

    @property
    def inline_svg(self) -> SafeString:
        """For PDFs (WeasyPrint renders inline SVG without fetching anything). The
        markup is produced by pygal from escaped text, never from raw user HTML."""
        return mark_safe(self.svg)  # noqa: S308 - generated SVG, labels are escaped


def format_number(value: Number | None, decimals: int = 0) -> str:
    """A value as the active language writes it (`1.250` and `12,5` in Indonesian,
    `1,250` and `12.5` in English); a dash for no value."""
    if value is None:
        return "–"
    return str(floatformat(value, f"{decimals}g"))


def _axis_number(value: Number | None) -> str:
    """Axis ticks: whole numbers without decimals, others with one."""
    if value is None:
        return ""
    return format_number(value, 0 if float(value).is_integer() else 1)


def format_percent(value: Number | None, decimals: int = 1) -> str:
    return "–" if value is None else f"{format_number(value, decimals)} %"


# --- building blocks ---


def _strip_script_and_comments(root):
    """xml_filter: pygal always writes a config <script> (and comments naming its
    web site); a chart here must run nothing and reference nothing."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.endswith("script") or not isinstance(child.tag, str):
                parent.remove(child)
    return root


def _values_above_points(font_size: float):
    """pygal writes a line's value labels below and right of each point, where a
    value near 0 ran into the year labels under the axis: move them above."""

    def lift(root):
        for node in root.iter():
            if (
                str(node.tag).endswith("text")
                and "value" in (node.get("class") or "").split()
            ):
                node.set("y", str(float(node.get("y", 0)) - 2.2 * font_size))
                node.set("x", str(float(node.get("x", 0)) - font_size))
                node.set("text-anchor", "middle")
        return root

    return lift


def _pattern_filter(series_count: int):
    """xml_filter adding a fill pattern per series (series 0 stays solid) so bars
    differ in grayscale and on black-and-white print, legend boxes included."""
    # pygal builds its tree with lxml when lxml is importable, else with the
    # standard library: new nodes must come from the same implementation.
    from pygal.etree import etree as ET

    def add_patterns(root):
        chart_id = root.get("id")
        defs = root.find("{http://www.w3.org/2000/svg}defs")
        if defs is None:
            defs = root.find("defs")
        if defs is None or not chart_id:
            return root
        style = defs.find("{http://www.w3.org/2000/svg}style")
        if style is None:
            style = defs.find("style")
        rules = []
        for index in range(1, series_count):
            colour = PALETTE[index % len(PALETTE)]
            pattern_id = f"{chart_id}-p{index}"
            pattern = ET.SubElement(
                defs,
                "pattern",
                {
                    "id": pattern_id,
                    "patternUnits": "userSpaceOnUse",
                    "width": "8",
                    "height": "8",
                },
            )
            ET.SubElement(
                pattern, "rect", {"width": "8", "height": "8", "fill": colour}
            )
            for shape, attrs in _PATTERN_SHAPES[(index - 1) % len(_PATTERN_SHAPES)]:
                ET.SubElement(pattern, shape, attrs)
            rules.append(
                f"#{chart_id} .color-{index} rect.rect,"
                f"#{chart_id} .legend rect.color-{index}"
                f"{{fill:url(#{pattern_id})}}"
            )
        if style is not None and rules:
            style.text = (style.text or "") + "".join(rules)
        return root

    return add_patterns


_INK = {"stroke": "#ffffff", "stroke-width": "2"}
_PATTERN_SHAPES: tuple[tuple[tuple[str, dict[str, str]], ...], ...] = (
    (("path", {"d": "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", **_INK}),),  # stripes /
    (("circle", {"cx": "4", "cy": "4", "r": "1.8", "fill": "#ffffff"}),),  # dots
    (("path", {"d": "M0,4 h8", **_INK}),),  # horizontal lines
    (("path", {"d": "M0,0 l8,8 M8,0 l-8,8", **_INK, "stroke-width": "1.5"}),),  # x
    (("path", {"d": "M4,0 v8", **_INK}),),  # vertical lines
)


def _config(**overrides) -> dict:
    return {
        "style": STYLE,
        "js": [],  # the default points at a CDN
        "css": ["file://style.css", "file://graph.css"],  # pygal's own, inlined
        "disable_xml_declaration": True,
        "explicit_size": False,
        "print_values": True,
        "print_zeroes": False,
        "tooltip_border_radius": 0,
        "show_legend": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "truncate_legend": -1,
        "truncate_label": -1,
        "width": 800,
        "height": 420,
        "margin": 16,
        "no_data_text": str(_("Belum ada data")),
        "value_formatter": _axis_number,
        **overrides,
    }


def _value(point: Point, formatter: Callable[[Number | None], str]) -> dict | None:
    if point.value is None:
        return None
    # the chart prints the bare value; a longer `text` ("9 dari 29 (31,0 %)") is for
    # the data table, where there is room for it
    text = formatter(point.value)
    value = {
        "value": float(point.value),
        "formatter": lambda _v, text=text: text,
    }
    if point.url:
        value["xlink"] = {"href": point.url, "target": "_top"}
    return value


def _table(
    category_header: str,
    labels: Sequence[str],
    series: Sequence[Series],
    formatter: Callable[[Number | None], str],
    label_urls: Sequence[str] = (),
) -> tuple[tuple[str, ...], tuple[TableRow, ...]]:
    columns = (category_header, *(s.name for s in series))
    rows = []
    for i, label in enumerate(labels):
        cells = []
        for s in series:
            point = s.points[i] if i < len(s.points) else Point(None)
            text = point.text or formatter(point.value)
            cells.append(TableCell(text=text, url=point.url))
        rows.append(
            TableRow(
                label=label,
                cells=tuple(cells),
                url=label_urls[i] if i < len(label_urls) else "",
            )
        )
    return columns, tuple(rows)


def _render(chart_class, config, labels, series, formatter) -> str:
    chart = chart_class(**config)
    chart.add_xml_filter(_pattern_filter(len(series)))
    chart.add_xml_filter(_strip_script_and_comments)
    chart.x_labels = list(labels)
    for s in series:
        chart.add(s.name, [_value(p, formatter) for p in s.points])
    return chart.render(is_unicode=True)


# --- chart kinds ---


def bar_chart(
    *,
    title: str,
    description: str,
    category_header: str,
    labels: Sequence[str],
    series: Sequence[Series],
    formatter: Callable[[Number | None], str] = format_number,
    label_urls: Sequence[str] = (),
    y_title: str = "",
) -> Chart:
    """Vertical bars, one group per label and one bar per series (e.g. the
    classification of dossiers by fiscal year). Values are printed above the bars,
    in black on white, whatever the fill."""
    highest = max(
        (float(p.value) for s in series for p in s.points if p.value is not None),
        default=0,
    )
    config = _config(
        title=title,
        y_title=y_title or None,
        show_legend=len(series) > 1,
        print_values_position="top",
        style=ABOVE_STYLE,
        range=(0, highest * 1.15) if highest > 0 else None,
    )
    svg = _render(pygal.Bar, config, labels, series, formatter)
    columns, rows = _table(category_header, labels, series, formatter, label_urls)
    return Chart("bar", title, description, columns, rows, svg)


def stacked_bar_chart(
    *,
    title: str,
    description: str,
    category_header: str,
    labels: Sequence[str],
    series: Sequence[Series],
    formatter: Callable[[Number | None], str] = format_number,
    label_urls: Sequence[str] = (),
) -> Chart:
    """Horizontal stacked bars, one bar per label split by series (e.g. dossier
    status by unit type). Each segment shows its count."""
    config = _config(title=title, height=max(220, 120 + 46 * len(labels)))
    svg = _render(pygal.HorizontalStackedBar, config, labels, series, formatter)
    columns, rows = _table(category_header, labels, series, formatter, label_urls)
    return Chart("stacked_bar", title, description, columns, rows, svg)


def horizontal_bar_chart(
    *,
    title: str,
    description: str,
    category_header: str,
    value_header: str,
    points: Sequence[tuple[str, Point]],
    formatter: Callable[[Number | None], str] = format_number,
    label_urls: Sequence[str] = (),
    value_range: tuple[Number, Number] | None = None,
) -> Chart:
    """One horizontal bar per labelled point, in the order given (e.g. ARG % by
    unit, highest first). The value is written in the axis label ("Dinkes · 40,0 %")
    so it stays readable on a zero-length bar; `value_range` fixes the axis (0–100
    for percentages)."""
    labels = [label for label, _point in points]
    series = [Series(value_header, [point for _label, point in points])]
    config = _config(
        title=title,
        show_legend=False,
        print_values=False,
        height=max(220, 70 + 30 * len(labels)),
        style=SINGLE_STYLE,
        range=tuple(float(v) for v in value_range) if value_range else None,
    )
    # pygal draws horizontal bars bottom-up: reverse so the first item is on top.
    drawn = [Series(value_header, list(reversed(series[0].points)))]
    axis_labels = [
        f"{label} · {point.text or formatter(point.value)}" for label, point in points
    ]
    svg = _render(
        pygal.HorizontalBar, config, list(reversed(axis_labels)), drawn, formatter
    )
    columns, rows = _table(category_header, labels, series, formatter, label_urls)
    return Chart("horizontal_bar", title, description, columns, rows, svg)


def line_chart(
    *,
    title: str,
    description: str,
    category_header: str,
    labels: Sequence[str],
    series: Sequence[Series],
    formatters: Sequence[Callable[[Number | None], str]] = (),
    y_range: tuple[Number, Number] | None = None,
    label_urls: Sequence[str] = (),
) -> Chart:
    """Lines across labels (e.g. fiscal years) on one axis (`y_range`, e.g. 0–100
    for percentages), each series with its own dash pattern and value labels."""
    chart = pygal.Line(
        **_config(
            title=title,
            dots_size=5,
            margin_right=70,  # room for the last point's value label
            style=ABOVE_STYLE,  # values sit next to the points, on white
            range=tuple(float(v) for v in y_range) if y_range else None,
            include_x_axis=True,
        )
    )
    chart.add_xml_filter(_strip_script_and_comments)
    chart.add_xml_filter(_values_above_points(ABOVE_STYLE.value_font_size))
    # A blank category at either end keeps the first and last points (and their
    # value labels) off the axes, where they overlapped the axis numbers.
    chart.x_labels = ["", *labels, ""]
    for index, s in enumerate(series):
        formatter = formatters[index] if index < len(formatters) else format_number
        chart.add(
            s.name,
            [None, *(_value(p, formatter) for p in s.points), None],
            stroke_style={"width": 3, "dasharray": DASHES[index % len(DASHES)]},
        )
    svg = chart.render(is_unicode=True)
    columns = (category_header, *(s.name for s in series))
    rows = []
    for i, label in enumerate(labels):
        cells = []
        for index, s in enumerate(series):
            formatter = formatters[index] if index < len(formatters) else format_number
            point = s.points[i] if i < len(s.points) else Point(None)
            cells.append(TableCell(point.text or formatter(point.value), point.url))
        rows.append(
            TableRow(
                label,
                tuple(cells),
                label_urls[i] if i < len(label_urls) else "",
            )
        )
    return Chart("line", title, description, columns, tuple(rows), svg)
