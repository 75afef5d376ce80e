"""The evaluation recap of a fiscal year: the city's evaluation and every unit's
self-assessment, each with its sub-scores per group, self and verified. Three
queries whatever the number of units (assessments, their instruments' items, their
answers); the scores come from `assessments.scoring`."""

from collections import defaultdict
from dataclasses import dataclass

from assessments import scoring
from assessments.models import (
    Answer,
    InstrumentItem,
    InstrumentScope,
    ItemGroup,
    SelfAssessment,
)


@dataclass
class RecapRow:
    assessment: SelfAssessment
    scores: scoring.Scores

    @property
    def unit(self):
        return self.assessment.unit


@dataclass
class Recap:
    year: int
    city: RecapRow | None
    units: list[RecapRow]
    groups: list[str]  # the groups the unit rows have, in ItemGroup order
    city_groups: list[str]


def _order(groups: set[str]) -> list[str]:
    return [g for g in ItemGroup.values if g in groups]


def evaluation_recap(*, year: int) -> Recap:
    assessments = list(
        SelfAssessment.objects.filter(year=year)
        .select_related("unit", "instrument")
        .order_by("unit__name", "pk")
    )
    instruments = {a.instrument_id for a in assessments}
    items: dict[int, list[tuple[int, str, object]]] = defaultdict(list)
    for pk, instrument, group, weight in (
        InstrumentItem.objects.filter(instrument__in=instruments)
        .order_by("instrument", "order", "pk")
        .values_list("pk", "instrument", "group", "weight")
    ):
        items[instrument].append((pk, group, weight))
    fractions = {
        (assessment, item): (own, verified)
        for assessment, item, own, verified in Answer.objects.filter(
            assessment__in=[a.pk for a in assessments]
        ).values_list("assessment", "item", "self_fraction", "verified_fraction")
    }
    city, units = None, []
    for assessment in assessments:
        scores = scoring.score(
            (group, weight, *fractions.get((assessment.pk, pk), (None, None)))
            for pk, group, weight in items[assessment.instrument_id]
        )
        row = RecapRow(assessment, scores)
        if assessment.instrument.scope == InstrumentScope.CITY:
            city = city or row
        else:
            units.append(row)
    return Recap(
        year=year,
        city=city,
        units=units,
        groups=_order({g.group for r in units for g in r.scores.groups}),
        city_groups=_order({g.group for g in city.scores.groups}) if city else [],
    )
