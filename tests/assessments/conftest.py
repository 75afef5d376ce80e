from decimal import Decimal

import pytest

from assessments.models import AnswerType, ItemGroup
from tests.assessments.factories import (
    AssessmentFactory,
    InstrumentFactory,
    ItemFactory,
)


@pytest.fixture
def instrument(db):
    """A hand-built instrument: two groups, every answer type, weights 1–4.

    KOMITMEN:  K1 yes/no (w 2), K2 choice 0/1/2 (w 4)       → max 6
    KEBIJAKAN: B1 percent (w 3), B2 number, target 10 (w 1),
               B3 text (w 0, optional)                       → max 4"""
    instrument = InstrumentFactory(name="Instrumen uji")
    ItemFactory(
        instrument=instrument, code="K1", group=ItemGroup.KOMITMEN, weight=Decimal(2)
    )
    ItemFactory(
        instrument=instrument,
        code="K2",
        group=ItemGroup.KOMITMEN,
        answer_type=AnswerType.CHOICE,
        options=[
            {"label": "Belum", "score": 0},
            {"label": "Sebagian", "score": 1},
            {"label": "Penuh", "score": 2},
        ],
        weight=Decimal(4),
    )
    ItemFactory(
        instrument=instrument,
        code="B1",
        group=ItemGroup.KEBIJAKAN,
        answer_type=AnswerType.PERCENT,
        weight=Decimal(3),
    )
    ItemFactory(
        instrument=instrument,
        code="B2",
        group=ItemGroup.KEBIJAKAN,
        answer_type=AnswerType.NUMBER,
        target=Decimal(10),
        weight=Decimal(1),
    )
    ItemFactory(
        instrument=instrument,
        code="B3",
        group=ItemGroup.KEBIJAKAN,
        answer_type=AnswerType.TEXT,
        weight=Decimal(0),
        required=False,
    )
    return instrument


@pytest.fixture
def assessment_a(instrument, unit_a):
    return AssessmentFactory(instrument=instrument, unit=unit_a)


def item_pk(instrument, code: str) -> int:
    return instrument.items.get(code=code).pk
