"""City and unit dashboards: exact figures on a hand-built city, the board's sorting and
filter, the pages, and the lists every figure links to.

The city (fiscal year 2026, deadline 31 July, today frozen at 15 June → 46 days left):

| unit (type)          | line | pagu (juta) | ARG | dossier            | reviewer score   |
|----------------------|------|-------------|-----|--------------------|------------------|
| Dinkes (DINAS)       | A1   | 300         | yes | APPROVED           | 16 Responsif     |
|                      | A2   | 100         | yes | REVISION_REQUESTED | 5 (provisional)  |
|                      | A3   | 600         | no  | —                  |                  |
| Kec. Setu (KECAMATAN)| B1   | 50          | yes | SUBMITTED          |                  |
|                      | B2   | 50          | yes | — (not started)    |                  |
|                      | B3   | 400         | no  | —                  |                  |
| Disdik (DINAS)       | C1   | 200         | yes | DRAFT              |                  |
|                      | C2   | 100         | yes | APPROVED           | 10 Sensitif      |
|                      | C3   | 200         | no  | —                  |                  |

Total belanja 2026: Dinkes murni 1.000 then perubahan 2.000 (the latest counts),
Disdik murni 1.000, Setu none. ARG pagu counts ARG lines whose GBS (dossier) is
approved: Dinkes A1 300 → 300/2000 = 15 %, Disdik C2 100 → 100/1000 = 10 %, Setu
none and no total belanja → "—"; city 400/3000 = 13,3 %. Flagged ARG without an
approved GBS: A2, B1, B2, C1 (4). 2025: Dinkes A0 100 ARG approved (6, Kurang),
total belanja 500 → 20 %.
Focal points now: focal_a (P), focal_b (P), a trained man in Dinkes (L); Disdik none;
a man whose appointment in Setu ended (not counted).
"""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from lxml import html as lxml_html

from evaluations.gap import CommentTarget
from evaluations.models import (
    Classification,
    CycleState,
    ReviewComment,
    RubricScore,
    ScoreKind,
    TotalBelanja,
)
from evaluations.selectors import dashboard_city, dashboard_unit
from evaluations.workflow import Status
from focal_points.models import EventType, Sex
from pug_portal import charts
from tests.factories import (
    AppointmentFactory,
    AttendanceFactory,
    BudgetLineFactory,
    CycleFactory,
    DossierFactory,
    EventFactory,
    PersonFactory,
    UnitFactory,
)

M = Decimal(1_000_000)


def _line(unit, pagu, arg=True, year=2026, code=""):
    return BudgetLineFactory(
        unit=unit,
        year=year,
        pagu=pagu * M,
        is_arg=arg,
        arg_category="KHUSUS" if arg else "",
        **({"sub_kegiatan_code": code} if code else {}),
    )


def _dossier(line, cycle, status, score=None):
    dossier = DossierFactory(
        unit=line.unit, budget_line=line, cycle=cycle, status=status
    )
    if score is not None:
        total, classification = score
        RubricScore.objects.create(
            dossier=dossier,
            kind=ScoreKind.REVIEWER,
            c1=min(total, 2),
            total=total,
            classification=classification,
        )
    return dossier


