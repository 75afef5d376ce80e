"""The city's evaluation pre-filled from the portal's records, as of a past fiscal
year, on a hand-built data set; the filler accepts or overrides (with a reason) and
both are kept; changes made the next year leave the past year's figures alone."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from assessments.models import AnswerType, InstrumentScope, ItemGroup, PortalFigure
from assessments.services.assessments import (
    assessment_save,
    assessment_start,
    city_prefill,
)
from evaluations.models import TotalBelanja
from evaluations.workflow import Status
from focal_points.models import FocalPointAppointment, Sex
from tests.assessments.factories import (
    AssessmentFactory,
    InstrumentFactory,
    ItemFactory,
)
from tests.factories import (
    AppointmentFactory,
    AttendanceFactory,
    BudgetLineFactory,
    CycleFactory,
    DecreeFactory,
    DossierFactory,
    EventFactory,
    PersonFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
Y = 2025


def at(year, month, day):
    return datetime.datetime(year, month, day, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def records_2025(frozen_today):
    """Four Perangkat Daerah in 2025 (DPMPPPAKB, Dinkes, Disdik, Kec. Setu) and a
    kelurahan, which is not one:
    - SK focal point for 2025: Dinkes, Disdik (and the kelurahan)  → 2 of 4 = 50 %
    - trained by the end of 2025: Dinkes's focal point (P)         → 1
    - PD melaksanakan PPRG: Dinkes (one approved dossier)          → 1 of 4 = 25 %
    - ARG: Dinkes Rp 1.000.000.000 of total belanja 100 miliar     → 1 %
    - capacity events held in 2025: 2 (and one in 2024)            → 2
    - unit self-assessments approved: Dinkes (Disdik submitted)    → 1 of 4 = 25 %"""
    dp3 = UnitFactory(short_name="DPMPPPAKB", is_coordinator=True)
    dinkes = UnitFactory(short_name="Dinkes")
    disdik = UnitFactory(short_name="Disdik")
    UnitFactory(short_name="Kec. Setu", unit_type="KECAMATAN")
    kelurahan = UnitFactory(short_name="Kel. Setu", unit_type="KELURAHAN")
    appointments = {}
    for unit in (dinkes, disdik, kelurahan):
        decree = DecreeFactory(
            unit=unit,
            fiscal_year=Y,
            date=datetime.date(Y, 1, 5),
            valid_from=datetime.date(Y, 1, 5),
        )
        appointments[unit.short_name] = AppointmentFactory(
            unit=unit,
            decree=decree,
            person=PersonFactory(sex=Sex.P),
            start_date=datetime.date(Y, 1, 10),
        )
    bimtek = EventFactory(organiser=dp3, starts_at=at(Y, 3, 4), ends_at=at(Y, 3, 5))
    AttendanceFactory(event=bimtek, person=appointments["Dinkes"].person, attended=True)
    EventFactory(
        organiser=dp3,
        event_type="SOSIALISASI",
        starts_at=at(Y, 8, 1),
        ends_at=at(Y, 8, 1),
    )
    EventFactory(organiser=dp3, starts_at=at(Y - 1, 5, 1), ends_at=at(Y - 1, 5, 1))
    cycle = CycleFactory(year=Y, open_date=datetime.date(Y, 2, 1))
    line = BudgetLineFactory(unit=dinkes, year=Y, pagu=Decimal("1000000000"))
    DossierFactory(unit=dinkes, cycle=cycle, budget_line=line, status=Status.APPROVED)
    TotalBelanja.objects.create(
        unit=dinkes, year=Y, phase="MURNI", total=Decimal("100000000000")
    )
    unit_frame = InstrumentFactory(year=Y, scope=InstrumentScope.UNIT)
    AssessmentFactory(instrument=unit_frame, unit=dinkes, status=Status.APPROVED)
    AssessmentFactory(instrument=unit_frame, unit=disdik, status=Status.SUBMITTED)
    return appointments


@pytest.fixture
def city_frame():
    instrument = InstrumentFactory(year=Y, scope=InstrumentScope.CITY)
    for n, figure in enumerate(PortalFigure.values):
        kind = (
            AnswerType.NUMBER
            if figure in ("TRAINED", "EVENTS_HELD")
            else (AnswerType.PERCENT)
        )
        ItemFactory(
            instrument=instrument,
            code=figure,
            group=ItemGroup.PELEMBAGAAN,
            answer_type=kind,
            target=Decimal(10) if kind == AnswerType.NUMBER else None,
            figure=figure,
            order=n,
        )
    return instrument


EXPECTED = {
    "SK_COVERAGE": "50",
    "TRAINED": "1",
    "PPRG": "25",
    "ARG_PERCENT": "1",
    "ASSESSMENTS_APPROVED": "25",
    "EVENTS_HELD": "2",
}


def answers_of(assessment):
    return {a.item.code: a for a in assessment.answers.select_related("item")}


def test_the_city_evaluation_starts_with_the_portal_figures_of_its_year(
    records_2025, city_frame, reviewer
):
    assessment = assessment_start(by=reviewer, instrument=city_frame)
    answers = answers_of(assessment)
    assert {code: a.portal_value for code, a in answers.items()} == EXPECTED
    assert {code: a.value for code, a in answers.items()} == EXPECTED  # accepted
    assert answers["SK_COVERAGE"].portal_text.startswith("2 dari 4 perangkat daerah")
    assert "L 0, P 1" in answers["TRAINED"].portal_text
    assert answers["PPRG"].portal_url == "/dashboard/?year=2025"


def test_an_override_needs_a_reason_and_both_answers_are_kept(
    records_2025, city_frame, reviewer
):
    assessment = assessment_start(by=reviewer, instrument=city_frame)
    item = city_frame.items.get(code="SK_COVERAGE")
    with pytest.raises(ValidationError) as refused:
        assessment_save(
            assessment=assessment,
            by=reviewer,
            version=assessment.version,
            answers={item.pk: {"value": "75"}},
        )
    assert "tulis alasannya" in str(refused.value)
    assessment_save(
        assessment=assessment,
        by=reviewer,
        version=assessment.version,
        answers={
            item.pk: {
                "value": "75",
                "override_reason": "SK Disperkim terbit Desember, belum diunggah",
            }
        },
    )
    answer = answers_of(assessment)["SK_COVERAGE"]
    assert (answer.value, answer.portal_value) == ("75", "50")
    assert answer.override_reason.startswith("SK Disperkim")


def test_changes_of_the_next_year_leave_the_past_years_figures_as_they_were(
    records_2025, city_frame, reviewer
):
    assessment = assessment_start(by=reviewer, instrument=city_frame)
    with time_machine.travel(at(2026, 9, 1), tick=False):
        FocalPointAppointment.objects.filter(pk=records_2025["Dinkes"].pk).update(
            end_date=datetime.date(2026, 8, 31)
        )
        EventFactory(
            organiser=records_2025["Dinkes"].unit,
            starts_at=at(2026, 8, 1),
            ends_at=at(2026, 8, 1),
        )
        city_prefill(assessment=assessment, by=reviewer)
    assert {
        code: a.portal_value for code, a in answers_of(assessment).items()
    } == EXPECTED
