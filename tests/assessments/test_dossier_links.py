"""A dossier links files of its unit's evidence library (never copies them): only
its own unit's files, only while its evidence may change, each link and unlink
logged, and a linked file never deleted from the library."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import DossierLink, EvidenceFile, LibraryKind
from assessments.services import dossier_links as services
from assessments.services.evidence import library_add
from evaluations.models import EvaluationCycle
from evaluations.workflow import Status
from pug_portal.models import ActivityLog
from tests.assessments.factories import AnswerFactory, AssessmentFactory
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add(unit, user, title="SK Pokja PUG 2026", kind=LibraryKind.SK, year=2026):
    return library_add(
        unit=unit,
        by=user,
        kind=kind,
        title=title,
        document_date=datetime.date(year, 1, 10),
        file=SimpleUploadedFile("sk.pdf", PDF),
    )


def library_url(dossier):
    return reverse("assessments:dossier_library", args=[dossier.pk])


def test_a_focal_point_links_a_file_of_the_units_library_and_the_dossier_shows_it(
    focal_a, unit_a, client_for
):
    dossier = DossierFactory(unit=unit_a)
    entry = add(unit_a, focal_a)
    client = client_for(focal_a)
    response = client.post(library_url(dossier), {"library_file": entry.pk})
    assert response.status_code == 302
    link = DossierLink.objects.get()
    assert (link.dossier, link.library_file, link.linked_by) == (
        dossier,
        entry,
        focal_a,
    )
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "SK Pokja PUG 2026" in page
    assert reverse("assessments:library_download", args=[entry.pk]) in page
    log = ActivityLog.objects.for_object(dossier).get(action="dossier.library_link")
    assert log.actor == focal_a
    assert log.data == {"library_file": entry.pk, "title": "SK Pokja PUG 2026"}


def test_another_units_file_is_a_form_error_and_never_a_link(
    focal_a, focal_b, unit_a, unit_b, client_for, admin
):
    dossier = DossierFactory(unit=unit_a)
    other = add(unit_b, focal_b)
    for user in (focal_a, admin):  # the admin sees unit B's file, still refused
        response = client_for(user).post(
            library_url(dossier), {"library_file": other.pk}
        )
        assert response.status_code == 200
        assert response.context["link_form"].errors["library_file"]
        assert "alert-danger" in response.content.decode()
    assert not DossierLink.objects.exists()


def test_the_service_refuses_another_units_file_whoever_calls_it(
    admin, focal_b, unit_a, unit_b
):
    dossier = DossierFactory(unit=unit_a)
    other = add(unit_b, focal_b)
    with pytest.raises(ValidationError) as refused:
        services.dossier_link_add(dossier=dossier, entry=other, by=admin)
    assert refused.value.code == "other_unit"
    assert not DossierLink.objects.exists()


def test_another_units_focal_point_gets_404_on_the_dossiers_library_pages(
    focal_a, focal_b, unit_a, client_for
):
    dossier = DossierFactory(unit=unit_a)
    link = services.dossier_link_add(
        dossier=dossier, entry=add(unit_a, focal_a), by=focal_a
    )
    client = client_for(focal_b)
    for url in (
        library_url(dossier),
        reverse("assessments:dossier_library_upload", args=[dossier.pk]),
        reverse("assessments:dossier_library_unlink", args=[link.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert DossierLink.objects.count() == 1


def test_the_picker_filters_the_units_files_by_kind_year_and_title(
    focal_a, focal_b, unit_a, unit_b, client_for
):
    dossier = DossierFactory(unit=unit_a)
    add(unit_a, focal_a, title="SK Pokja PUG 2026")
    add(unit_a, focal_a, title="Profil gender 2025", kind="PROFIL_GENDER", year=2025)
    add(unit_a, focal_a, title="Laporan PUG 2025", kind="LAPORAN", year=2025)
    add(unit_b, focal_b, title="SK Pokja Setu")
    client = client_for(focal_a)

    def titles(**query):
        response = client.get(library_url(dossier), query)
        return sorted(f.title for f in response.context["page"].object_list)

    assert titles() == ["Laporan PUG 2025", "Profil gender 2025", "SK Pokja PUG 2026"]
    assert titles(kind="PROFIL_GENDER") == ["Profil gender 2025"]
    assert titles(year=2025) == ["Laporan PUG 2025", "Profil gender 2025"]
    assert titles(q="pokja") == ["SK Pokja PUG 2026"]


def test_a_file_linked_already_shows_as_such_and_is_not_linked_twice(
    focal_a, unit_a, client_for
):
    dossier = DossierFactory(unit=unit_a)
    entry = add(unit_a, focal_a)
    services.dossier_link_add(dossier=dossier, entry=entry, by=focal_a)
    client = client_for(focal_a)
    assert "Sudah ditautkan" in client.get(library_url(dossier)).content.decode()
    response = client.post(library_url(dossier), {"library_file": entry.pk})
    assert response.status_code == 200
    assert "sudah ditautkan" in response.content.decode()
    assert DossierLink.objects.count() == 1


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED]
)
def test_no_link_or_unlink_once_the_dossier_is_submitted_or_approved(
    status, focal_a, unit_a, client_for
):
    dossier = DossierFactory(unit=unit_a)
    entry, kept = add(unit_a, focal_a), add(unit_a, focal_a, title="Tetap")
    link = services.dossier_link_add(dossier=dossier, entry=kept, by=focal_a)
    type(dossier).objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    client = client_for(focal_a)
    response = client.post(library_url(dossier), {"library_file": entry.pk})
    assert response.status_code == 302  # back to the dossier, with the reason
    response = client.post(
        reverse("assessments:dossier_library_unlink", args=[link.pk]), follow=True
    )
    assert "terkunci" in response.content.decode() or "tidak dapat" in (
        response.content.decode()
    )
    assert list(DossierLink.objects.values_list("library_file", flat=True)) == [kept.pk]
    with pytest.raises(ValidationError):
        services.dossier_link_add(dossier=dossier, entry=entry, by=focal_a)
    with pytest.raises(ValidationError):
        services.dossier_link_remove(link=link, by=focal_a)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Tetap" in page
    assert reverse("assessments:dossier_library_unlink", args=[link.pk]) not in page


def test_no_link_in_a_closed_cycle(focal_a, unit_a):
    dossier = DossierFactory(unit=unit_a)
    EvaluationCycle.objects.filter(pk=dossier.cycle_id).update(state="CLOSED")
    dossier.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.dossier_link_add(
            dossier=dossier, entry=add(unit_a, focal_a), by=focal_a
        )
    assert refused.value.code == "cycle_closed"


def test_a_reviewer_cannot_link(reviewer, focal_a, unit_a):
    dossier = DossierFactory(unit=unit_a)
    with pytest.raises(PermissionDenied):
        services.dossier_link_add(
            dossier=dossier, entry=add(unit_a, focal_a), by=reviewer
        )


def test_unlink_keeps_the_file_in_the_library_and_is_logged(
    focal_a, unit_a, client_for
):
    dossier = DossierFactory(unit=unit_a)
    entry = add(unit_a, focal_a)
    link = services.dossier_link_add(dossier=dossier, entry=entry, by=focal_a)
    response = client_for(focal_a).post(
        reverse("assessments:dossier_library_unlink", args=[link.pk])
    )
    assert response.status_code == 302
    assert not DossierLink.objects.exists()
    assert EvidenceFile.objects.filter(pk=entry.pk).exists()
    assert (
        ActivityLog.objects.for_object(dossier)
        .filter(action="dossier.library_unlink", actor=focal_a)
        .exists()
    )


def test_upload_into_the_library_and_link_on_the_spot(focal_a, unit_a, client_for):
    dossier = DossierFactory(unit=unit_a)
    response = client_for(focal_a).post(
        reverse("assessments:dossier_library_upload", args=[dossier.pk]),
        {
            "kind": "GAP_GBS",
            "title": "GAP/GBS 2026",
            "document_date": "2026-03-01",
            "file": SimpleUploadedFile("gap.pdf", PDF),
        },
    )
    assert response.status_code == 302
    entry = EvidenceFile.objects.get()
    assert (entry.unit, entry.kind, entry.title) == (unit_a, "GAP_GBS", "GAP/GBS 2026")
    assert DossierLink.objects.get().library_file == entry


def test_a_bad_upload_saves_neither_the_file_nor_the_link(focal_a, unit_a, client_for):
    dossier = DossierFactory(unit=unit_a)
    response = client_for(focal_a).post(
        reverse("assessments:dossier_library_upload", args=[dossier.pk]),
        {
            "kind": "GAP_GBS",
            "title": "GAP/GBS 2026",
            "document_date": "2026-03-01",
            "file": SimpleUploadedFile("gap.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "Isi berkas bukan PDF" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert not DossierLink.objects.exists()


def test_a_file_linked_from_a_dossier_is_not_deleted_and_the_refusal_lists_where(
    focal_a, unit_a, client_for
):
    entry = add(unit_a, focal_a)
    dossier = DossierFactory(unit=unit_a)
    services.dossier_link_add(dossier=dossier, entry=entry, by=focal_a)
    answer = AnswerFactory(assessment=AssessmentFactory(unit=unit_a))
    answer.links.create(library_file=entry)
    response = client_for(focal_a).post(
        reverse("assessments:library_delete", args=[entry.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "masih dipakai" in page
    line = dossier.budget_line
    assert f"Dokumen PPRG {line.sub_kegiatan_name} — Dinkes {line.year}" in page
    assert f"{answer.assessment} · {answer.item.code}" in page
    assert EvidenceFile.objects.filter(pk=entry.pk).exists()


def test_the_library_counts_dossier_links_beside_answer_links(
    focal_a, unit_a, client_for
):
    entry = add(unit_a, focal_a)
    for _ in range(2):
        services.dossier_link_add(
            dossier=DossierFactory(unit=unit_a), entry=entry, by=focal_a
        )
    answer = AnswerFactory(assessment=AssessmentFactory(unit=unit_a))
    answer.links.create(library_file=entry)
    response = client_for(focal_a).get(reverse("assessments:library_list"))
    assert [f.link_count for f in response.context["page"].object_list] == [3]


def test_the_editor_counts_linked_files_in_its_evidence_section(
    focal_a, unit_a, client_for
):
    dossier = DossierFactory(unit=unit_a)
    services.dossier_link_add(dossier=dossier, entry=add(unit_a, focal_a), by=focal_a)
    response = client_for(focal_a).get(
        reverse("evaluations:dossier_edit", args=[dossier.pk])
    )
    section = {s.key: s for s in response.context["sections"]}["bukti"]
    assert (section.summary, section.complete) == ("1 berkas", True)


def _page_queries(client, url) -> int:
    client.get(url)  # warm the content-type cache, as a running server has it
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dossier_pages_query_count_does_not_grow_with_linked_files(
    focal_a, unit_a, client_for
):
    """One query lists the linked files (with their library rows) whatever their
    number: the dossier, edit and picker pages count the same at 1 and 10."""
    counts = {}
    for n in (1, 10):
        dossier = DossierFactory(unit=unit_a)
        for i in range(n):
            entry = add(unit_a, focal_a, title=f"Berkas {i}")
            services.dossier_link_add(dossier=dossier, entry=entry, by=focal_a)
        client = client_for(focal_a)
        counts[n] = [
            _page_queries(client, dossier.get_absolute_url()),
            _page_queries(
                client, reverse("evaluations:dossier_edit", args=[dossier.pk])
            ),
            _page_queries(client, library_url(dossier)),
        ]
    assert counts[1] == counts[10]
