"""The Rencana Pokja PUG's achievement and the Pokja members trained: one
definition (selectors.plans.plan_progress) on the city board and in the city
evaluation's pre-filled figures, on hand-built data with exact values, as of a
past year (what changes afterwards leaves 2025 alone); a write shows on the
board's next view (the cached board's data version changes)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.figures import YearRecords, pokja_trained, rencana_achievement
from assessments.models import (
    AnswerType,
    InstrumentScope,
    ItemGroup,
    PlanKind,
    PlanStatus,
)
from assessments.selectors.plans import (
    plan_for_year,
    plan_progress,
    plan_progress_by_year,
)
from assessments.services.assessments import assessment_start
from assessments.services.plans import AchievementInput, achievements_record
from evaluations import board_cache
from focal_points.models import PokjaMembership, Sex
from tests.assessments.factories import (
    InstrumentFactory,
    ItemFactory,
    PlanFactory,
    PlanRowFactory,
    plan_achievement,
    plan_target,
)
from tests.factories import (
    AppointmentFactory,
    AttendanceFactory,
    CycleFactory,
    DecreeFactory,
    EventFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
Y = 2025


def at(year, month, day):
    return datetime.datetime(year, month, day, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def plans_2025(frozen_today):
    """The five-year plan 2025–2029 and the 2025 annual plan (ditetapkan), and a
    later draft annual plan for 2025 (not the one that speaks for the year).
    Annual 2025: four rows —
      r1 target 2025, achieved 100 %   → achieved, met
      r2 target 2025, achieved 50 %    → achieved
      r3 target 2025, nothing recorded
      r4 no target for 2025 (empty), an achievement anyway → not counted
    → 2 of 3 rows = 66.67 %, 1 met."""
    five = PlanFactory(start_year=Y, title="Rencana 2025–2029")
    annual = PlanFactory(
        kind=PlanKind.ANNUAL,
        start_year=Y,
        parent=five,
        title="Rencana Kerja 2025",
        status=PlanStatus.ADOPTED,
    )
    r1, r2, r3, r4 = PlanRowFactory.create_batch(4, plan=annual)
    for row in (r1, r2, r3):
        plan_target(row, Y, "1")
    plan_achievement(r1, Y, percent=Decimal(100))
    plan_achievement(r2, Y, percent=Decimal(50))
    plan_achievement(r4, Y, value="ada")
    # the five-year plan's own rows and the later draft do not count for 2025
    five_row = PlanRowFactory(plan=five)
    plan_target(five_row, Y, "x")
    plan_target(five_row, Y + 1, "y")
    draft = PlanFactory(kind=PlanKind.ANNUAL, start_year=Y, title="Draf lain")
    plan_target(PlanRowFactory(plan=draft), Y, "z")
    return {
        "five": five,
        "annual": annual,
        "rows": (r1, r2, r3, r4),
        "five_row": five_row,
    }


def test_the_annual_ditetapkan_plan_speaks_for_its_year(plans_2025):
    assert plan_for_year(Y) == plans_2025["annual"]
    # a year without an annual plan falls back to the five-year plan
    assert plan_for_year(Y + 1) == plans_2025["five"]
    assert plan_for_year(Y + 5) is None


def test_the_achievement_counts_rows_with_a_target_for_the_year(plans_2025):
    progress = plan_progress(Y)
    assert (progress.with_target, progress.achieved, progress.met) == (3, 2, 1)
    assert progress.percent == Decimal("66.67")


def test_the_prefill_figure_is_the_same_and_links_to_the_plan(plans_2025):
    figure = rencana_achievement(YearRecords(Y))
    assert figure.value == "66.67"
    assert figure.text == (
        "2 dari 3 baris Rencana Kerja 2025 (2025) dengan target 2025 sudah dicatat "
        "capaiannya; 1 mencapai target"
    )
    assert figure.url == plans_2025["annual"].get_absolute_url()


def test_another_years_achievement_leaves_the_year_alone(plans_2025, reviewer):
    achievements_record(
        plan=plans_2025["five"],
        by=reviewer,
        year=Y + 1,
        entries=[
            AchievementInput(row_pk=plans_2025["five_row"].pk, percent=Decimal(100))
        ],
    )
    assert rencana_achievement(YearRecords(Y)).value == "66.67"
    assert plan_progress(Y + 1).achieved == 1


def test_the_plan_page_counts_each_year_apart_in_one_query(
    plans_2025, django_assert_num_queries
):
    """The five-year plan's own row: a target in 2025 and 2026, achieved 100 % in
    2026 only; three more rows with a 2026 target, one achieved at 40 %."""
    five = plans_2025["five"]
    plan_achievement(plans_2025["five_row"], Y + 1, percent=Decimal(100))
    extra = PlanRowFactory.create_batch(3, plan=five)
    for row in extra:
        plan_target(row, Y + 1, "2")
    plan_achievement(extra[0], Y + 1, percent=Decimal(40))
    with django_assert_num_queries(1):
        progress = plan_progress_by_year(five, five.years)
    counts = [(p.year, p.with_target, p.achieved, p.met) for p in progress]
    assert counts == [
        (2025, 1, 0, 0),
        (2026, 4, 2, 1),
        (2027, 0, 0, 0),
        (2028, 0, 0, 0),
        (2029, 0, 0, 0),
    ]
    assert [p.percent for p in progress] == [
        Decimal("0.00"),
        Decimal("50.00"),
        None,
        None,
        None,
    ]


def test_no_plan_no_figure(frozen_today):
    assert rencana_achievement(YearRecords(Y)) is None


@pytest.fixture
def pokja_2025(frozen_today):
    """The SK Pokja PUG in force from 10 January 2025, and its members:
      A (P) member all 2025, trained at a bimtek in March 2025       → trained P
      B (L) member all 2025, trained only in February 2026           → member
      C (L) trained 2025 but left the Pokja on 30 June 2025          → not counted
      D (L) member, at a sosialisasi only (not a training)           → member
      F (L) member twice (two rows), trained in May 2025             → trained L, once
      E (L) trained 2025, joined only on 15 January 2026             → not in 2025
    and a focal point trained in 2025 who is not in the Pokja.
    On 31 December 2025: 4 members, trained L 1, P 1 → 2."""
    sk = DecreeFactory(
        unit=None,
        decree_type="POKJA",
        issuer_type="WALI_KOTA",
        fiscal_year=Y,
        date=datetime.date(Y, 1, 10),
        valid_from=datetime.date(Y, 1, 10),
    )
    bimtek_2025 = EventFactory(starts_at=at(Y, 3, 4), ends_at=at(Y, 3, 5))
    pelatihan_2025 = EventFactory(
        event_type="PELATIHAN_PPRG", starts_at=at(Y, 5, 6), ends_at=at(Y, 5, 7)
    )
    bimtek_2026 = EventFactory(starts_at=at(Y + 1, 2, 1), ends_at=at(Y + 1, 2, 2))
    sosialisasi = EventFactory(
        event_type="SOSIALISASI", starts_at=at(Y, 4, 1), ends_at=at(Y, 4, 1)
    )
    people = {}

    def member(key, sex, start=datetime.date(Y, 2, 1), end=None, events=()):
        person = people.get(key) or PersonFactory(
            sex=sex,
            nip=f"19800101200501{'1' if sex == Sex.L else '2'}{len(people):03d}",
        )
        people[key] = person
        PokjaMembership.objects.create(
            person=person,
            decree=sk,
            pokja_role="ANGGOTA",
            start_date=start,
            end_date=end,
        )
        for event in events:
            AttendanceFactory(event=event, person=person, sex=sex, attended=True)

    member("A", Sex.P, events=[bimtek_2025])
    member("B", Sex.L, events=[bimtek_2026])
    member("C", Sex.L, end=datetime.date(Y, 6, 30), events=[bimtek_2025])
    member("D", Sex.L, events=[sosialisasi])
    member("F", Sex.L, events=[pelatihan_2025])
    member("F", Sex.L, start=datetime.date(Y, 3, 1))
    member("E", Sex.L, start=datetime.date(Y + 1, 1, 15), events=[bimtek_2025])
    focal = AppointmentFactory(person=PersonFactory(sex=Sex.P))
    AttendanceFactory(event=bimtek_2025, person=focal.person, attended=True)
    return people


def test_pokja_members_trained_as_of_the_years_last_day(pokja_2025):
    figure = pokja_trained(YearRecords(Y))
    assert figure.value == "2"
    assert figure.text == (
        "2 anggota Pokja PUG terlatih (L 1, P 1) dari 4, per 2025-12-31"
    )
    assert figure.url == (reverse("focal_points:decree_list") + "?decree_type=POKJA")


def test_the_current_year_is_taken_today(pokja_2025):
    # 15 June 2026: E has joined, B is trained now → A, B, E, F trained of 5
    figure = pokja_trained(YearRecords(Y + 1))
    assert figure.text == (
        "4 anggota Pokja PUG terlatih (L 3, P 1) dari 5, per 2026-06-15"
    )


def test_no_pokja_member_no_figure(frozen_today):
    assert pokja_trained(YearRecords(Y)) is None


def test_the_city_evaluation_of_2025_starts_with_both_figures(
    plans_2025, pokja_2025, reviewer
):
    city = InstrumentFactory(year=Y, scope=InstrumentScope.CITY)
    ItemFactory(
        instrument=city,
        code="A.5",
        group=ItemGroup.PELEMBAGAAN,
        answer_type=AnswerType.NUMBER,
        target=Decimal(10),
        figure="POKJA_TRAINED",
    )
    ItemFactory(
        instrument=city,
        code="H.3",
        group=ItemGroup.PELAPORAN,
        answer_type=AnswerType.PERCENT,
        figure="RENCANA_ACHIEVEMENT",
    )
    assessment = assessment_start(by=reviewer, instrument=city)
    answers = {a.item.code: a for a in assessment.answers.select_related("item")}
    assert {c: (a.portal_value, a.value) for c, a in answers.items()} == {
        "A.5": ("2", "2"),
        "H.3": ("66.67", "66.67"),
    }
    assert answers["H.3"].portal_url == plans_2025["annual"].get_absolute_url()


# --- the city board -------------------------------------------------------------------


def test_the_board_shows_the_figure_and_a_write_on_the_next_view(
    frozen_today, client_for, reviewer, django_capture_on_commit_callbacks
):
    CycleFactory(year=2026)
    plan = PlanFactory(kind=PlanKind.ANNUAL, start_year=2026, title="Rencana 2026")
    rows = PlanRowFactory.create_batch(2, plan=plan)
    for row in rows:
        plan_target(row, 2026, "1")
    client = client_for(reviewer)
    board = reverse("evaluations:city_dashboard") + "?year=2026"
    page = client.get(board).content.decode()
    assert "Capaian Rencana Pokja PUG 2026" in page
    assert "0 dari 2 baris (0,0%)" in page
    assert "Capaian = baris rencana yang capaian tahunnya sudah dicatat" in page
    # the service's transaction commits: the board's data version changes
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        achievements_record(
            plan=plan,
            by=reviewer,
            year=2026,
            entries=[AchievementInput(row_pk=rows[0].pk, percent=Decimal(100))],
        )
    assert callbacks.count(board_cache._new_version) == 1
    page = client.get(board).content.decode()
    assert "1 dari 2 baris (50,0%)" in page
    assert "1 baris mencapai target." in page


def test_without_a_plan_the_board_says_so(frozen_today, client_for, reviewer):
    CycleFactory(year=2026)
    page = client_for(reviewer).get(
        reverse("evaluations:city_dashboard") + "?year=2026"
    )
    assert "Belum ada Rencana Pokja PUG untuk tahun ini." in page.content.decode()
