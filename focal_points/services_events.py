"""Every change to capacity-building events, their invitations and attendance.

Like focal_points.services: keyword-only, validated, inside a transaction, logged;
validation problems raise ValidationError keyed by form field (or, for imports and the
bulk checklist, reported per row), and mail leaves only after the commit.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from focal_points.models import (
    Attendance,
    CapacityEvent,
    EventInvitation,
    EventSpeaker,
    FocalPointAppointment,
    Person,
    Sex,
    Unit,
)
from pug_portal.activity import changed_fields, log_activity
from pug_portal.importing import ImportResult, RowError
from pug_portal.models import User

SCORE_FIELDS = ("pre_test", "post_test")

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
    by: User | None,
    data: dict[str, Any],
    speakers: Sequence[dict[str, str]] = (),
) -> CapacityEvent:
    """Create an event, optionally with its speakers (dicts of name, institution,
    topic)."""
    with transaction.atomic():
        event = CapacityEvent(**data, created_by=by if by and by.pk else None)
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
    *, event: CapacityEvent, by: User | None, data: dict[str, Any]
) -> CapacityEvent:
    """Change an event's details (files included); logs what changed."""
    with transaction.atomic():
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
    by: User | None,
    name: str,
    institution: str = "",
    topic: str = "",
) -> EventSpeaker:
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


def event_speaker_remove(*, speaker: EventSpeaker, by: User | None) -> None:
    with transaction.atomic():
        event = speaker.event
        speaker.delete()
        log_activity(
            actor=by,
            action="event.speaker_remove",
            target=event,
            data={"name": speaker.name},
        )


# --- invitations -------------------------------------------------------------------


def event_invite_units(
    *, event: CapacityEvent, by: User | None, units: Iterable[Unit]
) -> list[EventInvitation]:
    """Invite `units`; returns the new invitations. Units already invited are left
    alone (no second e-mail), so calling it twice is harmless.

    After the commit, each newly invited unit's current focal points who have an
    e-mail address receive one message."""
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
    notified. Returns the number of messages sent."""
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
            "link": settings.PUG_BASE_URL.rstrip("/") + event.get_absolute_url(),
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


def _score(value: Any) -> int | None:
    """A test score as int, or None when empty; ValueError when not 0–100."""
    if value is None or value == "":
        return None
    number = float(str(value).replace(",", "."))
    if not number.is_integer() or not 0 <= number <= 100:
        raise ValueError
    return int(number)


def _score_error() -> str:
    return _("Nilai harus bilangan bulat antara 0 dan 100.")


def _duplicate_error(event: CapacityEvent, *, person: Person | None, nip: str | None):
    """The message when this person or NIP is already on the event's list, else None."""
    clash = None
    if person is not None:
        clash = event.attendances.filter(person=person).first()
    if clash is None and nip:
        clash = event.attendances.filter(nip=nip).first()
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
    by: User | None,
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
    errors: dict[str, list[str]] = {}
    for field in SCORE_FIELDS:
        try:
            entry[field] = _score(entry.get(field))
        except ValueError:
            errors.setdefault(field, []).append(_score_error())
    with transaction.atomic():
        if message := _duplicate_error(event, person=person, nip=entry["nip"]):
            errors.setdefault("person" if picked else "nip", []).append(message)
        if errors:
            raise ValidationError(errors)
        attendance = Attendance(event=event, person=person, **entry)
        try:
            attendance.full_clean()
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


def attendance_remove(*, attendance: Attendance, by: User | None) -> None:
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
    *, event: CapacityEvent, by: User | None, rows: dict[int, dict[str, Any]]
) -> int:
    """Apply a checklist: `rows` maps attendance id → {attended, pre_test, post_test,
    certificate_number} (any subset). All rows are checked first; nothing is saved
    unless every row is valid. Returns the number of rows changed."""
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
                    cleaned[field] = _score(cleaned[field])
                except ValueError:
                    errors.append(f"{attendance.name}: {_score_error()}")
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


# --- import ------------------------------------------------------------------------

IMPORT_REQUIRED = ["nama", "jenis_kelamin"]
IMPORT_COLUMNS = [
    "nama",
    "nip",
    "jenis_kelamin",
    "perangkat_daerah",
    "instansi",
    "jabatan",
    "hadir",
    "pre_test",
    "post_test",
    "nomor_sertifikat",
]
# Headers people actually write on a daftar hadir → our column names (headers are
# normalised first: "L/P" → "l_p", "Jenis Kelamin" → "jenis_kelamin").
IMPORT_ALIASES = {
    "nama_lengkap": "nama",
    "l_p": "jenis_kelamin",
    "jk": "jenis_kelamin",
    "skpd": "perangkat_daerah",
    "opd": "perangkat_daerah",
    "pd": "perangkat_daerah",
    "unit_kerja": "perangkat_daerah",
    "pretest": "pre_test",
    "posttest": "post_test",
    "no_sertifikat": "nomor_sertifikat",
}
_YES = {"1", "ya", "y", "hadir", "x", "true", "v", "✓"}
_NO = {"", "0", "tidak", "t", "n", "false", "-"}


