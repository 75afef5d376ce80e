"""Bappeda as co-reviewer where the instrument names it: a note per item while the
assessment is submitted or in review, shown to the verifier; refused elsewhere."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessments.models import CoReviewer
from assessments.services.assessments import (
    assessment_co_review,
    assessment_save,
    assessment_submit,
)
from tests.assessments.conftest import item_pk

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_a(assessment_a, focal_a):
    instrument = assessment_a.instrument
    instrument.co_reviewers = CoReviewer.BAPPEDA
    instrument.save(update_fields=["co_reviewers"])
    answers = {
        item_pk(instrument, c): {"value": v}
        for c, v in (("K1", "ya"), ("K2", "Penuh"), ("B1", "50"), ("B2", "3"))
    }
    assessment_save(assessment=assessment_a, by=focal_a, version=1, answers=answers)
    return assessment_submit(assessment=assessment_a, by=focal_a)


def test_bappeda_notes_an_item_and_the_verifier_sees_it(
    submitted_a, planner, reviewer, client_for
):
    b1 = item_pk(submitted_a.instrument, "B1")
    response = client_for(planner).post(
        reverse("assessments:assessment_co_review", args=[submitted_a.pk]),
        {
            f"co_review_note-{b1}": "Renja 2026 memuat 3 dari 8 program dengan indikator."
        },
    )
    assert response.status_code == 302
    answer = submitted_a.answers.get(item_id=b1)
    assert answer.co_reviewed_by == planner
    page = client_for(reviewer).get(
        reverse("assessments:assessment_review", args=[submitted_a.pk])
    )
    assert "Renja 2026 memuat 3 dari 8 program" in page.content.decode()


def test_no_co_review_where_the_instrument_names_none(submitted_a, planner):
    instrument = submitted_a.instrument
    instrument.co_reviewers = CoReviewer.NONE
    instrument.save(update_fields=["co_reviewers"])
    with pytest.raises(PermissionDenied):
        assessment_co_review(assessment=submitted_a, by=planner, notes={})


def test_no_co_review_of_a_draft(assessment_a, planner):
    instrument = assessment_a.instrument
    instrument.co_reviewers = CoReviewer.BOTH
    instrument.save(update_fields=["co_reviewers"])
    with pytest.raises(ValidationError):
        assessment_co_review(assessment=assessment_a, by=planner, notes={})