def build_city(unit_a, unit_b):
    """The data set of the module docstring; returns its objects by name."""
    cycle = CycleFactory(year=2026)
    cycle_2025 = CycleFactory(
        year=2025,
        open_date=datetime.date(2025, 2, 1),
        submission_deadline=datetime.date(2025, 7, 31),
        review_deadline=datetime.date(2025, 9, 30),
        state=CycleState.CLOSED,
    )
    unit_c = UnitFactory(name="Dinas Pendidikan", short_name="Disdik")
    o = SimpleNamespace(cycle=cycle, cycle_2025=cycle_2025, unit_c=unit_c)
    o.a1 = _dossier(
        _line(unit_a, 300), cycle, Status.APPROVED, (16, Classification.BAIK)
    )
    o.a2 = _dossier(_line(unit_a, 100), cycle, Status.REVISION_REQUESTED, (5, "KURANG"))
    _line(unit_a, 600, arg=False)
    o.b1 = _dossier(_line(unit_b, 50), cycle, Status.SUBMITTED)
    o.b2_line = _line(unit_b, 50)
    _line(unit_b, 400, arg=False)
    o.c1 = _dossier(_line(unit_c, 200), cycle, Status.DRAFT)
    o.c2 = _dossier(
        _line(unit_c, 100), cycle, Status.APPROVED, (10, Classification.CUKUP)
    )
    _line(unit_c, 200, arg=False)
    o.a0 = _dossier(
        _line(unit_a, 100, year=2025),
        cycle_2025,
        Status.APPROVED,
        (6, Classification.KURANG),
    )
    _line(unit_a, 300, arg=False, year=2025)
    for unit, year, phase, total in [
        (unit_a, 2026, "MURNI", 1000),
        (unit_a, 2026, "PERUBAHAN", 2000),
        (unit_c, 2026, "MURNI", 1000),
        (unit_a, 2025, "MURNI", 500),
    ]:
        TotalBelanja.objects.create(unit=unit, year=year, phase=phase, total=total * M)
    # people
    man = PersonFactory(sex=Sex.L)
    AppointmentFactory(person=man, unit=unit_a)
    training = EventFactory(event_type=EventType.BIMTEK)
    AttendanceFactory(event=training, person=man, sex=Sex.L, attended=True)
    AppointmentFactory(
        person=PersonFactory(sex=Sex.L),
        unit=unit_b,
        end_date=datetime.date(2026, 3, 1),
    )
    # comments on A2: one open, one resolved
    o.open_comment = ReviewComment.objects.create(
        dossier=o.a2, target=CommentTarget.GAP_2, text="Tambahkan data L/P 2025."
    )
    ReviewComment.objects.create(
        dossier=o.a2, target=CommentTarget.GAP_1, text="Sudah.", resolved=True
    )
    return o


@pytest.fixture
def city(db, unit_a, unit_b, focal_a, focal_b, frozen_today):
    objs = build_city(unit_a, unit_b)
    # EventFactory made an organiser unit: deactivate it so the city is three units
    objs.training_organiser = (
        type(unit_a).objects.filter(is_coordinator=True).update(is_active=False)
    )
    objs.unit_a, objs.unit_b = unit_a, unit_b
    return objs


# --- selectors: exact figures ---


def test_city_headline_figures_are_exact(city):
    board = dashboard_city.city_dashboard(year=2026)

    assert board.year == 2026 and board.cycle == city.cycle
    assert board.deadline.days == 46
    assert (board.units_with_focal_point, board.units_total) == (2, 3)
    assert board.status_totals == {
        "NOT_STARTED": 1,
        Status.DRAFT: 1,
        Status.SUBMITTED: 1,
        Status.IN_REVIEW: 0,
        Status.REVISION_REQUESTED: 1,
        Status.APPROVED: 2,
    }
    assert (board.approved, board.dossiers_total) == (2, 5)
    assert board.total_pagu == 2000 * M
    assert board.arg_pagu == 400 * M
    assert board.arg.total_belanja == 3000 * M
    assert board.arg_percent == pytest.approx(40 / 3)
    assert (board.arg.flagged, board.arg.flagged_pagu) == (4, 400 * M)
    # reviewer scores of approved dossiers only: A2's provisional 5 is left out
    assert board.classification == {"BAIK": 1, "CUKUP": 1, "KURANG": 0}
    assert board.average_score == pytest.approx(13.0)
    assert board.people == {
        "male": 1,
        "female": 2,
        "total": 3,
        "trained_male": 1,
        "trained_female": 0,
        "trained_total": 1,
    }


