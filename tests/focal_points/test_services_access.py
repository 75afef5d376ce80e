"""Every registry and event service checks permission and scope itself: a wrong
role gets PermissionDenied whoever calls (a view, an importer, a command), and an
object outside the caller's units is refused even when the role would allow it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from focal_points.models import TeamRole
from focal_points.services import events as services_events
from focal_points.services import registry as services
from pug_portal import permissions
from pug_portal.models import ActivityLog, Role
from tests.factories import (
    AppointmentFactory,
    AttendanceFactory,
    DecreeFactory,
    EventFactory,
    EventInvitationFactory,
    EventSpeakerFactory,
    UnitFactory,
)

D = datetime.date
START = datetime.datetime(2026, 7, 1, 1, 0, tzinfo=datetime.UTC)


@pytest.fixture
def objs(unit_b):
    """What unit B owns: a decree, an appointment, an event it organises and was
    invited to, with a speaker and a participant."""
    decree = DecreeFactory(unit=unit_b)
    event = EventFactory(organiser=unit_b)
    EventInvitationFactory(event=event, unit=unit_b)
    return {
        "unit": unit_b,
        "decree": decree,
        "appointment": AppointmentFactory(unit=unit_b, decree=decree),
        "event": event,
        "speaker": EventSpeakerFactory(event=event),
        "attendance": AttendanceFactory(event=event, unit=unit_b),
    }


# (service name, permission it needs, call(by, objs)); each call is valid for a user
# who holds the permission and sees unit B.
CALLS = [
    (
        "unit_update",
        "units:manage",
        lambda by, o: services.unit_update(
            unit=o["unit"], by=by, data={"head_name": "X"}
        ),
    ),
    (
        "unit_rename",
        "units:manage",
        lambda by, o: services.unit_rename(
            unit=o["unit"],
            by=by,
            name="Kec. Setu Baru",
            short_name="KSB",
            on=D(2026, 7, 1),
        ),
    ),
    (
        "unit_deactivate",
        "units:manage",
        lambda by, o: services.unit_deactivate(unit=o["unit"], by=by, on=D(2026, 7, 1)),
    ),
    (
        "decree_create",
        "decrees:manage",
        lambda by, o: services.decree_create(
            by=by,
            data={
                "number": "800/9/SK",
                "date": D(2026, 1, 2),
                "title": "Tim Focal Point",
                "issuer_type": "KEPALA_PD",
                "unit": o["unit"],
                "fiscal_year": 2026,
                "valid_from": D(2026, 1, 2),
            },
        ),
    ),
    (
        "decree_update",
        "decrees:manage",
        lambda by, o: services.decree_update(
            decree=o["decree"], by=by, data={"title": "Tim baru"}
        ),
    ),
    (
        "appointment_create",
        "focal_points:manage",
        lambda by, o: services.appointment_create(
            by=by,
            unit=o["unit"],
            decree=o["decree"],
            person_data={"name": "Rina", "nip": "198909252014022002", "sex": "P"},
            team_role=TeamRole.KETUA,
            start_date=D(2026, 2, 1),
        ),
    ),
    (
        "appointment_end",
        "focal_points:manage",
        lambda by, o: services.appointment_end(
            appointment=o["appointment"], by=by, on=D(2026, 12, 31)
        ),
    ),
    (
        "appointment_transfer",
        "focal_points:manage",
        lambda by, o: services.appointment_transfer(
            appointment=o["appointment"],
            by=by,
            to_unit=o["unit"],
            decree=o["decree"],
            on=D(2026, 3, 1),
            team_role=TeamRole.KETUA,
        ),
    ),
    (
        "appointment_update",
        "focal_points:manage",
        lambda by, o: services.appointment_update(
            appointment=o["appointment"], by=by, data={"position": "Kepala Seksi"}
        ),
    ),
    (
        "event_update",
        "events:manage",
        lambda by, o: services_events.event_update(
            event=o["event"], by=by, data={"venue": "Aula baru"}
        ),
    ),
    (
        "event_speaker_add",
        "events:manage",
        lambda by, o: services_events.event_speaker_add(
            event=o["event"], by=by, name="Narasumber"
        ),
    ),
    (
        "event_speaker_remove",
        "events:manage",
        lambda by, o: services_events.event_speaker_remove(speaker=o["speaker"], by=by),
    ),
    (
        "event_invite_units",
        "events:manage",
        lambda by, o: services_events.event_invite_units(
            event=o["event"], by=by, units=[UnitFactory()]
        ),
    ),
    (
        "attendance_add",
        "events:manage",
        lambda by, o: services_events.attendance_add(
            event=o["event"], by=by, data={"name": "Tamu", "sex": "P"}
        ),
    ),
    (
        "attendance_update",
        "events:manage",
        lambda by, o: services_events.attendance_update(
            attendance=o["attendance"], by=by, data={"post_test": "90"}
        ),
    ),
    (
        "attendance_remove",
        "events:manage",
        lambda by, o: services_events.attendance_remove(
            attendance=o["attendance"], by=by
        ),
    ),
    (
        "attendance_mark_bulk",
        "events:manage",
        lambda by, o: services_events.attendance_mark_bulk(
            event=o["event"], by=by, rows={o["attendance"].pk: {"attended": True}}
        ),
    ),
]
# Services that create something new have no object to be out of scope for.
UNSCOPED_CALLS = [
    (
        "unit_create",
        "units:manage",
        lambda by, o: services.unit_create(
            by=by, data={"name": "Dinas Baru", "short_name": "DB", "unit_type": "DINAS"}
        ),
    ),
    (
        "event_create",
        "events:manage",
        lambda by, o: services_events.event_create(
            by=by,
            data={
                "title": "Bimtek",
                "event_type": "BIMTEK",
                "starts_at": START,
                "ends_at": START + datetime.timedelta(hours=7),
                "venue": "Aula",
                "organiser": o["unit"],
            },
        ),
    ),
]
ALL_CALLS = CALLS + UNSCOPED_CALLS


@pytest.mark.parametrize(
    ("name", "perm", "call"), ALL_CALLS, ids=[c[0] for c in ALL_CALLS]
)
@pytest.mark.parametrize("persona", ["planner", "focal_b", "unit_head_a"])
def test_a_role_without_the_permission_is_refused(
    name, perm, call, persona, objs, request
):
    with pytest.raises(PermissionDenied):
        call(request.getfixturevalue(persona), objs)


@pytest.mark.parametrize(
    ("name", "perm", "call"), ALL_CALLS, ids=[c[0] for c in ALL_CALLS]
)
def test_the_staff_who_hold_the_permission_may(name, perm, call, objs, reviewer):
    passes_the_checks(name, call, reviewer, objs)


def passes_the_checks(name, call, by, objs):
    """No PermissionDenied; a rule may still refuse (unit B has a current focal
    point, so it cannot be deactivated), but no other call."""
    try:
        call(by, objs)
    except ValidationError:
        assert name == "unit_deactivate"


@pytest.fixture
def focal_points_may_manage(monkeypatch):
    """Grant focal points every management permission, so that only the scope check
    stands between them and unit B's objects."""
    for perm in (
        "units:manage",
        "decrees:manage",
        "focal_points:manage",
        "events:manage",
    ):
        monkeypatch.setitem(
            permissions.ROLE_PERMISSIONS,
            perm,
            permissions.ROLE_PERMISSIONS[perm] | {Role.FOCAL_POINT},
        )


@pytest.mark.parametrize(("name", "perm", "call"), CALLS, ids=[c[0] for c in CALLS])
def test_an_object_outside_the_callers_units_is_refused(
    name, perm, call, objs, focal_a, focal_b, focal_points_may_manage
):
    with pytest.raises(PermissionDenied):
        call(focal_a, objs)
    passes_the_checks(name, call, focal_b, objs)  # inside the caller's scope


def test_a_management_command_acts_as_the_system_user_and_is_not_logged_as_anyone(
    objs,
):
    services.unit_update(
        unit=objs["unit"], by=permissions.SYSTEM_USER, data={"head_name": "dr. Y"}
    )
    objs["unit"].refresh_from_db()
    assert objs["unit"].head_name == "dr. Y"
    assert ActivityLog.objects.get(action="unit.update").actor is None
