"""The self-assessment pages: answering with evidence from the library, submit with
required items missing (listed with links), the verifier's return with an item
comment, the fix, approval; the version check; other units' assessments 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import AnswerEvidence, AssessmentComment, SelfAssessment
from assessments.services.evidence import library_add
from evaluations.workflow import Status
from tests.assessments.conftest import item_pk

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, assessment):
    return reverse(f"assessments:{name}", args=[assessment.pk])


def post_answers(client, assessment, *, version=None, **answers):
    data = {"version": version or assessment.version, "then": "stay"}
    for code, fields in answers.items():
        pk = item_pk(assessment.instrument, code)
        if isinstance(fields, str):
            fields = {"value": fields}
        for name, value in fields.items():
            data[f"{name}-{pk}"] = value
    return client.post(url("assessment_edit", assessment), data)


def test_a_focal_point_answers_and_links_evidence_from_the_library(
    assessment_a, focal_a, unit_a, client_for
):
    entry = library_add(
        unit=unit_a,
        by=focal_a,
        kind="SK",
        title="SK Tim Focal Point 2026",
        document_date=datetime.date(2026, 1, 5),
        file=SimpleUploadedFile("sk.pdf", PDF),
    )
    client = client_for(focal_a)
    page = client.get(url("assessment_edit", assessment_a)).content.decode()
    assert "SK Tim Focal Point 2026" in page  # offered from the library
    response = post_answers(
        client,
        assessment_a,
        K1={"value": "ya", "evidence": f"L{entry.pk}", "note": "SK berlaku"},
        B1="80",
    )
    assert response.status_code == 302
    link = AnswerEvidence.objects.get()
    assert link.library_file == entry and link.answer.item.code == "K1"
    assessment_a.refresh_from_db()
    assert assessment_a.version == 2


def test_a_percent_outside_0_100_is_shown_next_to_the_item(
    assessment_a, focal_a, client_for
):
    response = post_answers(client_for(focal_a), assessment_a, B1="150", K1="ya")
    assert response.status_code == 400
    assert "Persen harus antara 0 dan 100" in response.content.decode()
    assert not assessment_a.answers.exists()


def test_a_stale_page_is_refused_and_the_newer_answers_stay(
    assessment_a, focal_a, client_for
):
    client = client_for(focal_a)
    post_answers(client, assessment_a, K1="ya")
    response = post_answers(client, assessment_a, version=1, K1="tidak")
    assert response.status_code == 400
    assert "sudah diubah orang lain" in response.content.decode()
    assert assessment_a.answers.get().value == "ya"


def test_submit_with_required_items_unanswered_is_refused_with_links(
    assessment_a, focal_a, client_for
):
    client = client_for(focal_a)
    post_answers(client, assessment_a, K1="ya")
    response = client.post(url("assessment_submit", assessment_a))
    page = response.content.decode()
    assert response.status_code == 400
    k2 = item_pk(assessment_a.instrument, "K2")
    assert f"/assessments/{assessment_a.pk}/edit/#item-{k2}" in page
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.DRAFT


def test_the_loop_return_one_item_fix_approve(
    assessment_a, focal_a, reviewer, client_for
):
    focal, verifier = client_for(focal_a), client_for(reviewer)
    post_answers(focal, assessment_a, K1="ya", K2="Sebagian", B1="40", B2="10")
    assert focal.post(url("assessment_submit", assessment_a)).status_code == 302
    verifier.post(url("review_start_review", assessment_a))
    k2 = item_pk(assessment_a.instrument, "K2")
    response = verifier.post(
        url("review_return", assessment_a),
        {
            "reason": "Bukti K2 belum ada",
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-0-target": str(k2),
            "comments-0-text": "Lampirkan Rencana Pokja",
        },
    )
    assert response.status_code == 302
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.REVISION_REQUESTED
    comment = AssessmentComment.objects.get()
    assert (comment.item_id, comment.resolved) == (k2, False)
    assert (
        "Lampirkan Rencana Pokja"
        in focal.get(url("assessment_edit", assessment_a)).content.decode()
    )

    post_answers(focal, assessment_a, K2="Penuh")
    assert focal.post(url("assessment_submit", assessment_a)).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved
    verifier.post(url("review_start_review", assessment_a))
    assert verifier.post(url("review_approve", assessment_a)).status_code == 302
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.APPROVED
    assert assessment_a.answers.filter(verified_at__isnull=True).count() == 0
    # Locked: the edit page sends the focal point back with the reason.
    response = focal.get(url("assessment_edit", assessment_a))
    assert response.status_code == 302


def test_other_units_assessments_are_a_404(assessment_a, focal_b, client_for):
    client = client_for(focal_b)
    for name in ("assessment_detail", "assessment_edit", "assessment_submit"):
        assert client.get(url(name, assessment_a)).status_code == 404


def test_a_focal_point_starts_their_units_assessment(
    instrument, focal_a, unit_a, client_for
):
    response = client_for(focal_a).post(
        reverse("assessments:assessment_start"),
        {"instrument": instrument.pk, "unit": unit_a.pk},
    )
    assessment = SelfAssessment.objects.get()
    assert response["Location"] == url("assessment_edit", assessment)
    assert (assessment.unit, assessment.year) == (unit_a, instrument.year)
