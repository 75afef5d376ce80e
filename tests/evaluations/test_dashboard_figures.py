"""Each figure function of the dashboards and recaps runs a fixed number of queries,
pinned here at two data sizes (4 units and 40 dossiers; 24 units and 600 dossiers)
so that a per-unit or per-row query would show as growth. The whole pages are pinned
in test_dashboard_queries.py; what the figures are, in test_dashboard.py.

Each test also checks that the figure saw the data of its size, so a pin on an empty
result cannot pass by accident.
"""

import pytest

from evaluations import charts
from evaluations.models import BudgetLine, Dossier, EvaluationCycle, ReviewComment
from evaluations.selectors import dashboard, dashboard_city, dashboard_unit
from evaluations.workflow import Status
from focal_points.models import Unit, UnitType
from tests.evaluations.test_dashboard_queries import (
    BOARD_CACHE_HIT,
    BOARD_CACHE_MISS,
    build,
)
from tests.factories import UnitFactory, UserFactory, appoint

SIZES = [(4, 40), (24, 600)]


@pytest.fixture(params=SIZES, ids=["4 units, 40 dossiers", "24 units, 600 dossiers"])
def city(request, db, frozen_today):
    """`units` units of every type, the odd ones with a focal point; `dossiers` dossiers
    over 2025 and 2026 (tests.evaluations.test_dashboard_queries.build)."""
    n_units, n_dossiers = request.param
    units = [
        UnitFactory(unit_type=UnitType.values[i % len(UnitType.values)])
        for i in range(n_units)
    ]
    for unit in units[1::2]:
        appoint(UserFactory(username=f"fp_{unit.pk}"), unit)
    build(n_dossiers, units)
    cycle = EvaluationCycle.objects.get(year=2026)
    return {"units": units, "dossiers": n_dossiers, "cycle": cycle, "on": frozen_today}


@pytest.fixture
def board(city):
    return dashboard_city.city_dashboard(year=2026, on=city["on"])


def unit_ids(city) -> list[int]:
    return [u.pk for u in city["units"]]


# --- the city board, one figure at a time ---


def test_cycles_one_query(city, django_assert_num_queries):
    with django_assert_num_queries(1):  # the cycles, newest first
        assert [c.year for c in dashboard.cycles()] == [2026, 2025]


def test_board_units_one_query(city, django_assert_num_queries):
    with django_assert_num_queries(
        1
    ):  # units with EXISTS(focal point of the year), lines, dossiers
        units = dashboard_city.board_units(year=2026, cycle_id=city["cycle"].pk)
        covered = [u for u in units if u.has_year_focal_point]
    assert len(units) == len(city["units"])
    assert len(covered) == len(city["units"][::2])


def test_status_counts_by_unit_one_query(city, django_assert_num_queries):
    # dossiers by unit and status UNION ALL ARG lines without dossier by unit
    with django_assert_num_queries(1):
        counts = dashboard_city.status_counts_by_unit(
            year=2026, cycle_id=city["cycle"].pk
        )
    dossiers = sum(
        n for c in counts.values() for k, n in c.items() if k != "NOT_STARTED"
    )
    assert dossiers == Dossier.objects.filter(cycle=city["cycle"]).count()
    assert sum(c["NOT_STARTED"] for c in counts.values()) == (
        dashboard.not_started_lines(2026).count()
    )


def test_arg_by_unit_three_queries(city, django_assert_num_queries):
    lines_2026 = BudgetLine.objects.filter(year=2026)
    # the year's lines by unit (ARG pagu, flagged), total belanja, realisation
    with django_assert_num_queries(3):
        arg = dashboard.arg_by_unit(year=2026)
    assert set(arg) >= set(lines_2026.values_list("unit_id", flat=True))
    assert len(arg) >= len(city["units"]) // 2
    counted = [f for f in arg.values() if f.percent is not None]
    assert counted and all(0 <= f.percent <= 100 for f in counted)
    assert any(f.percent for f in counted)
    assert any(f.flagged for f in arg.values())


def test_arg_by_unit_of_some_units_three_queries(city, django_assert_num_queries):
    some = unit_ids(city)[1::2]  # the units with dossiers in 2026
    with django_assert_num_queries(3):  # the same, for the unit recap's units
        assert set(dashboard.arg_by_unit(year=2026, units=some)) == set(some)


def test_arg_by_year_three_queries(city, django_assert_num_queries):
    # every year's lines (ARG pagu, flagged), total belanja, realisation
    with django_assert_num_queries(3):
        assert set(dashboard.arg_by_year()) == {2025, 2026}


def test_classifications_by_year_one_query(city, django_assert_num_queries):
    year_of = {c.pk: c.year for c in EvaluationCycle.objects.all()}
    with django_assert_num_queries(1):  # approved reviewer scores by cycle and class
        classes = dashboard_city.classifications_by_year(year_of)
    approved = Dossier.objects.filter(status=Status.APPROVED).count()
    assert sum(sum(c.values()) for c in classes.by_year.values()) == approved
    assert classes.average(2026) is not None


def test_approvals_by_year_one_query(city, django_assert_num_queries):
    year_of = {c.pk: c.year for c in EvaluationCycle.objects.all()}
    with django_assert_num_queries(1):  # dossiers and approved dossiers by cycle
        approvals = dashboard_city.approvals_by_year(year_of)
    assert sum(a["n"] for a in approvals.values()) == city["dossiers"]


def test_focal_point_people_one_query(city, django_assert_num_queries):
    with django_assert_num_queries(1):  # one aggregate, COUNT DISTINCT by sex
        people = dashboard_city.focal_point_people(on=city["on"])
    assert people["total"] == len(city["units"][::2])