def test_each_board_row_counts_its_unit(city):
    board = dashboard_city.city_dashboard(year=2026, sort="name")
    rows = {r.unit.short_name: r for r in board.rows}

    assert list(rows) == ["Dinkes", "Disdik", "Kec. Setu"]
    dinkes, disdik, setu = rows["Dinkes"], rows["Disdik"], rows["Kec. Setu"]
    assert dinkes.unit.has_year_focal_point and setu.unit.has_year_focal_point
    assert not disdik.unit.has_year_focal_point
    assert dinkes.counts == {
        "NOT_STARTED": 0,
        "DRAFT": 0,
        "SUBMITTED": 0,
        "IN_REVIEW": 0,
        "REVISION_REQUESTED": 1,
        "APPROVED": 1,
    }
    assert setu.counts["NOT_STARTED"] == 1 and setu.counts["SUBMITTED"] == 1
    assert disdik.counts["DRAFT"] == 1 and disdik.counts["APPROVED"] == 1
    assert (dinkes.outstanding, setu.outstanding, disdik.outstanding) == (1, 1, 1)
    assert dinkes.arg_percent == pytest.approx(15.0)
    assert setu.arg_percent is None
    assert str(setu.arg.missing_reason) == "total belanja belum dicatat"
    assert disdik.arg_percent == pytest.approx(10.0)
    assert (dinkes.arg.total_belanja, dinkes.arg_pagu) == (2000 * M, 300 * M)
    assert (dinkes.arg.flagged, setu.arg.flagged, disdik.arg.flagged) == (1, 2, 1)


def test_the_board_sorts_and_filters_in_the_database(city):
    by_arg = dashboard_city.city_dashboard(year=2026, sort="-arg").rows
    assert [r.unit.short_name for r in by_arg] == ["Dinkes", "Disdik", "Kec. Setu"]
    by_arg_up = dashboard_city.city_dashboard(year=2026, sort="arg").rows
    # without a percentage (Setu: no total belanja) last either way
    assert [r.unit.short_name for r in by_arg_up] == ["Disdik", "Dinkes", "Kec. Setu"]
    kecamatan = dashboard_city.city_dashboard(year=2026, unit_type="KECAMATAN").rows
    assert [r.unit.short_name for r in kecamatan] == ["Kec. Setu"]
    # headline figures stay city-wide whatever the board's filter
    assert dashboard_city.city_dashboard(year=2026, unit_type="KECAMATAN").approved == 2


def test_chart_data_by_unit_type_and_across_years(city):
    board = dashboard_city.city_dashboard(year=2026)

    assert board.status_by_type["DINAS"]["APPROVED"] == 2
    assert board.status_by_type["DINAS"]["DRAFT"] == 1
    assert board.status_by_type["KECAMATAN"]["NOT_STARTED"] == 1
    assert board.classification_by_year == {
        2025: {"BAIK": 0, "CUKUP": 0, "KURANG": 1},
        2026: {"BAIK": 1, "CUKUP": 1, "KURANG": 0},
    }
    trend = {t["year"]: t for t in board.trend}
    assert trend[2025]["approved"] == 1 and trend[2025]["dossiers"] == 1
    assert trend[2025]["arg_percent"] == pytest.approx(20.0)
    assert trend[2026]["approved_percent"] == pytest.approx(40.0)
    assert trend[2026]["arg_percent"] == pytest.approx(40 / 3)
    assert trend[2026]["total_belanja"] == 3000 * M
    assert [r.unit.short_name for r in board.arg_ranking] == ["Dinkes", "Disdik"]


def test_without_a_year_the_open_cycle_is_shown(city):
    assert dashboard_city.city_dashboard(year=None).year == 2026


def test_the_unit_dashboard_of_dinkes(city):
    board = dashboard_unit.unit_dashboard(unit=city.unit_a, year=2026)

    assert {d.pk for d in board.dossier_query} == {city.a1.pk, city.a2.pk}
    assert board.counts["APPROVED"] == 1 and board.counts["REVISION_REQUESTED"] == 1
    assert board.outstanding == 1
    assert board.open_comments == [city.open_comment]
    assert board.deadline.days == 46
    assert board.unit_arg_percent == pytest.approx(15.0)
    assert board.city_arg_percent == pytest.approx(40 / 3)
    assert board.total_belanja.phase == "PERUBAHAN"
    assert {a.person.sex: a.is_trained for a in board.team} == {"P": False, "L": True}


def test_a_unit_of_the_year_without_lines_shows_no_percentage(city, db):
    empty = UnitFactory(short_name="Satpol")
    board = dashboard_city.city_dashboard(year=2026)
    row = next(r for r in board.rows if r.unit == empty)
    assert row.arg_percent is None and row.total == 0


# --- pages ---


