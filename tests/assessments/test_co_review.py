"""Bappeda and Inspektorat as co-reviewers where the instrument names them: each
agency keeps its own note per item (who, when) while the assessment is submitted or
in review, shown to the verifier; a planner writes only Bappeda's, an auditor only
Inspektorat's (403 otherwise); refused on a draft."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessments.models import CoReviewer, CoReviewNote
from assessments.services.assessments import (
    assessment_return,
    assessment_save,
    assessment_start_review,
    assessment_submit,
)
from assessments.services.co_review import (
    assessment_co_review,
    co_review_agencies,
)
from pug_portal.models import ActivityLog
from tests.assessments.conftest import item_pk

pytestmark = pytest.mark.django_db


def name_co_reviewers(assessment, who: str):
    instrument = assessment.instrument
    instrument.co_reviewers = who
    instrument.save(update_fields=["co_reviewers"])


@pytest.fixture
def submitted_a(assessment_a, focal_a):
    name_co_reviewers(assessment_a, CoReviewer.BOTH)
    instrument = assessment_a.instrument
    answers = {
        item_pk(instrument, c): {"value": v}
        for c, v in (("K1", "ya"), ("K2", "Penuh"), ("B1", "50"), ("B2", "3"))
    }
    assessment_save(assessment=assessment_a, by=focal_a, version=1, answers=answers)
    return assessment_submit(assessment=assessment_a, by=focal_a)


def co_review_url(assessment):
    return reverse("assessments:assessment_co_review", args=[assessment.pk])


def test_bappeda_and_inspektorat_each_keep_their_own_note_and_the_verifier_sees_both(
    submitted_a, planner, auditor, reviewer, client_for
):
    b1 = item_pk(submitted_a.instrument, "B1")
    response = client_for(planner).post(
        co_review_url(submitted_a),
        {f"bappeda-{b1}": "Renja 2026 memuat 3 dari 8 program dengan indikator."},
    )
    assert response.status_code == 302
    page = client_for(auditor).get(co_review_url(submitted_a)).content.decode()
    # the auditor reads Bappeda's note and has a field for Inspektorat's only
    assert "Renja 2026 memuat 3 dari 8 program" in page
    assert f'name="inspektorat-{b1}"' in page and f'name="bappeda-{b1}"' not in page
    response = client_for(auditor).post(
        co_review_url(submitted_a),
        {f"inspektorat-{b1}": "Laporan pengawasan 2025 belum memuat temuan PUG."},
    )
    assert response.status_code == 302
    notes = {
        n.agency: n
        for n in CoReviewNote.objects.filter(answer__item_id=b1).select_related(
            "answer"
        )
    }
    assert set(notes) == {"BAPPEDA", "INSPEKTORAT"}
    assert notes["BAPPEDA"].note.startswith("Renja 2026")
    assert notes["BAPPEDA"].written_by == planner
    assert notes["INSPEKTORAT"].written_by == auditor
    assert notes["INSPEKTORAT"].written_at >= notes["BAPPEDA"].written_at
    review = client_for(reviewer).get(
        reverse("assessments:assessment_review", args=[submitted_a.pk])
    )
    text = review.content.decode()
    assert "Catatan Bappeda:" in text and "Renja 2026 memuat 3 dari 8" in text
    assert "Catatan Inspektorat:" in text and "Laporan pengawasan 2025" in text
    logged = ActivityLog.objects.filter(action="assessment.co_review")
    assert sorted(e.data["agency"] for e in logged) == ["BAPPEDA", "INSPEKTORAT"]


def detail_page(client, assessment) -> str:
    url = reverse("assessments:assessment_detail", args=[assessment.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_unit_reads_the_co_review_notes_on_its_assessment_page_once_submitted(
    submitted_a, planner, auditor, reviewer, focal_a, unit_head_a, client_for
):
    b1 = item_pk(submitted_a.instrument, "B1")
    planner.first_name, planner.last_name = "Rina", "Perencana"
    planner.save(update_fields=["first_name", "last_name"])
    assessment_co_review(
        assessment=submitted_a, by=planner, notes={"BAPPEDA": {b1: "Renja memuat 3"}}
    )
    assessment_co_review(
        assessment=submitted_a,
        by=auditor,
        notes={"INSPEKTORAT": {b1: "Temuan PUG belum ada"}},
    )
    for user in (focal_a, unit_head_a, planner):
        page = detail_page(client_for(user), submitted_a)
        assert "Catatan Bappeda:</strong> Renja memuat 3" in page, user.role
        assert "Catatan Inspektorat:</strong> Temuan PUG belum ada" in page
        assert "Rina Perencana" in page and auditor.username in page
        # read-only: no field to change them here
        assert f'name="bappeda-{b1}"' not in page
    # returned for revision: the notes stay beside the verifier's comments
    assessment_start_review(assessment=submitted_a, by=reviewer)
    returned = assessment_return(
        assessment=submitted_a, by=reviewer, reason="Perbaiki B1"
    )
    assert "Renja memuat 3" in detail_page(client_for(focal_a), returned)
    # and on the page where the focal point revises the answers, at the item
    edit = client_for(focal_a).get(
        reverse("assessments:assessment_edit", args=[returned.pk])
    )
    assert edit.status_code == 200
    item = edit.content.decode().split(f'id="item-{b1}"')[1].split("</fieldset>")[0]
    assert "Catatan Bappeda:</strong> Renja memuat 3" in item
    assert "Catatan Inspektorat:</strong> Temuan PUG belum ada" in item


def test_a_second_save_changes_the_note_and_an_emptied_one_is_removed(
    submitted_a, planner
):
    b1 = item_pk(submitted_a.instrument, "B1")
    assessment_co_review(
        assessment=submitted_a, by=planner, notes={"BAPPEDA": {b1: "Pertama"}}
    )
    assessment_co_review(
        assessment=submitted_a, by=planner, notes={"BAPPEDA": {b1: "Kedua"}}
    )
    assert list(CoReviewNote.objects.values_list("note", flat=True)) == ["Kedua"]
    assessment_co_review(
        assessment=submitted_a, by=planner, notes={"BAPPEDA": {b1: " "}}
    )
    assert not CoReviewNote.objects.exists()


@pytest.mark.parametrize(
    ("named", "planner_may", "auditor_may"),
    [
        (CoReviewer.BAPPEDA, True, False),
        (CoReviewer.INSPEKTORAT, False, True),
        (CoReviewer.BOTH, True, True),
        (CoReviewer.NONE, False, False),
    ],
)
def test_each_role_co_reviews_only_where_the_instrument_names_its_agency(
    submitted_a, planner, auditor, admin, client_for, named, planner_may, auditor_may
):
    name_co_reviewers(submitted_a, named)
    for user, may in ((planner, planner_may), (auditor, auditor_may)):
        status = client_for(user).get(co_review_url(submitted_a)).status_code
        assert status == (200 if may else 403), (user.role, named)
    expected = {
        CoReviewer.BAPPEDA: ["BAPPEDA"],
        CoReviewer.INSPEKTORAT: ["INSPEKTORAT"],
        CoReviewer.BOTH: ["BAPPEDA", "INSPEKTORAT"],
        CoReviewer.NONE: [],
    }[named]
    assert co_review_agencies(admin, submitted_a) == expected


def test_a_planner_cannot_write_inspektorats_note(submitted_a, planner, client_for):
    b1 = item_pk(submitted_a.instrument, "B1")
    with pytest.raises(PermissionDenied):
        assessment_co_review(
            assessment=submitted_a, by=planner, notes={"INSPEKTORAT": {b1: "x"}}
        )
    # through the page the field does not exist: nothing saved
    client_for(planner).post(co_review_url(submitted_a), {f"inspektorat-{b1}": "x"})
    assert not CoReviewNote.objects.exists()


def test_the_verifier_does_not_co_review(submitted_a, reviewer, client_for):
    assert client_for(reviewer).get(co_review_url(submitted_a)).status_code == 403


def test_no_co_review_of_a_draft(assessment_a, planner, client_for):
    name_co_reviewers(assessment_a, CoReviewer.BOTH)
    with pytest.raises(ValidationError):
        assessment_co_review(assessment=assessment_a, by=planner, notes={})
    b1 = item_pk(assessment_a.instrument, "B1")
    response = client_for(planner).post(
        co_review_url(assessment_a), {f"bappeda-{b1}": "catatan"}
    )
    assert response.status_code == 400
    assert "saat penilaian diajukan" in response.content.decode()
    assert not CoReviewNote.objects.exists()


def test_a_too_long_note_is_refused_next_to_its_field(submitted_a, planner, client_for):
    b1 = item_pk(submitted_a.instrument, "B1")
    response = client_for(planner).post(
        co_review_url(submitted_a), {f"bappeda-{b1}": "x" * 1001}
    )
    assert response.status_code == 400
    assert not CoReviewNote.objects.exists()
