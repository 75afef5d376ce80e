"""Services of capacity-building events: create/update, invitations, attendance."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from focal_points.models import Attendance, CapacityEvent, EventType
from focal_points.services import events as services_events
from pug_portal.models import ActivityLog
from tests.factories import (
    AppointmentFactory,
    AttendanceFactory,
    EventFactory,
    EventInvitationFactory,
    PersonFactory,
    UnitFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
START = datetime.datetime(2026, 7, 1, 1, 0, tzinfo=datetime.UTC)


def event_data(**overrides):
    return {
        "title": "Bimtek GAP",
        "event_type": EventType.BIMTEK,
        "starts_at": START,
        "ends_at": START + datetime.timedelta(hours=7),
        "venue": "Aula",
        "organiser": UnitFactory(),
        **overrides,
    }


@pytest.mark.django_db
def test_event_create_saves_the_event_its_speakers_and_a_log_row(reviewer):
    event = services_events.event_create(
        by=reviewer,
        data=event_data(),
        speakers=[{"name": "Caroline", "institution": "Bappeda", "topic": "GBS"}],
    )
    assert event.created_by == reviewer
    assert [s.name for s in event.speakers.all()] == ["Caroline"]
    assert ActivityLog.objects.for_object(event).get().action == "event.create"


@pytest.mark.django_db
def test_it_refuses_an_end_before_the_start_next_to_the_end_field(reviewer):
    with pytest.raises(ValidationError) as caught:
        services_events.event_create(
            by=reviewer,
            data=event_data(ends_at=START - datetime.timedelta(hours=1)),
        )
    assert (
        "Waktu selesai sebelum waktu mulai" in caught.value.message_dict["ends_at"][0]
    )
    assert not CapacityEvent.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_report_that_is_not_really_a_pdf(reviewer):
    event = EventFactory()
    fake = SimpleUploadedFile("laporan.pdf", b"PK\x03\x04 not a pdf at all")
    with pytest.raises(ValidationError) as caught:
        services_events.event_update(
            event=event, by=reviewer, data={"report_file": fake}
        )
    assert "bukan PDF" in caught.value.message_dict["report_file"][0]


@pytest.mark.django_db
def test_event_update_logs_only_what_changed(reviewer):
    event = EventFactory(venue="Aula")
    services_events.event_update(
        event=event, by=reviewer, data={"venue": "Aula", "title": "Baru"}
    )
    log = ActivityLog.objects.for_object(event).get()
    assert list(log.data) == ["title"]
    assert log.data["title"][1] == "Baru"


@pytest.mark.django_db
def test_a_replaced_report_file_is_deleted_and_logged_by_name(
    reviewer, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services_events.event_update(
            event=event,
            by=reviewer,
            data={"report_file": SimpleUploadedFile("laporan-1.pdf", PDF)},
        )
    first = event.report_file.name
    storage = event.report_file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services_events.event_update(
            event=event,
            by=reviewer,
            data={"report_file": SimpleUploadedFile("laporan-2.pdf", PDF)},
        )
    assert not storage.exists(first) and storage.exists(event.report_file.name)
    logged = ActivityLog.objects.for_object(event).first().data["report_file"]
    assert logged == [first.rsplit("/", 1)[1], "laporan-2.pdf"]
    second = event.report_file.name
    with django_capture_on_commit_callbacks(execute=True):
        services_events.event_update(
            event=event, by=reviewer, data={"report_file": False}
        )
    event.refresh_from_db()
    assert event.report_file.name == "" and not storage.exists(second)


@pytest.mark.django_db
def test_inviting_mails_current_focal_points_once_after_commit(
    reviewer, focal_a, unit_a, unit_b, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        new = services_events.event_invite_units(
            event=event, by=reviewer, units=[unit_a, unit_b]
        )
    assert {i.unit for i in new} == {unit_a, unit_b}
    # Only unit A has a focal point with an e-mail address (through the account).
    assert [m.to for m in mail.outbox] == [[focal_a.email]]
    assert event.title in mail.outbox[0].subject
    assert event.invitations.get(unit=unit_a).notified

    with django_capture_on_commit_callbacks(execute=True):
        again = services_events.event_invite_units(
            event=event, by=reviewer, units=[unit_a]
        )
    assert again == []
    assert len(mail.outbox) == 1
    assert event.invitations.count() == 2


@pytest.mark.django_db
def test_no_mail_leaves_when_the_transaction_does_not_commit(
    reviewer, focal_a, unit_a, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services_events.event_invite_units(event=event, by=reviewer, units=[unit_a])
    # the mail, and the new data version of the figures (evaluations.board_cache)
    assert len(callbacks) == 2
    assert mail.outbox == []


@pytest.mark.django_db
def test_attendance_from_the_directory_copies_the_current_appointment(
    reviewer, unit_a, frozen_today
):
    appointment = AppointmentFactory(unit=unit_a, position="Analis")
    event = EventFactory()
    EventInvitationFactory(event=event, unit=unit_a)
    attendance = services_events.attendance_add(
        event=event, by=reviewer, person=appointment.person
    )
    assert attendance.unit == unit_a
    assert attendance.position == "Analis"
    assert attendance.nip == appointment.person.nip
    assert attendance.person == appointment.person
    assert not attendance.attended


@pytest.mark.django_db
def test_the_same_person_twice_is_refused(reviewer, frozen_today):
    person = AppointmentFactory().person
    event = EventFactory()
    services_events.attendance_add(event=event, by=reviewer, person=person)
    with pytest.raises(ValidationError) as caught:
        services_events.attendance_add(event=event, by=reviewer, person=person)
    assert "sudah terdaftar" in caught.value.message_dict["person"][0]
    assert event.attendances.count() == 1


@pytest.mark.django_db
def test_the_same_nip_twice_in_free_entries_is_refused(reviewer):
    event = EventFactory()
    data = {"name": "Tamu", "nip": "199001012020121001", "sex": "L"}
    services_events.attendance_add(event=event, by=reviewer, data=data)
    with pytest.raises(ValidationError) as caught:
        services_events.attendance_add(
            event=event, by=reviewer, data={**data, "name": "Tamu Lain"}
        )
    assert "sudah terdaftar" in caught.value.message_dict["nip"][0]


@pytest.mark.django_db
def test_a_free_entry_with_a_directory_nip_is_linked_to_that_person(reviewer):
    person = PersonFactory()
    event = EventFactory()
    attendance = services_events.attendance_add(
        event=event, by=reviewer, data={"name": "x", "nip": person.nip, "sex": "L"}
    )
    assert attendance.person == person


@pytest.mark.django_db
@pytest.mark.parametrize("score", [-1, 101, "abc", 50.5])
def test_scores_outside_0_to_100_are_refused(reviewer, score):
    event = EventFactory()
    with pytest.raises(ValidationError) as caught:
        services_events.attendance_add(
            event=event,
            by=reviewer,
            data={"name": "Tamu", "sex": "P", "post_test": score},
        )
    assert "antara 0 dan 100" in caught.value.message_dict["post_test"][0]
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_a_participant_of_a_unit_not_invited_is_allowed_but_flagged(
    reviewer, unit_a, unit_b
):
    event = EventFactory()
    EventInvitationFactory(event=event, unit=unit_a)
    services_events.attendance_add(
        event=event, by=reviewer, data={"name": "A", "sex": "P", "unit": unit_a}
    )
    services_events.attendance_add(
        event=event, by=reviewer, data={"name": "B", "sex": "L", "unit": unit_b}
    )
    flags = dict(
        event.attendances.with_invitation_flag().values_list("name", "unit_invited")
    )
    assert flags == {"A": True, "B": False}


@pytest.mark.django_db
def test_bulk_marking_saves_ticks_and_scores_and_logs_once(reviewer):
    event = EventFactory()
    a = AttendanceFactory(event=event)
    b = AttendanceFactory(event=event)
    changed = services_events.attendance_mark_bulk(
        event=event,
        by=reviewer,
        rows={
            a.pk: {"attended": True, "pre_test": 40, "post_test": 85},
            b.pk: {"attended": False},
        },
    )
    assert changed == 1
    a.refresh_from_db()
    assert (a.attended, a.pre_test, a.post_test) == (True, 40, 85)
    assert ActivityLog.objects.for_object(event).get().action == "event.attendance_mark"


@pytest.mark.django_db
def test_bulk_marking_saves_nothing_when_one_row_is_bad(reviewer):
    event = EventFactory()
    a = AttendanceFactory(event=event)
    b = AttendanceFactory(event=event, name="Budi")
    other = AttendanceFactory()  # another event's participant
    with pytest.raises(ValidationError) as caught:
        services_events.attendance_mark_bulk(
            event=event,
            by=reviewer,
            rows={
                a.pk: {"attended": True},
                b.pk: {"post_test": 150},
                other.pk: {"attended": True},
            },
        )
    assert any("Budi" in m and "0 dan 100" in m for m in caught.value.messages)
    assert any("bukan peserta" in m for m in caught.value.messages)
    a.refresh_from_db()
    other.refresh_from_db()
    assert not a.attended
    assert not other.attended


@pytest.mark.django_db
def test_attendance_update_changes_an_entry_and_logs_what_changed(reviewer):
    attendance = AttendanceFactory(name="Dewi", attended=False)
    services_events.attendance_update(
        attendance=attendance,
        by=reviewer,
        data={"attended": True, "post_test": "85", "name": "Dewi"},
    )
    attendance.refresh_from_db()
    assert (attendance.attended, attendance.post_test) == (True, 85)
    log = ActivityLog.objects.get(action="event.attendance_update")
    assert log.data["changes"] == {"attended": [False, True], "post_test": [None, 85]}


@pytest.mark.django_db
def test_attendance_update_refuses_another_entrys_nip_and_a_bad_score(reviewer):
    event = EventFactory()
    AttendanceFactory(event=event, nip="199001012020121001")
    other = AttendanceFactory(event=event, nip=None)
    with pytest.raises(ValidationError) as caught:
        services_events.attendance_update(
            attendance=other,
            by=reviewer,
            data={"nip": "199001012020121001", "pre_test": "101"},
        )
    assert "sudah terdaftar" in caught.value.message_dict["nip"][0]
    assert caught.value.message_dict["pre_test"] == [services_events.score_error()]
    other.refresh_from_db()
    assert other.nip is None