def attendance_import(
    *,
    event: CapacityEvent,
    by: User | None,
    rows: list[tuple[int, dict[str, str]]],
) -> ImportResult:
    """Import attendance rows (from `pug_portal.importing.read_table`).

    Columns: nama, jenis_kelamin (L/P) required; nip, perangkat_daerah (nama singkat
    atau nama), instansi, jabatan, hadir (ya/tidak), pre_test, post_test,
    nomor_sertifikat optional. A row whose NIP (or directory person) is already on the
    list updates it; otherwise a participant is added. Every row is checked first and
    nothing is written unless all rows are clean."""
    result = ImportResult()
    units = {}
    for unit in Unit.objects.only("pk", "name", "short_name"):
        units[unit.short_name.lower()] = unit
        units.setdefault(unit.name.lower(), unit)
    existing = {a.nip: a for a in event.attendances.exclude(nip__isnull=True)}
    people = {}
    nips_in_file = [r.get("nip", "").replace(" ", "") for _line, r in rows]
    for person in Person.objects.filter(nip__in=[n for n in nips_in_file if n]):
        people[person.nip] = person
    existing_people = set(
        event.attendances.exclude(person__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    seen: dict[str, int] = {}
    planned: list[tuple[Attendance | None, dict[str, Any]]] = []

    def fail(line: int, column: str, message: str) -> None:
        result.errors.append(RowError(line, column, message))

    for line, row in rows:
        before = len(result.errors)
        name = row.get("nama", "").strip()
        if not name:
            fail(line, "nama", _("wajib diisi"))
        nip = row.get("nip", "").replace(" ", "").replace("'", "") or None
        if nip:
            if not (len(nip) == 18 and nip.isdigit()):
                fail(line, "nip", _("NIP harus terdiri dari 18 angka tanpa spasi."))
            elif nip in seen:
                fail(
                    line,
                    "nip",
                    _("NIP %(nip)s sudah ada di baris %(row)s")
                    % {"nip": nip, "row": seen[nip]},
                )
            else:
                seen[nip] = line
        sex = row.get("jenis_kelamin", "").strip().upper()[:1]
        if sex not in Sex.values:
            fail(line, "jenis_kelamin", _("isi dengan L atau P"))
        unit = None
        if unit_text := row.get("perangkat_daerah", "").strip():
            unit = units.get(unit_text.lower())
            if unit is None:
                fail(
                    line,
                    "perangkat_daerah",
                    _(
                        "perangkat daerah %(unit)s tidak dikenal; tulis nama singkatnya "
                        "atau isi kolom instansi"
                    )
                    % {"unit": unit_text},
                )
        attended_text = row.get("hadir", "").strip().lower()
        if attended_text not in _YES | _NO:
            fail(line, "hadir", _("isi dengan ya atau tidak"))
        scores = {}
        for field in SCORE_FIELDS:
            try:
                scores[field] = _score(row.get(field, ""))
            except ValueError:
                fail(line, field, _score_error())
        if len(result.errors) > before:
            continue
        person = people.get(nip) if nip else None
        values = {
            "name": name,
            "nip": nip,
            "sex": sex,
            "unit": unit,
            "institution": row.get("instansi", "").strip(),
            "position": row.get("jabatan", "").strip(),
            "attended": attended_text in _YES,
            "certificate_number": row.get("nomor_sertifikat", "").strip(),
            **scores,
        }
        current = existing.get(nip) if nip else None
        if current is None and person is not None and person.pk in existing_people:
            current = event.attendances.get(person=person)
        if current is None:
            values["person"] = person
        planned.append((current, values))
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result

    with transaction.atomic():
        for current, values in planned:
            if current is None:
                attendance = Attendance(event=event, **values)
                attendance.full_clean()
                attendance.save()
                result.created += 1
                continue
            # Keep what the directory knows when the file leaves a cell empty.
            updates = {
                k: v
                for k, v in values.items()
                if v not in ("", None) or k in SCORE_FIELDS + ("attended",)
            }
            changes = changed_fields(current, updates)
            if changes:
                current.full_clean()
                current.save(update_fields=list(changes))
                result.updated += 1
            else:
                result.unchanged += 1
        log_activity(
            actor=by,
            action="event.attendance_import",
            target=event,
            data={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result