def test_the_city_dashboard_links_every_figure_to_its_records(
    city, client_for, reviewer
):
    response = client_for(reviewer).get(reverse("evaluations:city_dashboard"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "2 dari 3" in html
    assert "40,0 %" in html or "40.0 %" in html
    revision = (
        reverse("evaluations:dashboard_dossiers")
        + f"?status=REVISION_REQUESTED&amp;year=2026&amp;unit={city.unit_a.pk}"
    )
    assert revision in html
    assert "/units/?unit_type=PD&amp;no_focal_point=on" in html
    assert "/focal-points/?sex=P" in html
    # the trained-staff figures open the directory filtered the same way
    assert '<a href="/focal-points/?trained=1&amp;sex=L">1</a>' in html
    assert '<a href="/focal-points/?trained=1&amp;sex=P">0</a>' in html
    assert '<a href="/focal-points/?trained=1">1</a>' in html
    # charts are images with alt text, no script anywhere on the page
    assert html.count('src="data:image/svg+xml;base64,') >= 4
    assert "<script>" not in html.replace('<script src="', "")


def test_the_trained_men_link_lists_exactly_the_trained_men(city, client_for, reviewer):
    html = client_for(reviewer).get(reverse("evaluations:city_dashboard")).content
    link = re.search(rb'href="(/focal-points/\?trained=1&amp;sex=L)"', html)
    response = client_for(reviewer).get(link[1].decode().replace("&amp;", "&"))
    listed = list(response.context["page"].object_list)
    # Dinkes' trained man only: not focal_a / focal_b (P), not the untrained man
    # whose appointment in Setu ended
    assert [(a.person.sex, a.unit, a.is_trained) for a in listed] == [
        (Sex.L, city.unit_a, True)
    ]


def test_revision_requested_link_lists_exactly_those_dossiers(
    city, client_for, reviewer
):
    url = reverse("evaluations:dashboard_dossiers") + (
        f"?status=REVISION_REQUESTED&year=2026&unit={city.unit_a.pk}"
    )
    response = client_for(reviewer).get(url)
    assert list(response.context["page"].object_list) == [city.a2]


def test_not_started_link_lists_the_arg_lines_without_dossier(
    city, client_for, planner
):
    url = reverse("evaluations:dashboard_budget_lines") + (
        f"?year=2026&unit={city.unit_b.pk}&arg=on&no_dossier=on"
    )
    response = client_for(planner).get(url)
    assert list(response.context["page"].object_list) == [city.b2_line]
    assert response.context["totals"] == {"n": 1, "pagu": 50 * M}


def test_classification_link_lists_approved_dossiers_of_that_class(
    city, client_for, admin
):
    url = reverse("evaluations:dashboard_dossiers") + (
        "?status=APPROVED&year=2026&classification=CUKUP"
    )
    response = client_for(admin).get(url)
    assert list(response.context["page"].object_list) == [city.c2]


def test_the_dossier_list_keeps_a_focal_point_in_their_unit(city, client_for, focal_b):
    url = reverse("evaluations:dashboard_dossiers") + "?year=2026"
    response = client_for(focal_b).get(url)
    assert list(response.context["page"].object_list) == [city.b1]


def test_the_board_sorts_by_query_parameter(city, client_for, planner):
    url = reverse("evaluations:city_dashboard") + "?year=2026&sort=-arg"
    rows = client_for(planner).get(url).context["board"].rows
    assert [row.unit.short_name for row in rows] == [
        "Dinkes",
        "Disdik",
        "Kec. Setu",
    ]
    html = client_for(planner).get(url).content.decode()
    assert 'aria-sort="descending"' in html


def test_the_empty_state_says_what_to_do_next(db, client_for, reviewer, frozen_today):
    CycleFactory(year=2026)
    html = client_for(reviewer).get(reverse("evaluations:city_dashboard")).content
    assert "Belum ada dokumen PPRG untuk tahun 2026" in html.decode()
    assert "mulai dari Anggaran" in html.decode()


def test_without_any_cycle_the_dashboard_says_to_create_one(db, client_for, admin):
    response = client_for(admin).get(reverse("evaluations:city_dashboard"))
    assert response.status_code == 200
    assert "Belum ada siklus monev" in response.content.decode()


def test_the_unit_dashboard_page_shows_comments_and_team(city, client_for, focal_a):
    url = reverse("evaluations:unit_dashboard", args=[city.unit_a.pk])
    response = client_for(focal_a).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tambahkan data L/P 2025." in html
    assert "Sudah." not in html
    assert "Terlatih" in html
    assert "46 hari lagi" in html


def test_the_unit_dashboard_lists_the_first_open_comments_and_links_to_the_rest(
    city, client_for, focal_a
):
    # 12 more open comments on A2: the board shows the first 10 of 13 and says so;
    # the link opens the unit's dossiers of the cycle, most open comments first
    for n in range(12):
        ReviewComment.objects.create(
            dossier=city.a2, target=CommentTarget.GAP_3, text=f"Catatan {n:02d}."
        )
    board = dashboard_unit.unit_dashboard(unit=city.unit_a, year=2026)
    assert len(board.open_comments) == dashboard_unit.OPEN_COMMENTS_SHOWN == 10
    assert board.open_comment_total == 13

    client = client_for(focal_a)
    url = reverse("evaluations:unit_dashboard", args=[city.unit_a.pk])
    page = lxml_html.fromstring(client.get(url).content)
    (section,) = page.xpath('//section[@aria-labelledby="comments-title"]')
    assert len(section.xpath('.//li[contains(@class, "list-group-item")]')) == 10
    assert "Menampilkan 10 dari 13 catatan terbuka." in " ".join(
        section.text_content().split()
    )
    (link,) = section.xpath('.//a[contains(., "Lihat semua dokumen PPRG")]')
    listed = lxml_html.fromstring(client.get(link.get("href")).content)
    first = listed.xpath("//table/tbody/tr")[0]
    assert city.a2.budget_line.sub_kegiatan_name in first.text_content()
    # the row's "Catatan terbuka" cell: all 13
    assert first.xpath('td[contains(@class, "num")]')[0].text_content().strip() == "13"


def test_city_dashboard_context_can_serve_another_page(city, rf, reviewer):
    request = rf.get("/")
    request.user = reviewer
    context = __import__(
        "evaluations.views.dashboard", fromlist=["city_dashboard_context"]
    ).city_dashboard_context(request, 2025)
    assert context["board"].year == 2025
    assert context["board"].approved == 1


def test_the_charts_speak_the_readers_language(city, client_for, reviewer):
    """The charts' titles and descriptions are in the catalogue: marked with an
    alias that makemessages does not read, they once stayed Indonesian in English."""
    client = client_for(reviewer)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # the footer's switcher
    board = client.get(reverse("evaluations:city_dashboard"))
    unit = client.get(reverse("evaluations:unit_dashboard", args=[city.unit_a.pk]))

    assert "PPRG document status by regional unit type, 2026" in board.content.decode()
    assert "Highest ARG percentage, 2026" in board.content.decode()
    assert "ARG percentage of Dinkes and the city, 2026" in unit.content.decode()


# --- charts ---

EXTERNAL = re.compile(r"""(?:href|src)\s*=\s*["'](?!#|/)[^"']*""")


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.bar_chart(
            title="t",
            description="d",
            category_header="c",
            labels=["2025", "2026"],
            series=[
                charts.Series("A", [charts.Point(1, "/x?a=1"), charts.Point(2)]),
                charts.Series("B", [charts.Point(3), charts.Point(None)]),
            ],
        ),
        lambda: charts.stacked_bar_chart(
            title="t",
            description="d",
            category_header="c",
            labels=["Dinas"],
            series=[charts.Series(str(i), [charts.Point(i)]) for i in range(6)],
        ),
        lambda: charts.horizontal_bar_chart(
            title="t",
            description="d",
            category_header="c",
            value_header="v",
            points=[("A", charts.Point(12.5, "/lines/?unit=1"))],
            formatter=charts.format_percent,
        ),
        lambda: charts.line_chart(
            title="t",
            description="d",
            category_header="c",
            labels=["2025", "2026"],
            series=[charts.Series("A", [charts.Point(10), charts.Point(20)])],
            y_range=(0, 100),
        ),
    ],
    ids=["bar", "stacked", "horizontal", "line"],
)
def test_charts_are_svg_without_script_or_external_reference(make):
    chart = make()
    svg = chart.svg
    assert svg.startswith("<svg")
    assert "<script" not in svg.lower()
    assert EXTERNAL.findall(svg) == []
    assert "http://pygal.org" not in svg and "<!--" not in svg
    assert "font-family" in svg and "DejaVu Sans" in svg
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")
    assert str(chart.inline_svg) == svg
    assert chart.rows and chart.columns


