"""Every change to capacity-building events, their invitations and attendance.

Like focal_points.services.registry: keyword-only, checked ("events:manage" and the
event in the scope of `by`), validated, inside a transaction, logged; validation
problems raise ValidationError keyed by form field (or, for the bulk checklist,
reported per row), and mail leaves only after the commit. The attendance import
(`focal_points.importers.attendance`) writes through `attendance_add` and
`attendance_update`.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from focal_points.models import (
    Attendance,
    CapacityEvent,
    EventInvitation,
    EventSpeaker,
    FocalPointAppointment,
    Person,
    Unit,
)
from pug_portal.activity import changed_fields, log_activity
from pug_portal.middleware import absolute_url
from pug_portal.models import User
from pug_portal.permissions import require_in_scope, require_perm
from pug_portal.uploads import stored_files
from pug_portal.validation import full_clean

SCORE_FIELDS = ("pre_test", "post_test")
# A person, and a NIP, is on an event's list once: `_check_entry` says so first.
ONCE_PER_EVENT = ("attendance_person_once", "attendance_nip_once")


def _require_manage(by: User, event: CapacityEvent) -> None:
    require_perm(by, "events:manage")
    require_in_scope(by, event)


# --- events ------------------------------------------------------------------------


def _check_event(event: CapacityEvent) -> None:
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        raise ValidationError(
            {"ends_at": _("Waktu selesai sebelum waktu mulai. Periksa kedua tanggal.")}
        )
    try:
        event.full_clean(exclude=["created_by"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


def event_create(
    *,
    by: User,
    data: dict[str, Any],
    speakers: Sequence[dict[str, str]] = (),
) -> CapacityEvent:
    """Create an event, optionally with its speakers (dicts of name, institution,
    topic)."""
    require_perm(by, "events:manage")
    event = CapacityEvent(**data, created_by=by if by and by.pk else None)
    with transaction.atomic(), stored_files(event):
        _check_event(event)
        event.save()
        for order, speaker in enumerate(speakers, start=1):
            _speaker_save(event=event, order=order, **speaker)
        log_activity(
            actor=by,
            action="event.create",
            target=event,
            data={"type": event.event_type, "starts_at": event.starts_at},
        )
    return event


def event_update(
    *, event: CapacityEvent, by: User, data: dict[str, Any]
) -> CapacityEvent:
    """Change an event's details (files included: a replaced or removed file is
    deleted once this commits); logs what changed."""
    _require_manage(by, event)
    with transaction.atomic(), stored_files(event):
        changes = changed_fields(event, data)
        if not changes:
            return event
        _check_event(event)
        event.save(update_fields=list(changes))
        log_activity(actor=by, action="event.update", target=event, data=changes)
    return event


def _speaker_save(
    *,
    event: CapacityEvent,
    order: int,
    name: str,
    institution: str = "",
    topic: str = "",
) -> EventSpeaker:
    speaker = EventSpeaker(
        event=event, name=name, institution=institution, topic=topic, order=order
    )
    try:
        speaker.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
    speaker.save()
    return speaker


def event_speaker_add(
    *,
    event: CapacityEvent,
    by: User,
    name: str,
    institution: str = "",
    topic: str = "",
) -> EventSpeaker:
    _require_manage(by, event)
    with transaction.atomic():
        order = event.speakers.count() + 1
        speaker = _speaker_save(
            event=event, order=order, name=name, institution=institution, topic=topic
        )
        log_activity(
            actor=by,
            action="event.speaker_add",
            target=event,
            data={"name": name, "institution": institution, "topic": topic},
        )
    return speaker


def event_speaker_remove(*, speaker: EventSpeaker, by: User) -> None:
    event = speaker.event
    _require_manage(by, event)
    with transaction.atomic():
        speaker.delete()
        log_activity(
            actor=by,
            action="event.speaker_remove",
            target=event,
            data={"name": speaker.name},
        )


# --- invitations -------------------------------------------------------------------


def event_invite_units(
    *, event: CapacityEvent, by: User, units: Iterable[Unit]
) -> list[EventInvitation]:
    """Invite `units`; returns the new invitations. Units already invited are left
    alone (no second e-mail), so calling it twice is harmless.

    After the commit, each newly invited unit's current focal points who have an
    e-mail address receive one message."""
    _require_manage(by, event)
    with transaction.atomic():
        already = set(event.invitations.values_list("unit_id", flat=True))
        new = [
            EventInvitation(event=event, unit=unit)
            for unit in {u.pk: u for u in units}.values()
            if unit.pk not in already
        ]
        if not new:
            return []
        for invitation in new:
            invitation.save()
        log_activity(
            actor=by,
            action="event.invite",
            target=event,
            data={"units": sorted(i.unit.short_name for i in new)},
        )
        ids = [i.pk for i in new]
        transaction.on_commit(lambda: send_event_invitations(invitation_ids=ids))
    return new


def send_event_invitations(*, invitation_ids: list[int]) -> int:
    """Mail the current focal points of each invited unit; mark the invitations as
    notified. Returns the number of messages sent. Runs after the commit of
    `event_invite_units`, which checked who asked."""
    invitations = EventInvitation.objects.filter(pk__in=invitation_ids).select_related(
        "event", "event__organiser", "unit"
    )
    messages = []
    notified = []
    for invitation in invitations:
        recipients = _focal_point_emails(invitation.unit)
        if not recipients:
            continue
        event = invitation.event
        context = {
            "event": event,
            "unit": invitation.unit,
            "link": absolute_url(event.get_absolute_url()),
        }
        subject = _("Undangan: %(title)s") % {"title": event.title}
        body = render_to_string("focal_points/events/invitation_email.txt", context)
        messages.append((subject, body, None, recipients))
        notified.append(invitation.pk)
    sent = send_mass_mail(messages) if messages else 0
    EventInvitation.objects.filter(pk__in=notified).update(notified=True)
    return sent


def _focal_point_emails(unit: Unit) -> list[str]:
    appointments = (
        FocalPointAppointment.objects.current()
        .filter(unit=unit)
        .select_related("person__user")
    )
    emails = []
    for appointment in appointments:
        person = appointment.person
        email = person.email or (person.user.email if person.user_id else "")
        if email and email not in emails:
            emails.append(email)
    return emails


# --- attendance --------------------------------------------------------------------


def parse_score(value: Any) -> int | None:
    """A test score as int, or None when empty; ValueError when not 0–100."""
    if value is None or value == "":
        return None
    number = float(str(value).replace(",", "."))
    if not number.is_integer() or not 0 <= number <= 100:
        raise ValueError
    return int(number)


def score_error() -> str:
    return _("Nilai harus bilangan bulat antara 0 dan 100.")


def _duplicate_error(
    event: CapacityEvent,
    *,
    person: Person | None,
    nip: str | None,
    exclude: Attendance | None = None,
):
    """The message when this person or NIP is already on the event's list (under
    another entry than `exclude`), else None."""
    same = (Q(person=person) if person is not None else Q()) | (
        Q(nip=nip) if nip else Q()
    )
    if not same:
        return None
    others = event.attendances.exclude(pk=exclude.pk if exclude else None)
    clash = others.filter(same).first()
    if clash is None:
        return None
    return _("%(name)s sudah terdaftar sebagai peserta kegiatan ini.") % {
        "name": clash.name
    }


def _appointment_for(
    person: Person, event: CapacityEvent
) -> FocalPointAppointment | None:
    """The person's current appointment, preferring one in an invited unit."""
    current = list(
        FocalPointAppointment.objects.current()
        .filter(person=person)
        .select_related("unit")
    )
    invited = set(event.invitations.values_list("unit_id", flat=True))
    current.sort(key=lambda a: (a.unit_id not in invited, a.unit.name))
    return current[0] if current else None


