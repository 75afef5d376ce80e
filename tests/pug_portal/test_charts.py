"""Charts render the same SVG whether or not lxml is installed (pygal builds its
tree with lxml when it can import it). The tests here run in this process, with
lxml (a dev requirement), and once more in a subprocess where lxml cannot be
imported, so CI runs them both ways."""

import os
import subprocess
import sys
import xml.etree.ElementTree as StdET
from pathlib import Path

import pytest
from pygal.etree import etree

from pug_portal import charts

SVG = "{http://www.w3.org/2000/svg}"
WITHOUT_LXML = "PUG_CHARTS_WITHOUT_LXML"


def _series(count: int) -> list[charts.Series]:
    return [
        charts.Series(
            f"Seri {i}",
            [charts.Point(10 * (i + 1), url=f"/x/{i}"), charts.Point(None)],
        )
        for i in range(count)
    ]


CHARTS = {
    "bar": lambda: charts.bar_chart(
        title="Batang",
        description="d",
        category_header="PD",
        labels=["A", "B"],
        series=_series(3),
    ),
    "stacked": lambda: charts.stacked_bar_chart(
        title="Tumpuk",
        description="d",
        category_header="PD",
        labels=["A", "B"],
        series=_series(2),
    ),
    "horizontal": lambda: charts.horizontal_bar_chart(
        title="Peringkat",
        description="d",
        category_header="PD",
        value_header="%",
        points=[("A", charts.Point(40, url="/x/0")), ("B", charts.Point(0))],
    ),
    "line": lambda: charts.line_chart(
        title="Tren",
        description="d",
        category_header="Tahun",
        labels=["2025", "2026"],
        series=_series(2),
    ),
}


@pytest.mark.parametrize("kind", CHARTS)
def test_every_chart_is_well_formed_svg_without_script_or_comments(kind):
    chart = CHARTS[kind]()
    root = StdET.fromstring(chart.svg)  # parses: well-formed, one root
    assert root.tag == f"{SVG}svg"
    assert "<script" not in chart.svg and "<!--" not in chart.svg
    assert "Seri 0" in chart.svg or "A · 40" in chart.svg
    assert chart.rows[0].cells[0].url == "/x/0"


def test_bars_of_every_series_but_the_first_get_a_fill_pattern():
    chart = CHARTS["bar"]()
    root = StdET.fromstring(chart.svg)
    patterns = root.findall(f".//{SVG}pattern") or root.findall(".//pattern")
    assert len(patterns) == 2  # three series: the first stays solid
    style = "".join(s.text or "" for s in root.iter() if s.tag.endswith("style"))
    assert "fill:url(#" in style


def test_this_process_runs_the_charts_with_lxml_unless_told_otherwise():
    if os.environ.get(WITHOUT_LXML):
        assert not etree.lxml
    else:
        # lxml is pinned in requirements-dev.txt so that this run covers it.
        assert etree.lxml, "lxml is not importable: pip install -r requirements-dev.txt"


@pytest.mark.skipif(bool(os.environ.get(WITHOUT_LXML)), reason="already the subprocess")
def test_the_chart_tests_pass_with_lxml_blocked():
    blocked = (
        "import sys; sys.modules['lxml'] = None; import pytest; "
        "sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', sys.argv[1]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked, __file__],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, WITHOUT_LXML: "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout


def test_a_line_charts_values_sit_above_their_points_and_off_the_axes():
    import re

    from pug_portal import charts as c

    chart = c.line_chart(
        title="Tren",
        description="",
        category_header="Tahun",
        labels=["2025", "2026"],
        series=[c.Series("ARG", [c.Point(0.3), c.Point(0.1)])],
        formatters=[lambda v: f"{v} %"],
        y_range=(0, 100),
    )
    svg = str(chart.inline_svg)
    dots = [
        (float(x), float(y))
        for x, y in re.findall(
            r'<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*class="dot', svg
        )
    ]
    values = [
        (float(x), float(y))
        for x, y in re.findall(r'<text[^>]*x="([\d.]+)" y="([\d.]+)" class="value', svg)
    ]
    assert len(dots) == len(values) == 2
    for (dot_x, dot_y), (text_x, text_y) in zip(dots, values, strict=True):
        assert text_y < dot_y  # above: clear of the year labels under the axis
        assert abs(text_x - dot_x) < 1
    # the first year is not drawn on the y axis (its value ran into the numbers)
    axis_x = min(
        float(x) for x in re.findall(r'<path d="M([\d.]+) [\d.]+ v', svg) or ["0"]
    )
    assert dots[0][0] - axis_x > 20
