"""The demo: both instruments for two years, Dinkes's self-assessments (last year's
approved, this year's a draft) and this year's city evaluation with the portal's
figures; idempotent."""

import io

import pytest
from django.core.management import call_command

from assessments.models import Instrument, SelfAssessment
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
    assert city.answers.exclude(portal_value="").count() == 6