def attendance_add(
    *,
    event: CapacityEvent,
    by: User,
    person: Person | None = None,
    data: dict[str, Any] | None = None,
) -> Attendance:
    """Register a participant: a `person` from the directory (name, NIP, sex, unit and
    position are copied from them and their current appointment), or a free entry in
    `data` (name, nip, sex, unit, institution, position). A free entry whose NIP is in
    the directory is linked to that person, so their trained status follows.

    `data` may also carry attended, pre_test, post_test and certificate_number. The
    same person or NIP twice is refused. A unit that was not invited is allowed; the
    list flags it."""
    _require_manage(by, event)
    data = dict(data or {})
    picked = person is not None
    if person is None and data.get("nip"):
        person = Person.objects.filter(nip=data["nip"]).first()
    entry: dict[str, Any] = {}
    if person is not None:
        appointment = _appointment_for(person, event)
        entry = {
            "name": person.name,
            "nip": person.nip,
            "sex": person.sex,
            "unit": appointment.unit if appointment else None,
            "position": appointment.position if appointment else "",
        }
    for key, value in data.items():
        if value not in (None, "") or key not in entry:
            entry[key] = value
    entry["nip"] = entry.get("nip") or None
    with transaction.atomic():
        _check_entry(event, entry, person=person, key="person" if picked else "nip")
        attendance = Attendance(event=event, person=person, **entry)
        try:
            full_clean(attendance, checked=ONCE_PER_EVENT)
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        attendance.save()
        log_activity(
            actor=by,
            action="event.attendance_add",
            target=event,
            data={"name": attendance.name, "nip": attendance.nip},
        )
    return attendance


