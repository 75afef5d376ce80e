"""The demo: both instruments for two years, Dinkes's self-assessments (last year's
approved, this year's a draft) and this year's city evaluation with the portal's
figures; idempotent."""

import io

import pytest
from django.core.management import call_command

from assessments.models import (
    PLAN_AREAS,
    Instrument,
    PlanAchievement,
    PokjaPlan,
    SelfAssessment,
)
from evaluations.workflow import Status

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_the_evaluation_once(settings, frozen_today):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert Instrument.objects.count() == 4
    dinkes = SelfAssessment.objects.filter(unit__short_name="Dinkes").order_by("year")
    assert [(a.year, a.status) for a in dinkes] == [
        (2025, Status.APPROVED),
        (2026, Status.DRAFT),
    ]
    city = SelfAssessment.objects.get(instrument__scope="CITY")
    assert city.year == 2026
    figures = dict(
        city.answers.exclude(portal_value="").values_list("item__code", "portal_value")
    )
    assert len(figures) == 8
    # the 2026 annual plan: 4 of its 10 rows have their 2026 achievement
    assert figures["H.3"] == "40"
    assert "A.5" in figures  # the Pokja members (unit heads) trained


def test_the_demo_holds_the_pokja_plans(settings, frozen_today):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    plans = PokjaPlan.objects.order_by("kind").with_counts()
    assert [(p.kind, p.period, p.status, p.row_count) for p in plans] == [
        ("LIMA_TAHUNAN", "2026–2030", "DITETAPKAN", 10),
        ("TAHUNAN", "2026", "DITETAPKAN", 10),
    ]
    annual = plans[1]
    assert annual.parent == plans[0] and annual.decree.is_pokja
    assert PlanAchievement.objects.filter(row__plan=annual, year=2026).count() == 4
    assert {r.area for r in annual.rows.all()} == {v for v, _ in PLAN_AREAS}