def test_bars_of_later_series_get_fill_patterns_for_grayscale():
    chart = charts.bar_chart(
        title="t",
        description="d",
        category_header="c",
        labels=["2026"],
        series=[charts.Series(n, [charts.Point(1)]) for n in ("A", "B", "C")],
    )
    assert chart.svg.count("<pattern") == 2
    assert "fill:url(#" in chart.svg


def test_the_data_table_carries_the_same_values_and_links():
    chart = charts.horizontal_bar_chart(
        title="ARG",
        description="d",
        category_header="PD",
        value_header="ARG %",
        points=[
            ("Dinkes", charts.Point(40, "/a")),
            ("Setu", charts.Point(12.25, "/b")),
        ],
        formatter=charts.format_percent,
    )
    assert chart.columns == ("PD", "ARG %")
    assert [(r.label, r.cells[0].text, r.cells[0].url) for r in chart.rows] == [
        ("Dinkes", "40,0 %", "/a"),
        ("Setu", "12,3 %", "/b"),
    ]
    assert 'href="/a"' in chart.svg  # the bar itself links too (PDF, standalone)


def test_inline_svg_renders_in_a_pdf():
    from pug_portal.reports.pdf import html_to_pdf

    chart = charts.bar_chart(
        title="t",
        description="d",
        category_header="c",
        labels=["2026"],
        series=[charts.Series("A", [charts.Point(1)])],
    )
    import io

    stream = io.BytesIO()
    html_to_pdf(f"<html><body>{chart.inline_svg}</body></html>", stream)
    assert stream.getvalue().startswith(b"%PDF")