def test_documents_by_unit_one_query(city, django_assert_num_queries):
    # the cycle's dossiers by unit: complete GAP, GBS amount, KAK (EXISTS action row)
    with django_assert_num_queries(1):
        documents = dashboard_city.documents_by_unit(cycle_id=city["cycle"].pk)
    assert sum(d["n"] for d in documents.values()) == city["dossiers"] // 2


def test_putting_the_board_together_runs_no_query(city, django_assert_num_queries):
    units = dashboard_city.board_units(year=2026, cycle_id=city["cycle"].pk)
    counts = dashboard_city.status_counts_by_unit(year=2026, cycle_id=city["cycle"].pk)
    arg = dashboard.arg_by_unit(year=2026)
    with django_assert_num_queries(0):
        rows = dashboard_city.board_rows(units, counts, arg)
        rows = dashboard_city.sort_rows(rows, "-arg")
        totals = dashboard_city.status_totals(rows)
        dashboard_city.status_by_type(rows)
        dashboard_city.focal_point_coverage(units)
        dashboard_city.trend({2025, 2026}, {}, {})
    assert len(rows) == len(city["units"])
    assert sum(totals.values()) == sum(sum(c.values()) for c in counts.values())


def test_the_city_board_runs_twelve_queries(city, django_assert_num_queries):
    # cycles, units, status counts, ARG by unit (3), classifications, approvals by
    # year, ARG by year (3), focal point people
    with django_assert_num_queries(12):
        board = dashboard_city.city_dashboard(
            year=2026, sort="name", on=city["on"], unit_type=dashboard_city.ALL_UNITS
        )
    assert len(board.rows) == len(city["units"])


def test_the_boards_charts_run_no_query(board, django_assert_num_queries):
    with django_assert_num_queries(0):
        made = charts.city_charts(board)
        charts.recap_charts(board)
    assert not made["status_by_type"].is_empty


# --- the unit dashboard, one figure at a time ---


@pytest.fixture
def unit(city) -> Unit:
    """A unit with dossiers in 2026 (build() gives the odd units that year)."""
    return city["units"][1]


def test_team_by_unit_one_query(city, unit, django_assert_num_queries):
    with django_assert_num_queries(1):  # current appointments with EXISTS(trained)
        team = dashboard_unit.team_by_unit(units=unit_ids(city), on=city["on"])
        names = [a.person.name for people in team.values() for a in people]
        trained = [a.is_trained for people in team.values() for a in people]
    assert len(names) == len(trained) == len(city["units"][::2])


def test_dossiers_by_unit_one_query(city, django_assert_num_queries):
    # the year's dossiers: joins, COUNT of open comments, score subqueries
    with django_assert_num_queries(1):
        dossiers = dashboard_unit.dossiers_by_unit(units=unit_ids(city), year=2026)
        shown = [
            (d.budget_line.sub_kegiatan_code, d.open_comments, d.reviewer_total)
            for unit_dossiers in dossiers.values()
            for d in unit_dossiers
        ]
    assert len(shown) == city["dossiers"] // 2


def test_open_comments_one_query(city, django_assert_num_queries):
    commented = ReviewComment.objects.filter(dossier__cycle=city["cycle"]).first()
    unit = commented.dossier.unit
    with django_assert_num_queries(1):  # comments with their dossier, line and author
        comments, total = dashboard_unit.open_comments(
            unit=unit, cycle_id=city["cycle"].pk
        )
        [(c.dossier.budget_line.sub_kegiatan_name, c.author) for c in comments]
    assert commented in comments
    assert (
        total
        == ReviewComment.objects.filter(
            dossier__unit=unit, dossier__cycle=city["cycle"], resolved=False
        ).count()
    )


def test_unit_and_city_arg_three_queries(unit, django_assert_num_queries):
    # the unit's: one aggregate each over its own rows (lines, total belanja,
    # realisation); the city's the same over the year's, then from the cache
    # (the data version and the entry, one read) until a figure's model is written
    with django_assert_num_queries(3 + 3 + BOARD_CACHE_MISS):
        mine, city = dashboard.unit_and_city_arg(unit_id=unit.pk, year=2026)
    with django_assert_num_queries(3 + BOARD_CACHE_HIT):
        again = dashboard.unit_and_city_arg(unit_id=unit.pk, year=2026)
    assert again == (mine, city)
    assert 0 < mine.total_pagu < city.total_pagu
    assert 0 < mine.total_belanja < city.total_belanja


def test_not_started_lines_of_a_unit_one_query(city, django_assert_num_queries):
    unit = dashboard.not_started_lines(2026).first().unit
    with django_assert_num_queries(1):  # ARG lines with NOT EXISTS(dossier)
        lines = list(dashboard.not_started_lines(2026).filter(unit=unit))
    assert lines and all(line.is_arg for line in lines)
    assert not BudgetLine.objects.filter(
        pk__in=[x.pk for x in lines], dossiers__isnull=False
    )


def test_the_unit_board_runs_ten_queries(city, unit, django_assert_num_queries):
    # cycles, team, SK focal point of the year, dossiers by status, ARG lines not
    # started, open comments, unit and city ARG (3), the unit's total belanja row;
    # the dossiers themselves are listed a page at a time by the view; the city's
    # ARG figures come from the cache once built (city_arg)
    dashboard_unit.unit_dashboard(unit=unit, year=2026, on=city["on"])
    with django_assert_num_queries(10 + BOARD_CACHE_HIT):
        board = dashboard_unit.unit_dashboard(unit=unit, year=2026, on=city["on"])
    with django_assert_num_queries(0):
        chart = charts.unit_arg_chart(board)
    assert board.dossier_query.exists() and board.team and not chart.is_empty
    assert sum(board.counts.values()) > 0
