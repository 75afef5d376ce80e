"""The new lists run a fixed number of queries whatever their size (measured at 5
and 120 rows, past a page of 50)."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import (
    Answer,
    AssessmentComment,
    EvidenceFile,
    Instrument,
    InstrumentItem,
    SelfAssessment,
)
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
SIZES = [5, 120]


def make_instruments(n: int) -> list[Instrument]:
    instruments = Instrument.objects.bulk_create(
        Instrument(name=f"Instrumen {i}", year=2026) for i in range(n)
    )
    InstrumentItem.objects.bulk_create(
        InstrumentItem(
            instrument=inst,
            code="A.1",
            group="KOMITMEN",
            question="?",
            answer_type="YES_NO",
        )
        for inst in instruments
    )
    return instruments


# 1 session, 2 user, 3 paginator COUNT, 4 the page of instruments with their item
# and assessment counts (one GROUP BY query).
INSTRUMENT_LIST_QUERIES = 4


@pytest.mark.parametrize("size", SIZES)
def test_the_instrument_list_query_count_does_not_grow(
    size, reviewer, client_for, django_assert_num_queries
):
    make_instruments(size)
    client = client_for(reviewer)
    with django_assert_num_queries(INSTRUMENT_LIST_QUERIES):
        response = client.get(reverse("assessments:instrument_list"))
    assert response.context["page"].paginator.count == size


# For a focal point: 1 session, 2 user, 3 units for the filter (through
# visible_to), 4 paginator COUNT, 5 the page of files (unit joined, link count),
# 6 the unit's dossier evidence beside them.
LIBRARY_QUERIES = 6


@pytest.mark.parametrize("size", SIZES)
def test_the_library_list_query_count_does_not_grow(
    size, focal_a, unit_a, unit_b, client_for, django_assert_num_queries
):
    for unit, n in ((unit_a, size), (unit_b, 3)):
        EvidenceFile.objects.bulk_create(
            EvidenceFile(
                unit=unit,
                kind="SK",
                title=f"SK {i}",
                document_date=datetime.date(2026, 1, 1),
                file=f"library/sk{i}.pdf",
                original_name=f"sk{i}.pdf",
            )
            for i in range(n)
        )
    client = client_for(focal_a)
    with django_assert_num_queries(LIBRARY_QUERIES):
        response = client.get(reverse("assessments:library_list"))
    assert response.context["page"].paginator.count == size


# For a reviewer: 1 session, 2 user, 3 paginator COUNT, 4 the city instruments
# (to start the city's evaluation), 5 units for the filter, 6 the page of
# assessments (unit and instrument joined, answers and open comments counted in the
# same query).
ASSESSMENT_LIST_QUERIES = 6


@pytest.mark.parametrize("size", SIZES)
def test_the_assessment_list_query_count_does_not_grow(
    size, reviewer, client_for, django_assert_num_queries
):
    instruments = make_instruments(1)
    units = UnitFactory.create_batch(size)
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(instrument=instruments[0], unit=unit, year=2026)
        for unit in units
    )
    item = instruments[0].items.get()
    Answer.objects.bulk_create(
        Answer(assessment=a, item=item, value="ya") for a in assessments
    )
    AssessmentComment.objects.bulk_create(
        AssessmentComment(assessment=a, item=item, text="Lengkapi") for a in assessments
    )
    client = client_for(reviewer)
    with django_assert_num_queries(ASSESSMENT_LIST_QUERIES):
        response = client.get(reverse("assessments:assessment_list"))
    assert response.context["page"].paginator.count == size


# The recap page for a city reader: 1 session, 2 user, 3 the years with
# assessments, 4 the year's assessments with unit and instrument, 5 their items,
# 6 their answers.
RECAP_PAGE_QUERIES = 6


@pytest.mark.parametrize("size", SIZES)
def test_the_recap_page_query_count_does_not_grow(
    size, planner, client_for, django_assert_num_queries
):
    instruments = make_instruments(1)
    units = UnitFactory.create_batch(size)
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(instrument=instruments[0], unit=unit, year=2026)
        for unit in units
    )
    item = instruments[0].items.get()
    Answer.objects.bulk_create(
        Answer(assessment=a, item=item, value="ya") for a in assessments
    )
    client = client_for(planner)
    with django_assert_num_queries(RECAP_PAGE_QUERIES):
        response = client.get(reverse("assessments:evaluation_recap"))
    assert len(response.context["rows"]) == size
