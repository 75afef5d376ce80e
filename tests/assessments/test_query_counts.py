"""The new lists run a fixed number of queries whatever their size (measured at 5
and 120 rows, past a page of 50); the pages of one assessment or instrument at 2 and
20 items, the recap downloads at 2 and 20 units."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Answer,
    AnswerEvidence,
    AssessmentComment,
    CoReviewNote,
    EvidenceFile,
    Instrument,
    InstrumentItem,
    SelfAssessment,
)
from evaluations.models import Evidence
from evaluations.workflow import Status
from tests.assessments.factories import AssessmentFactory, InstrumentFactory
from tests.factories import DossierFactory, UnitFactory, UserFactory

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


def assessment_with_items(unit, n: int, *, co_reviewers: str = "") -> SelfAssessment:
    """A self-assessment of `unit` with `n` answered items, each answer linking a
    library file and a dossier's evidence, an open comment per item and, where
    co-reviewers are named, both agencies' notes: every per-item read a page might
    repeat."""
    instrument = InstrumentFactory(co_reviewers=co_reviewers)
    assessment = AssessmentFactory(instrument=instrument, unit=unit)
    dossier = DossierFactory(unit=unit)
    items = InstrumentItem.objects.bulk_create(
        InstrumentItem(
            instrument=instrument,
            order=i,
            code=f"K.{i}",
            group="KOMITMEN",
            question="?",
            answer_type="YES_NO",
        )
        for i in range(n)
    )
    answers = Answer.objects.bulk_create(
        Answer(assessment=assessment, item=item, value="ya") for item in items
    )
    files = EvidenceFile.objects.bulk_create(
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
    evidence = Evidence.objects.bulk_create(
        Evidence(
            dossier=dossier,
            kind="SK",
            file=f"evidence/e{i}.pdf",
            original_name=f"e{i}.pdf",
        )
        for i in range(n)
    )
    AnswerEvidence.objects.bulk_create(
        [
            AnswerEvidence(answer=a, library_file=f)
            for a, f in zip(answers, files, strict=True)
        ]
        + [
            AnswerEvidence(answer=a, dossier_evidence=e)
            for a, e in zip(answers, evidence, strict=True)
        ]
    )
    AssessmentComment.objects.bulk_create(
        AssessmentComment(assessment=assessment, item=item, text="Lengkapi")
        for item in items
    )
    if co_reviewers:
        writer = UserFactory()
        CoReviewNote.objects.bulk_create(
            CoReviewNote(
                answer=a,
                agency=agency,
                note="Cek",
                written_by=writer,
                written_at=timezone.now(),
            )
            for a in answers
            for agency in ("BAPPEDA", "INSPEKTORAT")
        )
    return assessment


def page_queries(client, url: str) -> int:
    client.get(url)  # warm the content-type cache, as a running server has it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


ITEM_SIZES = [2, 20]
# The pages of one assessment, at 2 and 20 items. Every page: 1 session, 2 user,
# 3 the assessment (unit and instrument joined); then:
# - detail and review: 4 answers, 5 their evidence links (library file and dossier
#   evidence joined), 6 open comments, 7 items, 8 activity log;
# - edit: 4 the scope check of the editor, 5–8 as above (answers, links, comments,
#   items), 9 the unit's library files and 10 its dossiers' evidence (the choices);
# - edit past draft (a returned assessment revised): as edit, and the
#   co-reviewers' notes after the links;
# - co-review: 4–7 as above (answers, links, comments, items), 8 the
#   co-reviewers' notes (their writers joined);
# - review: as detail, and the co-reviewers' notes after the links;
# - detail past submission (the unit's own page, read by its focal point): as
#   review;
# - submit: 4 the required items answered, 5 the items (what is missing).
ASSESSMENT_PAGE_QUERIES = {
    "assessment_detail": 8,
    "assessment_edit": 10,
    "assessment_submit": 5,
    "assessment_review": 9,
    "assessment_co_review": 8,
    "assessment_detail_submitted": 9,
    "assessment_edit_returned": 11,
}


@pytest.mark.parametrize("size", ITEM_SIZES)
def test_the_assessment_pages_query_count_does_not_grow_with_items(
    size, focal_a, reviewer, planner, unit_a, client_for
):
    assessment = assessment_with_items(unit_a, size, co_reviewers="BOTH")
    url = lambda name: reverse(f"assessments:{name}", args=[assessment.pk])  # noqa: E731
    counts = {
        name: page_queries(client_for(focal_a), url(name))
        for name in ("assessment_detail", "assessment_edit", "assessment_submit")
    }
    SelfAssessment.objects.filter(pk=assessment.pk).update(status=Status.IN_REVIEW)
    counts["assessment_review"] = page_queries(
        client_for(reviewer), url("assessment_review")
    )
    counts["assessment_co_review"] = page_queries(
        client_for(planner), url("assessment_co_review")
    )
    counts["assessment_detail_submitted"] = page_queries(
        client_for(focal_a), url("assessment_detail")
    )
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        status=Status.REVISION_REQUESTED
    )
    counts["assessment_edit_returned"] = page_queries(
        client_for(focal_a), url("assessment_edit")
    )
    assert counts == ASSESSMENT_PAGE_QUERIES


# The instrument page, at 2 and 20 items: 1 session, 2 user, 3 the instrument,
# 4 whether it has answers (editable or "salin"), 5 its items, 6 its newer
# versions, 7 activity log.
INSTRUMENT_DETAIL_QUERIES = 7


@pytest.mark.parametrize("size", ITEM_SIZES)
def test_the_instrument_page_query_count_does_not_grow_with_items(
    size, reviewer, unit_a, client_for
):
    assessment = assessment_with_items(unit_a, size)
    url = reverse("assessments:instrument_detail", args=[assessment.instrument_id])
    assert page_queries(client_for(reviewer), url) == INSTRUMENT_DETAIL_QUERIES


# The recap downloads, at 2 and 20 units: 1 session, 2 user, 3 the year's
# assessments (unit and instrument joined), 4 their items, 5 their answers.
RECAP_DOWNLOAD_QUERIES = 5


@pytest.mark.parametrize("size", ITEM_SIZES)
@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_recap_downloads_query_count_does_not_grow_with_units(
    size, fmt, planner, client_for
):
    instruments = make_instruments(1)
    item = instruments[0].items.get()
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(instrument=instruments[0], unit=unit, year=2026)
        for unit in UnitFactory.create_batch(size)
    )
    Answer.objects.bulk_create(
        Answer(assessment=a, item=item, value="ya") for a in assessments
    )
    url = reverse("report_download", args=["rekap-evaluasi-pug", fmt]) + "?year=2026"
    assert page_queries(client_for(planner), url) == RECAP_DOWNLOAD_QUERIES
