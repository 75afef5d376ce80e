"""The evidence library: uploads checked like every upload, other units' files a 404,
dossier evidence shown beside the library, and a linked file never deleted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import AnswerEvidence, EvidenceFile, LibraryKind
from assessments.services import evidence as services
from evaluations.models import Evidence
from evaluations.services.dossiers import evidence_delete
from tests.assessments.factories import AnswerFactory, AssessmentFactory
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add(unit, user, name="sk-pokja.pdf", data=PDF):
    return services.library_add(
        unit=unit,
        by=user,
        kind=LibraryKind.SK,
        title="SK Pokja PUG 2026",
        document_date=datetime.date(2026, 1, 10),
        file=SimpleUploadedFile(name, data),
    )


def test_a_focal_point_uploads_into_their_units_library(focal_a, unit_a, client_for):
    response = client_for(focal_a).post(
        reverse("assessments:library_upload"),
        {
            "unit": unit_a.pk,
            "kind": "SK",
            "title": "SK Tim Focal Point",
            "document_date": "2026-01-10",
            "file": SimpleUploadedFile("sk.pdf", PDF),
        },
    )
    assert response.status_code == 302
    entry = EvidenceFile.objects.get()
    assert (entry.unit, entry.original_name, entry.size) == (unit_a, "sk.pdf", len(PDF))


def test_a_file_whose_content_is_not_its_name_is_refused_next_to_the_field(
    focal_a, unit_a, client_for
):
    response = client_for(focal_a).post(
        reverse("assessments:library_upload"),
        {
            "unit": unit_a.pk,
            "kind": "SK",
            "title": "SK palsu",
            "document_date": "2026-01-10",
            "file": SimpleUploadedFile("sk.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "Isi berkas bukan PDF" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_focal_point_cannot_upload_into_another_units_library(
    focal_a, unit_b, client_for
):
    response = client_for(focal_a).post(
        reverse("assessments:library_upload"),
        {
            "unit": unit_b.pk,
            "kind": "SK",
            "title": "x",
            "document_date": "2026-01-10",
            "file": SimpleUploadedFile("sk.pdf", PDF),
        },
    )
    assert response.status_code == 200  # the unit is not among the choices
    assert not EvidenceFile.objects.exists()


def test_other_units_files_are_a_404(focal_a, focal_b, unit_a, client_for):
    entry = add(unit_a, focal_a)
    assert client_for(focal_a).get(entry.get_absolute_url()).status_code == 200
    assert client_for(focal_b).get(entry.get_absolute_url()).status_code == 404
    delete = reverse("assessments:library_delete", args=[entry.pk])
    assert client_for(focal_b).get(delete).status_code == 404


def test_a_linked_file_is_not_deleted_and_the_refusal_says_where_it_is_used(
    focal_a, unit_a, client_for
):
    entry = add(unit_a, focal_a)
    answer = AnswerFactory(assessment=AssessmentFactory(unit=unit_a))
    AnswerEvidence.objects.create(answer=answer, library_file=entry)
    response = client_for(focal_a).post(
        reverse("assessments:library_delete", args=[entry.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "masih dipakai" in page
    assert answer.item.code in page
    assert EvidenceFile.objects.filter(pk=entry.pk).exists()


def test_an_unlinked_file_is_deleted(focal_a, unit_a):
    entry = add(unit_a, focal_a)
    services.library_delete(entry=entry, by=focal_a)
    assert not EvidenceFile.objects.exists()


def test_dossier_evidence_appears_in_the_library_and_is_not_deleted_while_linked(
    focal_a, unit_a, client_for
):
    dossier = DossierFactory(unit=unit_a)
    evidence = Evidence(dossier=dossier, kind="GBS", original_name="gbs.pdf")
    evidence.file.save("gbs.pdf", ContentFile(PDF), save=True)
    page = client_for(focal_a).get(reverse("assessments:library_list")).content
    assert b"gbs.pdf" in page

    answer = AnswerFactory(assessment=AssessmentFactory(unit=unit_a))
    AnswerEvidence.objects.create(answer=answer, dossier_evidence=evidence)
    with pytest.raises(ValidationError) as refused:
        evidence_delete(evidence=evidence, by=focal_a)
    assert answer.item.code in str(refused.value)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
