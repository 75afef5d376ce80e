"""Focal-point appointments from a spreadsheet: every rule of the appointment form
applies per row, nothing is written unless the whole file is clean."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from focal_points.importers import AppointmentImporter
from focal_points.models import FocalPointAppointment, Person
from focal_points.services import registry as services
from pug_portal.imports import RowStatus
from pug_portal.models import ActivityLog
from tests.factories import AppointmentFactory, DecreeFactory, PersonFactory

HEADER = [
    "nama_singkat_pd",
    "nomor_sk",
    "nama",
    "nip",
    "jenis_kelamin",
    "jabatan",
    "pangkat_golongan",
    "peran_tim",
    "tanggal_mulai",
    "tanggal_selesai",
    "email",
    "telepon",
]
NIP_1 = "198501012010012001"
NIP_2 = "197903152006041002"


@pytest.fixture
def decree_a(unit_a):
    return DecreeFactory(unit=unit_a, number="800/12/SK/Dinkes/2026")


@pytest.fixture
def decree_b(unit_b):
    return DecreeFactory(unit=unit_b, number="800/7/SK/Setu/2026")


def row(**over) -> dict[str, str]:
    values = {
        "nama_singkat_pd": "Dinkes",
        "nomor_sk": "800/12/SK/Dinkes/2026",
        "nama": "dr. Siti Aminah",
        "nip": NIP_1,
        "jenis_kelamin": "P",
        "jabatan": "Kepala Seksi Kesehatan Keluarga",
        "pangkat_golongan": "Penata / III.c",
        "peran_tim": "Ketua",
        "tanggal_mulai": "05-01-2026",
        "tanggal_selesai": "",
        "email": "siti@example.test",
        "telepon": "0812-1111-2222",
    }
    values.update(over)
    return values


def rows(*dicts) -> list[tuple[int, dict[str, str]]]:
    return [(line, d) for line, d in enumerate(dicts, start=2)]


GOOD = (
    row(),
    row(
        nama="Budi Santoso",
        nip=NIP_2,
        jenis_kelamin="L",
        peran_tim="ANGGOTA",
        jabatan="Staf",
        email="",
        telepon="",
    ),
)


def preview(reviewer, *dicts):
    return AppointmentImporter(user=reviewer).parse(rows(*dicts))


def errors_of(result) -> dict[tuple[int, str], str]:
    return {(e.row, e.column): e.message for e in result.errors}


def test_a_good_file_creates_appointments_through_the_service(reviewer, decree_a):
    importer = AppointmentImporter(user=reviewer)
    shown = importer.parse(rows(*GOOD))
    assert [r.status for r in shown.rows] == [RowStatus.NEW, RowStatus.NEW]
    assert not FocalPointAppointment.objects.exists()

    result = importer.commit(rows(*GOOD))
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    siti = FocalPointAppointment.objects.get(person__nip=NIP_1)
    assert siti.unit.short_name == "Dinkes"
    assert siti.decree == decree_a
    assert siti.team_role == "KETUA"
    assert siti.start_date == datetime.date(2026, 1, 5)
    assert siti.position == "Kepala Seksi Kesehatan Keluarga"
    assert siti.person.email == "siti@example.test"
    assert siti.person.sex == "P"
    assert (
        ActivityLog.objects.filter(action="appointment.create", actor=reviewer).count()
        == 2
    )


def test_re_importing_the_same_file_changes_nothing(reviewer, decree_a):
    AppointmentImporter(user=reviewer).commit(rows(*GOOD))
    again = AppointmentImporter(user=reviewer).commit(rows(*GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert FocalPointAppointment.objects.count() == 2
    assert Person.objects.count() == 2


def test_a_row_without_nip_is_matched_again_by_name(reviewer, decree_a):
    honorer = row(nama="Rina (honorer)", nip="", peran_tim="SEKRETARIS")
    AppointmentImporter(user=reviewer).commit(rows(honorer))
    again = AppointmentImporter(user=reviewer).commit(rows(honorer))
    assert (again.created, again.unchanged) == (0, 1)


def test_changed_details_and_a_new_end_date_are_updates(reviewer, decree_a):
    AppointmentImporter(user=reviewer).commit(rows(*GOOD))
    changed = (
        row(jabatan="Kepala Bidang", telepon="0813-0000-0000"),
        {**GOOD[1], "tanggal_selesai": "2026-12-31"},
    )
    shown = preview(reviewer, *changed)
    assert [r.status for r in shown.rows] == [RowStatus.UPDATE, RowStatus.UPDATE]
    assert set(shown.rows[0].changes) == {"position", "phone"}
    result = AppointmentImporter(user=reviewer).commit(rows(*changed))
    assert (result.updated, result.created) == (2, 0)
    siti = FocalPointAppointment.objects.get(person__nip=NIP_1)
    assert siti.position == "Kepala Bidang"
    assert siti.person.phone == "0813-0000-0000"
    budi = FocalPointAppointment.objects.get(person__nip=NIP_2)
    assert budi.end_date == datetime.date(2026, 12, 31)
    assert ActivityLog.objects.filter(action="appointment.end").count() == 1
    # History is kept: still one appointment each, no new rows.
    assert FocalPointAppointment.objects.count() == 2


def test_every_rule_of_the_form_is_checked_per_row(
    reviewer, unit_a, decree_a, decree_b
):
    AppointmentFactory(
        unit=unit_a,
        decree=decree_a,
        person=PersonFactory(nip=NIP_2, name="Budi"),
        team_role="ANGGOTA",
        start_date=datetime.date(2026, 1, 5),
    )
    shown = preview(
        reviewer,
        row(nip="19850101201001200"),  # 17 digits
        row(
            nip=NIP_2,
            nama="Budi",
            jenis_kelamin="L",
            peran_tim="anggota",
            tanggal_mulai="2026-03-01",
        ),
        row(nip="", nama="A", nomor_sk="800/7/SK/Setu/2026"),  # SK of unit B
        row(nip="", nama="B", nomor_sk="999/SK/TIDAK-ADA"),
        row(nip="", nama="C", nama_singkat_pd="Dinas Entah"),
        row(nip="", nama="D", jenis_kelamin="X", peran_tim="Bendahara"),
        row(nip="", nama="E", tanggal_mulai="31/02/2026"),
        row(nip="", nama="F", tanggal_selesai="2025-12-31"),
        row(nip="", nama="G", email="bukan-email"),
    )
    errors = errors_of(shown)
    assert errors[(2, "nip")] == (
        "NIP harus 18 angka (spasi boleh, misalnya 19680512 199703 2 004); yang "
        "diisi 17 karakter."
    )
    assert "periodenya bertumpang tindih" in errors[(3, "tanggal_mulai")]
    assert errors[(4, "nomor_sk")] == "SK ini untuk perangkat daerah lain."
    assert "belum tercatat" in errors[(5, "nomor_sk")]
    assert (
        errors[(6, "nama_singkat_pd")] == "perangkat daerah Dinas Entah tidak dikenal"
    )
    assert "“X” tidak dikenal" in errors[(7, "jenis_kelamin")]
    assert "“Bendahara” tidak dikenal" in errors[(7, "peran_tim")]
    assert "bukan tanggal" in errors[(8, "tanggal_mulai")]
    assert errors[(9, "tanggal_selesai")] == "Tanggal selesai sebelum tanggal mulai."
    assert errors[(10, "email")] == "Masukkan alamat email yang valid."  # the page's
    assert all(r.status == RowStatus.ERROR for r in shown.rows)


def test_duplicates_and_overlaps_inside_the_file(reviewer, decree_a):
    errors = errors_of(
        preview(
            reviewer,
            row(),
            row(jabatan="lain"),
            row(tanggal_mulai="2026-02-01"),
        )
    )
    assert "sudah ada di baris 2" in errors[(3, "nama")]
    # Refused by appointment_create, with the page's words: the preview has already
    # written row 2 (in its rolled-back transaction) when it reaches row 4.
    assert errors[(4, "tanggal_mulai")] == (
        "dr. Siti Aminah sudah ditugaskan sebagai Ketua di Dinkes sejak 5 Januari 2026; "
        "periodenya bertumpang tindih."
    )


def test_a_bad_file_writes_nothing(reviewer, decree_a):
    result = AppointmentImporter(user=reviewer).commit(
        rows(GOOD[0], row(nama="X", nip="123"))
    )
    assert not result.ok
    assert result.created == 0
    assert str(result.errors[0]).startswith("baris 3, kolom nip:")
    assert not FocalPointAppointment.objects.exists()
    assert not Person.objects.exists()


def test_a_service_refusal_in_the_middle_rolls_back_every_row(
    reviewer, decree_a, monkeypatch
):
    real = services.appointment_create
    calls = []

    def refuse_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError({"decree": "SK ini untuk perangkat daerah lain."})
        return real(**kwargs)

    monkeypatch.setattr(services, "appointment_create", refuse_second)
    result = AppointmentImporter(user=reviewer).commit(rows(*GOOD))
    assert [str(e) for e in result.errors] == [
        "baris 3, kolom nomor_sk: SK ini untuk perangkat daerah lain."
    ]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert not FocalPointAppointment.objects.exists()
    assert not Person.objects.exists()
    assert not ActivityLog.objects.filter(action="appointment.create").exists()


def test_a_city_decree_serves_every_unit(reviewer, unit_a, unit_b):
    DecreeFactory(unit=None, number="100/SK/WALIKOTA/2026", issuer_type="WALI_KOTA")
    result = AppointmentImporter(user=reviewer).commit(
        rows(
            row(nomor_sk="100/SK/WALIKOTA/2026"),
            row(nomor_sk="100/SK/WALIKOTA/2026", nama_singkat_pd="Kec. Setu"),
        )
    )
    assert result.created == 2


def test_the_upload_page_is_for_staff_only(client_for, focal_a, reviewer):
    from django.urls import reverse

    url = reverse("import_upload", args=["focal-points"])
    assert client_for(focal_a).get(url).status_code == 403
    page = client_for(reviewer).get(url)
    assert page.status_code == 200
    assert "nomor_sk" in page.text
