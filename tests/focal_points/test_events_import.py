"""Attendance import from XLSX/CSV: every row checked, nothing written unless clean."""

import io

import pytest
from openpyxl import Workbook

from focal_points import services_events
from focal_points.models import Attendance
from pug_portal.importing import read_table
from tests.factories import AttendanceFactory, EventFactory, PersonFactory

HEADER = "nama,nip,jenis_kelamin,perangkat_daerah,instansi,jabatan,hadir,pre_test,post_test,nomor_sertifikat"


def rows_from_csv(text: str):
    return read_table(
        io.BytesIO(text.encode()),
        name="peserta.csv",
        required=services_events.IMPORT_REQUIRED,
    )


@pytest.mark.django_db
def test_a_clean_csv_adds_participants_and_counts_them(reviewer, unit_a):
    event = EventFactory()
    person = PersonFactory(nip="198304172008012011")
    rows = rows_from_csv(
        f"{HEADER}\n"
        "Dewi Lestari,198304172008012011,P,Dinkes,,Kasubbag,ya,60,85,001/SERT\n"
        "Tamu PKK,,P,,TP PKK Kota,Anggota,tidak,,,\n"
    )
    result = services_events.attendance_import(event=event, by=reviewer, rows=rows)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    dewi = event.attendances.get(nip="198304172008012011")
    assert dewi.person == person
    assert dewi.unit == unit_a
    assert (dewi.attended, dewi.pre_test, dewi.post_test) == (True, 60, 85)
    assert dewi.certificate_number == "001/SERT"
    guest = event.attendances.get(name="Tamu PKK")
    assert guest.institution == "TP PKK Kota"
    assert not guest.attended


@pytest.mark.django_db
def test_an_xlsx_file_is_read_and_updates_existing_rows(reviewer, unit_a):
    event = EventFactory()
    AttendanceFactory(event=event, name="Dewi", nip="198304172008012011", unit=unit_a)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nama", "NIP", "Jenis_Kelamin", "Hadir", "Post_Test"])
    sheet.append(["Dewi", "198304172008012011", "P", "ya", 90])
    sheet.append(["Budi", None, "L", "ya", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    rows = read_table(
        buffer, name="peserta.xlsx", required=services_events.IMPORT_REQUIRED
    )
    result = services_events.attendance_import(event=event, by=reviewer, rows=rows)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 1)
    dewi = event.attendances.get(nip="198304172008012011")
    assert (dewi.attended, dewi.post_test, dewi.unit) == (True, 90, unit_a)


@pytest.mark.django_db
def test_one_bad_row_writes_nothing_and_each_error_names_row_and_column(reviewer):
    event = EventFactory()
    rows = rows_from_csv(
        f"{HEADER}\n"
        "Baik,,P,,,,ya,,,\n"
        ",123,X,Dinas Entah,,,mungkin,101,-5,\n"
        "Dua,199001012020121001,L,,,,ya,,,\n"
        "Dua lagi,199001012020121001,L,,,,ya,,,\n"
    )
    result = services_events.attendance_import(event=event, by=reviewer, rows=rows)
    assert not result.ok
    assert not Attendance.objects.exists()
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (3, "nama"),
        (3, "nip"),
        (3, "jenis_kelamin"),
        (3, "perangkat_daerah"),
        (3, "hadir"),
        (3, "pre_test"),
        (3, "post_test"),
        (5, "nip"),
    } <= found
    assert "baris 3, kolom pre_test" in str(
        next(e for e in result.errors if e.column == "pre_test")
    )


@pytest.mark.django_db
def test_headers_as_people_write_them_are_understood(reviewer, unit_a):
    event = EventFactory()
    rows = read_table(
        io.BytesIO(b"Nama Lengkap;L/P;SKPD;Pretest\nSiti;P;Dinkes;70\n"),
        name="daftar.csv",
        required=services_events.IMPORT_REQUIRED,
        aliases=services_events.IMPORT_ALIASES,
    )
    result = services_events.attendance_import(event=event, by=reviewer, rows=rows)
    assert result.ok, result.errors
    siti = event.attendances.get()
    assert (siti.name, siti.sex, siti.unit, siti.pre_test) == ("Siti", "P", unit_a, 70)
