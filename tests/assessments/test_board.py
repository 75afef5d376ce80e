"""The self-assessment status per unit: a column of the compliance board and a line
of the unit dashboard (added through evaluations.extensions)."""

import pytest
from django.urls import reverse

from evaluations.workflow import Status
from tests.assessments.factories import AssessmentFactory
from tests.factories import CycleFactory

pytestmark = pytest.mark.django_db


def test_the_board_shows_each_units_self_assessment_status(
    assessment_a, unit_b, reviewer, client_for
):
    CycleFactory(year=2026)
    AssessmentFactory(unit=unit_b, status=Status.APPROVED)
    html = client_for(reviewer).get(reverse("evaluations:city_dashboard")).content
    page = html.decode()
    assert "Penilaian mandiri" in page
    assert f'href="{assessment_a.get_absolute_url()}"' in page
    assert "Draf" in page and "Disetujui" in page


def test_the_unit_dashboard_shows_its_self_assessment_status(
    assessment_a, unit_a, focal_a, client_for
):
    CycleFactory(year=2026)
    url = reverse("evaluations:unit_dashboard", args=[unit_a.pk])
    page = client_for(focal_a).get(url).content.decode()
    assert "Penilaian mandiri:" in page
    assert assessment_a.get_absolute_url() in page


def test_a_unit_without_one_reads_not_started(unit_a, focal_a, client_for):
    CycleFactory(year=2026)
    url = reverse("evaluations:unit_dashboard", args=[unit_a.pk])
    assert "Belum dimulai" in client_for(focal_a).get(url).content.decode()