def attendance_update(
    *, attendance: Attendance, by: User, data: dict[str, Any]
) -> Attendance:
    """Correct a participant's entry: any of the fields `attendance_add` takes, and
    `person` (the directory person it stands for). The same person or NIP as
    another entry of the event is refused, as on adding. Logs what changed."""
    event = attendance.event
    _require_manage(by, event)
    entry = dict(data)
    if "nip" in entry:
        entry["nip"] = entry["nip"] or None
    with transaction.atomic():
        _check_entry(
            event,
            entry,
            person=entry.get("person"),
            key="nip",
            exclude=attendance,
        )
        changes = changed_fields(attendance, entry)
        if not changes:
            return attendance
        try:
            full_clean(attendance, checked=ONCE_PER_EVENT)
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        attendance.save(update_fields=list(changes))
        log_activity(
            actor=by,
            action="event.attendance_update",
            target=event,
            data={"name": attendance.name, "changes": changes},
        )
    return attendance


def _check_entry(
    event: CapacityEvent,
    entry: dict[str, Any],
    *,
    person: Person | None,
    key: str,
    exclude: Attendance | None = None,
) -> None:
    """Turn the scores in `entry` into numbers and refuse a person or NIP already on
    the event's list (the message keyed `key`): one ValidationError with every
    problem."""
    errors: dict[str, list[str]] = {}
    for field in SCORE_FIELDS:
        if field in entry:
            try:
                entry[field] = parse_score(entry[field])
            except ValueError:
                errors.setdefault(field, []).append(score_error())
    nip = entry.get("nip")
    if message := _duplicate_error(event, person=person, nip=nip, exclude=exclude):
        errors.setdefault(key, []).append(message)
    if errors:
        raise ValidationError(errors)


def attendance_remove(*, attendance: Attendance, by: User) -> None:
    _require_manage(by, attendance.event)
    with transaction.atomic():
        attendance.delete()
        log_activity(
            actor=by,
            action="event.attendance_remove",
            target=attendance.event,
            data={"name": attendance.name, "nip": attendance.nip},
        )


MARK_FIELDS = ("attended", "pre_test", "post_test", "certificate_number")


def attendance_mark_bulk(
    *, event: CapacityEvent, by: User, rows: dict[int, dict[str, Any]]
) -> int:
    """Apply a checklist: `rows` maps attendance id → {attended, pre_test, post_test,
    certificate_number} (any subset). All rows are checked first; nothing is saved
    unless every row is valid. Returns the number of rows changed."""
    _require_manage(by, event)
    attendances = {a.pk: a for a in event.attendances.filter(pk__in=list(rows))}
    errors: list[str] = []
    planned: list[tuple[Attendance, dict[str, Any]]] = []
    for pk, values in rows.items():
        attendance = attendances.get(pk)
        if attendance is None:
            errors.append(_("Peserta #%(pk)s bukan peserta kegiatan ini.") % {"pk": pk})
            continue
        cleaned = {k: v for k, v in values.items() if k in MARK_FIELDS}
        for field in SCORE_FIELDS:
            if field in cleaned:
                try:
                    cleaned[field] = parse_score(cleaned[field])
                except ValueError:
                    errors.append(f"{attendance.name}: {score_error()}")
        if "attended" in cleaned:
            cleaned["attended"] = bool(cleaned["attended"])
        if "certificate_number" in cleaned:
            cleaned["certificate_number"] = (
                cleaned["certificate_number"] or ""
            ).strip()
        planned.append((attendance, cleaned))
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        summary = {}
        for attendance, cleaned in planned:
            changes = changed_fields(attendance, cleaned)
            if changes:
                attendance.save(update_fields=list(changes))
                changed += 1
                summary[attendance.name] = changes
        if changed:
            log_activity(
                actor=by,
                action="event.attendance_mark",
                target=event,
                data={"changed": changed, "rows": summary},
            )
    return changed
