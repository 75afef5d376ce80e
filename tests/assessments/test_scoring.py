"""Scores from the weights, in one place: exact sub-scores per group and the total,
self and verified, on a hand-built instrument."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments import scoring
from assessments.selectors.assessments import item_rows, scores
from assessments.services.assessments import (
    assessment_approve,
    assessment_save,
    assessment_start_review,
    assessment_submit,
    assessment_verify,
)
from tests.assessments.conftest import item_pk

pytestmark = pytest.mark.django_db


def answer_all(assessment, user, **values):
    instrument = assessment.instrument
    return assessment_save(
        assessment=assessment,
        by=user,
        version=assessment.version,
        answers={
            item_pk(instrument, code): {"value": value}
            for code, value in values.items()
        },
    )


def test_sub_scores_and_total_follow_the_weights_exactly(assessment_a, focal_a):
    answer_all(
        assessment_a, focal_a, K1="ya", K2="Sebagian", B1="37,5", B2="4", B3="uraian"
    )
    result = scores(item_rows(assessment_a))
    komitmen, kebijakan = result.groups
    # K1 2×1 + K2 4×(1/2) = 4 of 6;  B1 3×0,375 + B2 1×(4/10) + B3 0 = 1,525 of 4
    assert (komitmen.group, komitmen.weight, komitmen.self_points) == (
        "KOMITMEN",
        Decimal(6),
        Decimal(4),
    )
    assert komitmen.self_percent == Decimal("66.67")
    assert (kebijakan.weight, kebijakan.self_points) == (Decimal(4), Decimal("1.525"))
    assert result.total.self_points == Decimal("5.525")
    assert result.total.weight == Decimal(10)
    assert result.total.self_percent == Decimal("55.25")
    assert result.total.verified_points == 0


def test_verified_scores_stand_beside_the_self_scores(assessment_a, focal_a, reviewer):
    answer_all(assessment_a, focal_a, K1="ya", K2="Penuh", B1="100", B2="12")
    assessment_submit(assessment=assessment_a, by=focal_a)
    assessment_start_review(assessment=assessment_a, by=reviewer)
    instrument = assessment_a.instrument
    assessment_verify(
        assessment=assessment_a,
        by=reviewer,
        answers={
            item_pk(instrument, "K2"): {
                "verified_value": "Belum",
                "verified_note": "SK belum ditandatangani",
            },
            item_pk(instrument, "B1"): {"verified_value": "50"},
        },
    )
    assessment_approve(assessment=assessment_a, by=reviewer)
    result = scores(item_rows(assessment_a))
    # self: 2 + 4 + 3 + 1 (12 ≥ target 10, at most full) = 10
    # verified: K1 accepted 2, K2 0, B1 1,5, B2 accepted 1 = 4,5
    assert result.total.self_points == Decimal(10)
    assert result.total.verified_points == Decimal("4.5")
    assert result.group("KOMITMEN").verified_points == Decimal(2)
    assert result.group("KEBIJAKAN").verified_points == Decimal("2.5")


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("B1", "101", "antara 0 dan 100"),
        ("B1", "-1", "negatif"),
        ("K1", "5", "ya atau tidak"),
        ("K2", "Lengkap sekali", "Pilih salah satu"),
        ("B2", "sepuluh", "angka"),
    ],
)
def test_a_bad_answer_is_refused_next_to_its_item_and_nothing_is_saved(
    assessment_a, focal_a, code, value, message
):
    instrument = assessment_a.instrument
    with pytest.raises(ValidationError) as refused:
        assessment_save(
            assessment=assessment_a,
            by=focal_a,
            version=1,
            answers={
                item_pk(instrument, "K1"): {"value": "ya"},
                item_pk(instrument, code): {"value": value},
            },
        )
    errors = refused.value.message_dict
    assert message in " ".join(errors[f"value-{item_pk(instrument, code)}"])
    assert not assessment_a.answers.exists()
    assessment_a.refresh_from_db()
    assert assessment_a.version == 1


def test_fraction_is_none_for_text_and_for_a_number_without_target(instrument):
    text = instrument.items.get(code="B3")
    assert scoring.fraction(text, "apa saja") is None
    number = instrument.items.get(code="B2")
    number.target = None
    assert scoring.fraction(number, "3") is None
