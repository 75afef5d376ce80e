"""Factories of the assessments app (instruments, items, self-assessments)."""

from decimal import Decimal

import factory

from assessments.models import (
    Answer,
    AnswerType,
    Instrument,
    InstrumentItem,
    InstrumentScope,
    ItemGroup,
    SelfAssessment,
)
from tests.factories import UnitFactory


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    name = factory.Sequence(lambda n: f"Instrumen Uji {n}")
    legal_basis = "Permen PPPA No. 5 Tahun 2025"
    year = 2026
    scope = InstrumentScope.UNIT


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstrumentItem

    instrument = factory.SubFactory(InstrumentFactory)
    order = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"K.{n}")
    group = ItemGroup.KOMITMEN
    question = factory.Sequence(lambda n: f"Pertanyaan {n}?")
    answer_type = AnswerType.YES_NO
    weight = Decimal("1")


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    instrument = factory.SubFactory(InstrumentFactory)
    unit = factory.SubFactory(UnitFactory)
    year = factory.SelfAttribute("instrument.year")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    assessment = factory.SubFactory(AssessmentFactory)
    item = factory.SubFactory(
        ItemFactory, instrument=factory.SelfAttribute("..assessment.instrument")
    )
    value = "ya"
