"""The records every upload keeps (pug_portal.uploads.UploadedFile), written and
deleted the same way for a dossier's evidence and a library file: the name the
user gave, the size and the uploader; the stored file goes only once the row's
deletion commits, and stays when the deletion is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import AnswerEvidence, LibraryKind
from assessments.services.evidence import library_add, library_delete
from evaluations.models import EvidenceKind
from evaluations.services.dossiers import evidence_add, evidence_delete
from tests.assessments.factories import AnswerFactory, AssessmentFactory
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name="Laporan kegiatan.pdf"):
    return SimpleUploadedFile(name, PDF)


@pytest.fixture
def library_file(unit_a, focal_a):
    return library_add(
        unit=unit_a,
        by=focal_a,
        kind=LibraryKind.LAPORAN,
        title="Laporan",
        document_date=datetime.date(2026, 1, 10),
        file=upload(),
    )


@pytest.fixture
def dossier_evidence(unit_a, focal_a):
    return evidence_add(
        dossier=DossierFactory(unit=unit_a),
        by=focal_a,
        kind=EvidenceKind.LAPORAN,
        file=upload(),
    )


@pytest.mark.parametrize("record", ["library_file", "dossier_evidence"])
def test_an_upload_keeps_the_users_file_name_its_size_and_the_uploader(
    request, record, focal_a
):
    entry = request.getfixturevalue(record)
    assert (entry.original_name, entry.size, entry.uploaded_by) == (
        "Laporan kegiatan.pdf",
        len(PDF),
        focal_a,
    )
    assert entry.uploaded_at is not None
    assert entry.file.storage.exists(entry.file.name)


def test_a_deleted_library_file_leaves_storage_once_the_deletion_commits(
    library_file, focal_a, django_capture_on_commit_callbacks
):
    stored, storage = library_file.file.name, library_file.file.storage
    with django_capture_on_commit_callbacks() as callbacks:
        library_delete(entry=library_file, by=focal_a)
        assert storage.exists(stored)  # not before the commit
    for callback in callbacks:
        callback()
    assert not storage.exists(stored)


def test_deleted_dossier_evidence_leaves_storage_once_the_deletion_commits(
    dossier_evidence, focal_a, django_capture_on_commit_callbacks
):
    stored, storage = dossier_evidence.file.name, dossier_evidence.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence=dossier_evidence, by=focal_a)
    assert not storage.exists(stored)


def test_a_refused_deletion_keeps_the_stored_file(
    dossier_evidence, focal_a, unit_a, django_capture_on_commit_callbacks
):
    answer = AnswerFactory(assessment=AssessmentFactory(unit=unit_a))
    AnswerEvidence.objects.create(answer=answer, dossier_evidence=dossier_evidence)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError),
    ):
        evidence_delete(evidence=dossier_evidence, by=focal_a)
    assert dossier_evidence.file.storage.exists(dossier_evidence.file.name)