def test_the_board_footer_adds_up_the_rows_shown(city, client_for, reviewer):
    url = reverse("evaluations:city_dashboard") + "?year=2026&unit_type=KECAMATAN"
    html = client_for(reviewer).get(url).content.decode()
    footer = html[html.index("<tfoot>") : html.index("</tfoot>")]
    links = {
        key: (href, int(n))
        for href, key, n in re.findall(
            r'<a href="([^"]+)" data-status="(\w+)">(\d+)</a>', footer
        )
    }
    totals = {key: n for key, (_href, n) in links.items()}
    assert totals["NOT_STARTED"] == 1 and totals["SUBMITTED"] == 1
    assert totals["APPROVED"] == 0  # the approved dossiers are in Dinas units
    assert "unit_type=KECAMATAN" in links["APPROVED"][0]


def test_the_print_include_puts_the_svg_inline_for_pdfs():
    from django.template.loader import render_to_string

    chart = charts.bar_chart(
        title="Klasifikasi",
        description="d",
        category_header="Tahun",
        labels=["2026"],
        series=[charts.Series("Responsif", [charts.Point(3, "/x")])],
    )
    html = render_to_string(
        "evaluations/dashboard/includes/chart_print.html", {"chart": chart}
    )
    assert "<svg" in html and "data:image" not in html
    assert "<caption>Klasifikasi</caption>" in html
    assert '<a href="/x">3</a>' in html


def test_a_year_without_cycle_or_a_bad_year_shows_an_empty_board(
    city, client_for, reviewer
):
    bad = client_for(reviewer).get(reverse("evaluations:city_dashboard") + "?year=x")
    assert bad.context["board"].year == 2026
    empty = client_for(reviewer).get(
        reverse("evaluations:city_dashboard") + "?year=2030"
    )
    assert empty.status_code == 200
    assert empty.context["board"].dossiers_total == 0
    assert "Belum ada dokumen PPRG untuk tahun 2030" in empty.content.decode()


@pytest.mark.parametrize("year", ["²", "٢٠٢٦x", "-1", " 2026"])
def test_a_year_that_int_refuses_shows_the_current_board(
    city, client_for, reviewer, unit_a, year
):
    """`?year=²` passes str.isdigit() but not int(): no server error."""
    client = client_for(reviewer)
    for url in (
        reverse("evaluations:city_dashboard"),
        reverse("evaluations:unit_dashboard", args=[unit_a.pk]),
    ):
        response = client.get(url, {"year": year})
        assert response.status_code == 200
        assert response.context["board"].year == 2026
