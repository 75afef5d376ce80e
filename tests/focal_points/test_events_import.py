"""Attendance import of one event on the import framework: upload from the event's
page → preview (every row's status, errors by row and column, not-invited units
flagged) → commit → result, back to the event. Nothing is written before the commit,
and nothing at all unless every row is clean."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from focal_points.models import Attendance
from pug_portal.models import ActivityLog, ImportBatch, ImportBatchState
from tests.factories import (
    AttendanceFactory,
    EventFactory,
    EventInvitationFactory,
    PersonFactory,
    xlsx_bytes,
)

HEADER = (
    "nama,nip,jenis_kelamin,perangkat_daerah,instansi,jabatan,hadir,pre_test,"
    "post_test,nomor_sertifikat"
)
CLEAN = (
    f"{HEADER}\n"
    "Dewi Lestari,198304172008012011,P,Dinkes,,Kasubbag,ya,60,85,001/SERT\n"
    "Tamu PKK,,P,,TP PKK Kota,Anggota,tidak,,,\n"
)


@pytest.fixture
def event_a(unit_a):
    """An event unit A is invited to."""
    event = EventFactory(title="Bimtek GAP untuk Dinkes")
    EventInvitationFactory(event=event, unit=unit_a)
    return event


def import_url(event) -> str:
    return reverse("focal_points:event_attendance_import", args=[event.pk])


def upload(client, event, data: bytes | str, name: str = "peserta.csv"):
    if isinstance(data, str):
        data = data.encode()
    return client.post(import_url(event), {"file": SimpleUploadedFile(name, data)})


def upload_and_preview(client, event, data, name="peserta.csv"):
    response = upload(client, event, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("pk")
    assert response["Location"] == reverse("import_preview", args=[batch.pk])
    return batch, client.get(response["Location"])


def commit(client, batch):
    return client.post(reverse("import_commit", args=[batch.pk]), follow=True)


@pytest.mark.django_db
def test_the_upload_keeps_the_file_for_this_event_and_the_preview_writes_nothing(
    client_for, reviewer, event_a
):
    client = client_for(reviewer)
    batch, preview = upload_and_preview(client, event_a, CLEAN)
    assert batch.importer == "attendance"
    assert batch.context == {"event": event_a.pk}
    assert preview.status_code == 200
    assert preview.context["preview"].counts == {
        "new": 2,
        "update": 0,
        "unchanged": 0,
        "error": 0,
    }
    assert "Impor sekarang" in preview.text
    # The page leads back to the event, and "another file" to the event's upload.
    assert event_a.get_absolute_url() in preview.text
    assert import_url(event_a) in preview.text
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_the_commit_adds_participants_and_the_result_leads_back_to_the_event(
    client_for, reviewer, event_a, unit_a
):
    person = PersonFactory(nip="198304172008012011")
    client = client_for(reviewer)
    batch, _preview = upload_and_preview(client, event_a, CLEAN)
    result = commit(client, batch)
    assert result.redirect_chain[-1][0] == reverse("import_result", args=[batch.pk])
    assert result.context["result"]["created"] == 2
    assert "Kembali ke Bimtek GAP untuk Dinkes" in result.text
    assert event_a.get_absolute_url() in result.text
    dewi = event_a.attendances.get(nip="198304172008012011")
    assert dewi.person == person
    assert dewi.unit == unit_a
    assert (dewi.attended, dewi.pre_test, dewi.post_test) == (True, 60, 85)
    assert dewi.certificate_number == "001/SERT"
    guest = event_a.attendances.get(name="Tamu PKK")
    assert guest.institution == "TP PKK Kota"
    assert not guest.attended
    log = ActivityLog.objects.filter(action="event.attendance_import").get()
    assert log.object_id == str(event_a.pk)
    assert log.data == {"created": 2, "updated": 0, "unchanged": 0}


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(client_for, reviewer, event_a):
    client = client_for(reviewer)
    first, _preview = upload_and_preview(client, event_a, CLEAN)
    commit(client, first)
    second, preview = upload_and_preview(client, event_a, CLEAN)
    assert preview.context["preview"].counts["unchanged"] == 2
    assert preview.context["preview"].counts["new"] == 0
    result = commit(client, second)
    assert result.context["result"]["unchanged"] == 2
    assert event_a.attendances.count() == 2


@pytest.mark.django_db
def test_an_xlsx_file_updates_existing_participants_and_keeps_what_it_leaves_out(
    client_for, reviewer, event_a, unit_a
):
    AttendanceFactory(
        event=event_a,
        name="Dewi",
        nip="198304172008012011",
        unit=unit_a,
        pre_test=55,
    )
    data = xlsx_bytes(
        [
            ["Nama", "NIP", "Jenis_Kelamin", "Hadir", "Post_Test"],
            ["Dewi", "198304172008012011", "P", "ya", 90],
            ["Budi", None, "L", "ya", None],
        ]
    )
    client = client_for(reviewer)
    batch, preview = upload_and_preview(client, event_a, data, name="peserta.xlsx")
    statuses = [row.status for row in preview.context["preview"].rows]
    assert statuses == ["update", "new"]
    assert "sebelumnya:" in preview.text  # the changed cells show the old value
    result = commit(client, batch)
    assert (
        result.context["result"]["created"],
        result.context["result"]["updated"],
    ) == (
        1,
        1,
    )
    dewi = event_a.attendances.get(nip="198304172008012011")
    # No pre_test column in the file: the score on the list stays.
    assert (dewi.attended, dewi.post_test, dewi.pre_test, dewi.unit) == (
        True,
        90,
        55,
        unit_a,
    )


@pytest.mark.django_db
def test_the_preview_shows_each_error_by_row_and_column_and_nothing_is_written(
    client_for, reviewer, event_a
):
    AttendanceFactory(event=event_a, name="Sudah Ada", nip="199001012020121002")
    client = client_for(reviewer)
    batch, preview = upload_and_preview(
        client,
        event_a,
        f"{HEADER}\n"
        "Baik,,P,,,,ya,,,\n"
        "Salah,123,X,Dinas Entah,,,mungkin,101,-5,\n"
        "Dua,199001012020121001,L,,,,ya,,,\n"
        "Dua lagi,199001012020121001,L,,,,ya,,,\n"
        ",,P,,,,ya,,,\n"
        "Tamu,,P,,,,ya,,,\n"
        "tamu,,P,,,,ya,,,\n",
    )
    found = {(e.row, e.column) for e in preview.context["preview"].errors}
    assert found == {
        (3, "nip"),
        (3, "jenis_kelamin"),
        (3, "perangkat_daerah"),
        (3, "hadir"),
        (3, "pre_test"),
        (3, "post_test"),
        (5, "nip"),  # the same NIP twice in the file
        (6, "nama"),  # required
        (8, "nama"),  # the same person without NIP twice
    }
    statuses = [row.status for row in preview.context["preview"].rows]
    assert statuses == ["new", "error", "new", "error", "error", "new", "error"]
    html = preview.text
    assert "Nilai harus bilangan bulat antara 0 dan 100." in html
    assert "isi dengan L atau P" in html
    assert "199001012020121001 sudah ada di baris 4" in html
    assert "Impor sekarang" not in html
    assert 'id="baris-3"' in html
    # The error sits in its column: the pre_test cell of row 3.
    pre_test = preview.context["rows"][1]["cells"][7]
    assert pre_test["column"].key == "pre_test"
    assert [e.message for e in pre_test["errors"]] == [
        "Nilai harus bilangan bulat antara 0 dan 100."
    ]
    assert event_a.attendances.count() == 1
    # Even a forced commit writes nothing.
    result = commit(client, batch)
    assert "Impor dibatalkan" in result.text
    assert event_a.attendances.count() == 1
    assert ImportBatch.objects.get(pk=batch.pk).state == ImportBatchState.FAILED


@pytest.mark.django_db
def test_a_participant_already_on_the_list_is_updated_not_added_twice(
    client_for, reviewer, event_a
):
    person = PersonFactory(nip="198304172008012011")
    AttendanceFactory(event=event_a, person=person, name="Dewi", nip=None)
    AttendanceFactory(event=event_a, name="Tamu PKK", nip=None, institution="PKK")
    client = client_for(reviewer)
    batch, preview = upload_and_preview(
        client,
        event_a,
        "nama,nip,jenis_kelamin,hadir\nDewi,198304172008012011,P,ya\nTamu PKK,,P,ya\n",
    )
    assert [r.status for r in preview.context["preview"].rows] == ["update", "update"]
    commit(client, batch)
    assert event_a.attendances.count() == 2
    assert event_a.attendances.get(person=person).nip == "198304172008012011"
    assert event_a.attendances.filter(attended=True).count() == 2


@pytest.mark.django_db
def test_a_participant_of_a_unit_not_invited_is_flagged_but_imported(
    client_for, reviewer, event_a, unit_b
):
    client = client_for(reviewer)
    batch, preview = upload_and_preview(
        client,
        event_a,
        "nama,jenis_kelamin,perangkat_daerah\nAhmad,L,Kec. Setu\nSiti,P,Dinkes\n",
    )
    ahmad, siti = preview.context["preview"].rows
    assert ahmad.status == "new" and ahmad.ok
    assert ahmad.warnings == [
        "Kec. Setu tidak diundang ke kegiatan ini; peserta ini ditandai di daftar."
    ]
    assert siti.warnings == []
    assert "tidak diundang ke kegiatan ini" in preview.text
    assert "Impor sekarang" in preview.text
    commit(client, batch)
    assert event_a.attendances.get(name="Ahmad").unit == unit_b


@pytest.mark.django_db
def test_headers_as_people_write_them_are_understood(
    client_for, reviewer, event_a, unit_a
):
    client = client_for(reviewer)
    batch, preview = upload_and_preview(
        client, event_a, "Nama Lengkap;L/P;SKPD;Pretest\nSiti;P;Dinkes;70\n"
    )
    assert preview.context["preview"].ok
    commit(client, batch)
    siti = event_a.attendances.get()
    assert (siti.name, siti.sex, siti.unit, siti.pre_test) == ("Siti", "P", unit_a, 70)


@pytest.mark.django_db
def test_a_file_without_the_required_headers_is_refused_on_the_upload_form(
    client_for, reviewer, event_a
):
    response = upload(client_for(reviewer), event_a, "nama,hadir\nSiti,ya\n")
    assert response.status_code == 200
    assert "Kolom wajib tidak ada: jenis_kelamin" in response.text
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_the_import_is_not_offered_on_the_imports_page(client_for, reviewer):
    client = client_for(reviewer)
    page = client.get(reverse("import_list"))
    assert "attendance" not in [i.identifier for i in page.context["importers"]]
    assert client.get(reverse("import_upload", args=["attendance"])).status_code == 404


@pytest.mark.django_db
def test_it_returns_404_to_other_units_focal_point_and_403_to_planner_and_focal_a(
    client_for, focal_a, focal_b, planner, event_a
):
    assert client_for(focal_b).get(import_url(event_a)).status_code == 404
    assert upload(client_for(focal_b), event_a, CLEAN).status_code == 404
    assert client_for(focal_a).get(import_url(event_a)).status_code == 403
    assert upload(client_for(planner), event_a, CLEAN).status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_batch_for_an_event_out_of_the_uploaders_scope_is_a_404(
    client_for, reviewer, admin, event_a
):
    client = client_for(reviewer)
    batch, _preview = upload_and_preview(client, event_a, CLEAN)
    event_a.delete()
    assert client.get(reverse("import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("import_commit", args=[batch.pk])).status_code == 404
    assert not Attendance.objects.exists()
