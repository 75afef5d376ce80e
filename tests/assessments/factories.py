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
    PlanAchievement,
    PlanKind,
    PlanRow,
    PlanTarget,
    PokjaPlan,
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


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PokjaPlan

    kind = PlanKind.FIVE_YEAR
    title = factory.Sequence(lambda n: f"Rencana Pokja PUG {n}")
    start_year = 2026
    end_year = factory.LazyAttribute(
        lambda o: o.start_year + 4 if o.kind == PlanKind.FIVE_YEAR else o.start_year
    )


class PlanRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRow

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    area = ItemGroup.PELEMBAGAAN
    program = factory.Sequence(lambda n: f"Kegiatan Pokja {n}")
    indicator = "Jumlah kegiatan"
    unit = factory.SubFactory(UnitFactory)


def plan_target(row, year, value="1"):
    return PlanTarget.objects.create(row=row, year=year, value=value)


def plan_achievement(row, year, percent=None, value=""):
    return PlanAchievement.objects.create(
        row=row, year=year, percent=percent, value=value
    )
