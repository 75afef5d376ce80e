"""Event pages: scoping (invited units only, 404 otherwise), who may edit (403),
forms with bad input, checklist, and the PDFs read back with pypdf (the attendance
import: test_events_import.py)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from focal_points.models import CapacityEvent, EventType
from focal_points.selectors.registry import upcoming_events_for
from tests.factories import (
    AppointmentFactory,
    AttendanceFactory,
    EventFactory,
    EventInvitationFactory,
    EventSpeakerFactory,
    UnitFactory,
)


def url(name: str, event, *extra) -> str:
    return reverse(f"focal_points:{name}", args=[event.pk, *extra])


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def event_a(unit_a):
    """An upcoming event unit A is invited to."""
    event = EventFactory(title="Bimtek GAP untuk Dinkes")
    EventInvitationFactory(event=event, unit=unit_a)
    return event


# --- scoping and roles -------------------------------------------------------------


@pytest.mark.django_db
def test_a_focal_point_sees_only_events_their_unit_was_invited_to(
    focal_a, event_a, client_for, frozen_today
):
    EventFactory(title="Rakor yang lain")
    html = client_for(focal_a).get(reverse("focal_points:event_list")).content.decode()
    assert "Bimtek GAP untuk Dinkes" in html
    assert "Rakor yang lain" not in html


@pytest.mark.django_db
def test_it_returns_404_to_a_focal_point_whose_unit_was_not_invited(
    focal_b, event_a, client_for, frozen_today
):
    client = client_for(focal_b)
    assert client.get(event_a.get_absolute_url()).status_code == 404
    assert client.post(url("event_update", event_a), {}).status_code == 404
    assert client.get(url("event_daftar_hadir", event_a)).status_code == 404


@pytest.mark.django_db
def test_an_invited_focal_point_may_read_but_not_edit(
    focal_a, event_a, client_for, frozen_today
):
    client = client_for(focal_a)
    assert client.get(event_a.get_absolute_url()).status_code == 200
    assert client.post(url("event_update", event_a), {"title": "x"}).status_code == 403
    speaker = EventSpeakerFactory(event=event_a)
    response = client.post(url("event_speaker_remove", event_a, speaker.pk))
    assert response.status_code == 403
    assert event_a.speakers.filter(pk=speaker.pk).exists()


@pytest.mark.django_db
def test_a_focal_point_sees_only_their_own_units_participants(
    focal_a, unit_a, unit_b, event_a, client_for, frozen_today
):
    AttendanceFactory(event=event_a, name="Peserta Dinkes", unit=unit_a)
    AttendanceFactory(event=event_a, name="Peserta Setu", unit=unit_b)
    html = client_for(focal_a).get(event_a.get_absolute_url()).content.decode()
    assert "Peserta Dinkes" in html
    assert "Peserta Setu" not in html


@pytest.mark.django_db
def test_upcoming_events_for_a_focal_point_are_their_invited_future_events(
    focal_a, event_a, frozen_today
):
    past = EventFactory(
        starts_at=datetime.datetime(2026, 1, 5, 1, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 1, 5, 8, tzinfo=datetime.UTC),
    )
    EventInvitationFactory(event=past, unit=event_a.invitations.get().unit)
    EventFactory()  # not invited
    assert list(upcoming_events_for(focal_a)) == [event_a]


# --- create and edit ---------------------------------------------------------------


def form_data(organiser, **overrides):
    return {
        "title": "Pelatihan PPRG 2026",
        "event_type": EventType.PELATIHAN_PPRG,
        "starts_at": "2026-07-01T08:00",
        "ends_at": "2026-07-01T15:00",
        "venue": "Aula",
        "mode": "LURING",
        "organiser": organiser.pk,
        "opened_by": "Wakil Wali Kota",
        "target_participants": "30",
        "funding_reference": "",
        "description": "",
        **overrides,
    }


@pytest.mark.django_db
def test_a_reviewer_creates_an_event(reviewer, client_for, frozen_today):
    organiser = UnitFactory()
    response = client_for(reviewer).post(
        reverse("focal_points:event_create"), form_data(organiser)
    )
    event = CapacityEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.starts_at == datetime.datetime(2026, 7, 1, 1, 0, tzinfo=datetime.UTC)
    assert event.created_by == reviewer


@pytest.mark.django_db
def test_an_end_before_the_start_is_shown_next_to_the_end_field(
    reviewer, client_for, frozen_today
):
    response = client_for(reviewer).post(
        reverse("focal_points:event_create"),
        form_data(UnitFactory(), ends_at="2026-06-30T08:00"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Waktu selesai sebelum waktu mulai" in errors["ends_at"][0]
    assert not CapacityEvent.objects.exists()


@pytest.mark.django_db
def test_a_report_upload_that_is_not_a_pdf_is_refused_and_nothing_changes(
    reviewer, event_a, client_for, frozen_today
):
    fake = SimpleUploadedFile("laporan.pdf", b"just text, not a pdf")
    data = form_data(event_a.organiser, title=event_a.title, report_file=fake)
    response = client_for(reviewer).post(url("event_update", event_a), data)
    assert response.status_code == 200
    assert "bukan PDF" in response.context["form"].errors["report_file"][0]
    event_a.refresh_from_db()
    assert not event_a.report_file


# --- invitations and attendance ----------------------------------------------------


@pytest.mark.django_db
def test_inviting_through_the_page_mails_the_units_focal_points(
    reviewer, focal_b, unit_b, event_a, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(reviewer).post(
            url("event_invite", event_a), {"units": [unit_b.pk]}
        )
    assert response.status_code == 302
    assert event_a.invitations.filter(unit=unit_b).exists()
    assert [m.to for m in mail.outbox] == [[focal_b.email]]


@pytest.mark.django_db
def test_inviting_all_units_of_a_type_or_all_at_once(
    reviewer, unit_a, unit_b, event_a, client_for
):
    from tests.factories import UnitFactory

    kelurahan = UnitFactory(unit_type="KELURAHAN", short_name="Kel. Muncul")
    other_kecamatan = UnitFactory(unit_type="KECAMATAN", short_name="Kec. Serpong")
    client = client_for(reviewer)
    form = client.get(url("event_invite", event_a)).context["form"]
    # Dinkes (unit A) is invited already; the organiser is a Dinas too.
    assert dict(form.fields["unit_types"].choices) == {
        "DINAS": "Dinas (1)",
        "KECAMATAN": "Kecamatan (2)",
        "KELURAHAN": "Kelurahan (1)",
    }

    client.post(url("event_invite", event_a), {"unit_types": ["KECAMATAN"]})
    invited = set(event_a.invitations.values_list("unit__short_name", flat=True))
    assert invited == {"Dinkes", "Kec. Setu", "Kec. Serpong"}

    client.post(url("event_invite", event_a), {"everyone": "on"})
    invited = set(event_a.invitations.values_list("unit_id", flat=True))
    assert {kelurahan.pk, other_kecamatan.pk, event_a.organiser_id} <= invited


@pytest.mark.django_db
def test_a_focal_point_sees_other_invited_units_without_links_to_their_pages(
    focal_a, unit_a, unit_b, reviewer, event_a, client_for
):
    EventInvitationFactory(event=event_a, unit=unit_b)
    html = client_for(focal_a).get(event_a.get_absolute_url()).content.decode()
    assert f'href="{unit_a.get_absolute_url()}"' in html
    assert "Kecamatan Setu" in html
    assert f'href="{unit_b.get_absolute_url()}"' not in html
    reviewer_html = client_for(reviewer).get(event_a.get_absolute_url()).content
    assert f'href="{unit_b.get_absolute_url()}"' in reviewer_html.decode()


@pytest.mark.django_db
def test_inviting_nobody_says_what_to_choose(reviewer, event_a, client_for):
    response = client_for(reviewer).post(url("event_invite", event_a), {})
    assert response.status_code == 200
    assert "Pilih perangkat daerah yang diundang, jenisnya, atau semua." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_adding_a_participant_of_an_uninvited_unit_warns_and_flags(
    reviewer, unit_b, event_a, client_for, frozen_today
):
    appointment = AppointmentFactory(unit=unit_b, person__name="Orang Setu")
    client = client_for(reviewer)
    response = client.post(
        url("event_attendance_add", event_a),
        {"person": appointment.pk},
        follow=True,
    )
    assert "tidak diundang" in response.content.decode()
    html = client.get(event_a.get_absolute_url()).content.decode()
    row = html[html.index("Orang Setu") :].split("</tr>")[0]
    assert "PD tidak diundang" in row


@pytest.mark.django_db
def test_adding_the_same_person_twice_shows_the_message_on_the_form(
    reviewer, unit_a, event_a, client_for, frozen_today
):
    appointment = AppointmentFactory(unit=unit_a)
    client = client_for(reviewer)
    client.post(url("event_attendance_add", event_a), {"person": appointment.pk})
    response = client.post(
        url("event_attendance_add", event_a), {"person": appointment.pk}
    )
    assert response.status_code == 200
    assert "sudah terdaftar" in response.context["form"].errors["person"][0]
    assert event_a.attendances.count() == 1


@pytest.mark.django_db
def test_the_checklist_marks_attendance_and_scores(
    reviewer, event_a, client_for, frozen_today
):
    a = AttendanceFactory(event=event_a)
    b = AttendanceFactory(event=event_a)
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": a.pk,
        "form-0-attended": "on",
        "form-0-pre_test": "45",
        "form-0-post_test": "90",
        "form-0-certificate_number": "SERT/1",
        "form-1-id": b.pk,
    }
    response = client_for(reviewer).post(url("event_attendance_mark", event_a), data)
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.attended, a.pre_test, a.post_test, a.certificate_number) == (
        True,
        45,
        90,
        "SERT/1",
    )
    assert not b.attended


@pytest.mark.django_db
def test_a_score_above_100_in_the_checklist_is_shown_on_its_row_and_nothing_saved(
    reviewer, event_a, client_for, frozen_today
):
    a = AttendanceFactory(event=event_a)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": a.pk,
        "form-0-attended": "on",
        "form-0-post_test": "150",
    }
    response = client_for(reviewer).post(url("event_attendance_mark", event_a), data)
    assert response.status_code == 200
    assert "antara 0 dan 100" in response.content.decode()
    a.refresh_from_db()
    assert not a.attended


# --- PDFs --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_daftar_hadir_lists_names_and_nip_before_the_event(
    reviewer, unit_a, event_a, client_for, frozen_today
):
    AttendanceFactory(
        event=event_a, name="Dewi Lestari", nip="198304172008012011", unit=unit_a
    )
    AttendanceFactory(event=event_a, name="Tamu PKK", institution="TP PKK", sex="P")
    response = client_for(reviewer).get(url("event_daftar_hadir", event_a))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response)
    assert "DAFTAR HADIR" in text
    assert "PEMERINTAH KOTA TANGERANG SELATAN" in text
    assert event_a.organiser.name.upper() in text.replace("\n", " ")
    assert "Dewi Lestari" in text
    assert "19830417 200801 2 011" in text
    assert "Tamu PKK" in text
    assert "Hari/tanggal : Rabu, 1 Juli 2026, 08.00 – 15.00 WIB" in text
    assert "Tanda tangan" in text
    assert "Halaman 1 dari 1" in text


@pytest.mark.django_db
def test_the_event_report_has_counts_by_unit_and_sex_averages_and_speakers(
    planner, unit_a, event_a, client_for, frozen_today
):
    EventSpeakerFactory(event=event_a, name="Caroline", institution="Bappeda")
    AttendanceFactory(
        event=event_a, unit=unit_a, sex="P", attended=True, pre_test=40, post_test=80
    )
    AttendanceFactory(
        event=event_a, unit=unit_a, sex="L", attended=True, pre_test=60, post_test=90
    )
    AttendanceFactory(event=event_a, unit=unit_a, sex="L", attended=False)
    text = pdf_text(client_for(planner).get(url("event_report_pdf", event_a)))
    assert "LAPORAN KEGIATAN" in text
    assert "Hari/tanggal : Rabu, 1 Juli 2026, 08.00 – 15.00 WIB" in text
    assert "Caroline" in text
    assert "Dinas Kesehatan 1 1 2" in text
    assert "Rata-rata pre-test : 50,0" in text
    assert "Rata-rata post-test : 85,0" in text
    assert "Terdaftar / hadir : 3 / 2 (L 1, P 1)" in text


# --- query counts ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 15])
def test_the_event_list_query_count_does_not_grow(
    reviewer, unit_a, size, client_for, frozen_today, django_assert_num_queries
):
    for _ in range(size):
        event = EventFactory()
        EventInvitationFactory(event=event, unit=unit_a)
        AttendanceFactory(event=event, unit=unit_a, attended=True)
    client = client_for(reviewer)
    # 1 session, 2 user, 3 years for the filter, 4 page count, 5 page of events
    # (organiser + counts annotated), 6 units for the filter's select.
    with django_assert_num_queries(6):
        response = client.get(reverse("focal_points:event_list"))
    assert len(response.context["page"].object_list) == size
