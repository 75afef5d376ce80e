"""Every change to units, decrees and appointments goes through these functions.

Each one checks the permission and the scope of `by` (PermissionDenied), validates,
saves inside a transaction, writes the activity log and returns the saved object.
Validation problems raise ValidationError keyed by form field, so a view can show each
message next to its field (and an importer in the field's column). Commands and the
demo seeder act as `pug_portal.permissions.SYSTEM_USER`.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from focal_points.models import (
    Decree,
    DecreeType,
    FocalPointAppointment,
    Person,
    PokjaMembership,
    PokjaRole,
    Unit,
    UnitType,
    today,
)
from focal_points.models.registry import not_focal_point_decree_message
from pug_portal.accounts.services import user_create
from pug_portal.activity import changed_fields, log_activity
from pug_portal.models import Role, User
from pug_portal.nip import nip_sex
from pug_portal.permissions import require_in_scope, require_perm
from pug_portal.uploads import stored_files
from pug_portal.validation import full_clean

# --- units -------------------------------------------------------------------------


def unit_create(*, by: User, data: dict[str, Any]) -> Unit:
    require_perm(by, "units:manage")
    with transaction.atomic():
        unit = Unit(**data)
        unit.full_clean()
        unit.save()
        log_activity(actor=by, action="unit.create", target=unit)
    return unit


def unit_update(*, unit: Unit, by: User, data: dict[str, Any]) -> Unit:
    """Correct a unit's details. A change of name under a new decree is a rename
    (`unit_rename`), which keeps the old row as history."""
    require_perm(by, "units:manage")
    require_in_scope(by, unit)
    if data.get("parent") is not None and data["parent"].pk == unit.pk:
        raise ValidationError(
            {"parent": _("Perangkat daerah tidak dapat menjadi induk dirinya sendiri.")}
        )
    with transaction.atomic():
        changes = changed_fields(unit, data)
        if not changes:
            return unit
        unit.full_clean()
        unit.save(update_fields=list(changes))
        log_activity(actor=by, action="unit.update", target=unit, data=changes)
    return unit


# What a renamed unit's successor keeps of it.
SUCCESSOR_KEEPS = (
    "unit_type",
    "parent",
    "head_name",
    "head_title",
    "head_nip",
    "head_rank",
    "head_user",
    "address",
    "is_coordinator",
    "is_planning_agency",
)


# Other apps' work that follows a renamed unit to its successor: each step is
# `step(unit=old, successor=new, on=date) -> {what: count moved}` and runs inside the
# rename's transaction. focal_points cannot import those apps (dependencies point one
# way), so each appends its step here from its AppConfig.ready().
RENAME_STEPS: list[Callable[..., dict[str, int]]] = []


def unit_rename(
    *,
    unit: Unit,
    by: User,
    name: str,
    short_name: str,
    on: datetime.date,
    code: str = "",
) -> Unit:
    """Replace `unit` by a successor named `name` from `on`.

    The old row ends the day before and stays as history (its documents keep the old
    name); current appointments move to the successor as new rows, so the team keeps
    its access without losing its history, and those starting from `on` move as they
    are. Other apps' open work follows through RENAME_STEPS."""
    require_perm(by, "units:manage")
    require_in_scope(by, unit)
    if not unit.is_active:
        raise ValidationError(_("Perangkat daerah ini sudah tidak aktif."))
    if unit.valid_from and on <= unit.valid_from:
        raise ValidationError(
            {
                "on": _("Tanggal berlaku nama baru harus setelah %(date)s.")
                % {"date": date_format(unit.valid_from)}
            }
        )
    with transaction.atomic():
        successor = Unit(
            **{field: getattr(unit, field) for field in SUCCESSOR_KEEPS},
            code=code or unit.code,
            name=name,
            short_name=short_name,
            valid_from=on,
            predecessor=unit,
        )
        successor.full_clean()
        successor.save()
        Unit.objects.filter(parent=unit).update(parent=successor)
        ended_on = on - datetime.timedelta(days=1)
        moved = 0
        reason = _("Perubahan nomenklatur menjadi %(name)s") % {"name": name}
        serving = unit.appointments.filter(
            Q(pk__in=unit.appointments.current(on).values("pk")) | Q(start_date__gte=on)
        )
        for appointment in serving.select_related("person"):
            if appointment.start_date >= on:
                # It starts under the new name: it never served the old one, so it
                # simply belongs to the successor (ending it before it starts would
                # be an impossible period).
                appointment.unit = successor
                appointment.save(update_fields=["unit"])
            else:
                _move_appointment(
                    appointment=appointment, to_unit=successor, on=on, reason=reason
                )
            moved += 1
        unit.valid_to = ended_on
        unit.is_active = False
        unit.save(update_fields=["valid_to", "is_active"])
        data = {"to": successor.name, "on": on, "appointments_moved": moved}
        for step in RENAME_STEPS:
            data.update(step(unit=unit, successor=successor, on=on))
        log_activity(actor=by, action="unit.rename", target=unit, data=data)
        log_activity(
            actor=by,
            action="unit.create",
            target=successor,
            data={"predecessor": unit.name},
        )
    return successor


def unit_deactivate(*, unit: Unit, by: User, on: datetime.date) -> Unit:
    """Mark a unit as no longer existing. Units are never deleted once referenced."""
    require_perm(by, "units:manage")
    require_in_scope(by, unit)
    if unit.appointments.current(on).exists():
        raise ValidationError(
            _(
                "Masih ada focal point yang aktif di perangkat daerah ini. Akhiri "
                "penugasan mereka terlebih dahulu."
            )
        )
    with transaction.atomic():
        unit.is_active = False
        unit.valid_to = on
        unit.full_clean()
        unit.save(update_fields=["is_active", "valid_to"])
        log_activity(actor=by, action="unit.deactivate", target=unit, data={"on": on})
    return unit


# --- decrees -----------------------------------------------------------------------


def decree_create(*, by: User, data: dict[str, Any]) -> Decree:
    require_perm(by, "decrees:manage")
    if data.get("unit") is not None:
        require_in_scope(by, data["unit"])
    decree = Decree(**data)
    with transaction.atomic(), stored_files(decree):
        decree.full_clean()
        decree.save()
        log_activity(actor=by, action="decree.create", target=decree)
    return decree


def decree_update(*, decree: Decree, by: User, data: dict[str, Any]) -> Decree:
    """Correct a decree; `file` may be a new scan (the old one is deleted once this
    commits), False to remove the scan, or the stored file (unchanged)."""
    require_perm(by, "decrees:manage")
    require_in_scope(by, decree)
    if data.get("unit") is not None:
        require_in_scope(by, data["unit"])
    with transaction.atomic(), stored_files(decree):
        changes = changed_fields(decree, data)
        if not changes:
            return decree
        if "decree_type" in changes:
            _check_type_change(decree)
        decree.full_clean()
        decree.save(update_fields=list(changes))
        log_activity(actor=by, action="decree.update", target=decree, data=changes)
    return decree


def _check_type_change(decree: Decree) -> None:
    """A decree that already appointed people keeps the type they were appointed
    under: otherwise focal points would silently lose (or Pokja members gain) a
    unit's access and coverage."""
    if decree.decree_type != DecreeType.FOCAL_POINT and decree.appointments.exists():
        raise ValidationError(
            {
                "decree_type": _(
                    "SK ini sudah menetapkan focal point; jenisnya tetap "
                    "SK Tim Focal Point PUG."
                )
            }
        )
    if decree.decree_type != DecreeType.POKJA and decree.pokja_memberships.exists():
        raise ValidationError(
            {
                "decree_type": _(
                    "SK ini sudah menetapkan anggota Pokja PUG; jenisnya tetap "
                    "SK Pokja PUG."
                )
            }
        )


# --- appointments ------------------------------------------------------------------


# What an appointment's form (or import row) may say about the person appointed.
PERSON_DETAILS = ("name", "sex", "phone", "email")


def _person_for(data: dict[str, Any]) -> Person:
    """The existing person with this NIP (contact details refreshed), or a new one.

    The person's row stays locked until the caller's transaction ends, so two
    appointments of one person are checked for overlap one after the other. Two
    people appointing the same *new* NIP at once both find nobody and both insert:
    the unique NIP lets one insert through, and the other, refused, takes the person
    the first created instead of failing."""
    nip = data.get("nip") or None
    person = _locked_person(nip)
    if person is None:
        person = Person(nip=nip)
    _set_details(person, data)
    if person.pk or not nip:
        person.save()
        return person
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        person = _locked_person(nip)
        if person is None:  # not a NIP clash after all
            raise
        _set_details(person, data)
        person.save()
    return person


def _locked_person(nip: str | None) -> Person | None:
    if not nip:
        return None
    return Person.objects.select_for_update().filter(nip=nip).first()


def _set_details(person: Person, data: dict[str, Any]) -> None:
    for field in PERSON_DETAILS:
        if field in data:
            setattr(person, field, data[field])
    try:
        # The NIP's uniqueness is the database's to decide (see _person_for): a
        # check here could only race with another request's insert.
        person.full_clean(exclude=["user"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


def _check_no_overlap(
    *,
    person: Person,
    unit: Unit,
    team_role: str,
    start: datetime.date,
    end: datetime.date | None,
    exclude_pk: int | None = None,
) -> None:
    clash = (
        FocalPointAppointment.objects.filter(
            person=person, unit=unit, team_role=team_role
        )
        .exclude(pk=exclude_pk)
        .overlapping(start, end)
        .first()
    )
    if clash:
        raise ValidationError(
            {
                "start_date": _(
                    "%(name)s sudah ditugaskan sebagai %(role)s di %(unit)s sejak "
                    "%(start)s; periodenya bertumpang tindih."
                )
                % {
                    "name": person.name,
                    "role": clash.get_team_role_display(),
                    "unit": unit.short_name,
                    "start": date_format(clash.start_date),
                }
            }
        )


def appointment_create(
    *,
    by: User,
    unit: Unit,
    decree: Decree,
    person_data: dict[str, Any],
    team_role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    position: str = "",
    rank: str = "",
    user: User | None = None,
    invite: bool = False,
) -> FocalPointAppointment:
    """Appoint a person (found by NIP, or new) to `unit` under `decree`.

    With `user`, that account is linked to the person; with `invite` and an e-mail, a
    new focal-point account is created and sent a link to set its password (under
    this service's permission: inviting a focal point is part of appointing them)."""
    require_perm(by, "focal_points:manage")
    require_in_scope(by, unit)
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Tanggal selesai sebelum tanggal mulai.")})
    if not decree.is_focal_point:
        raise ValidationError({"decree": not_focal_point_decree_message()})
    # An SK issued under the unit's former name still appoints its team.
    if decree.unit_id and decree.unit_id not in (unit.pk, unit.predecessor_id):
        raise ValidationError({"decree": _("SK ini untuk perangkat daerah lain.")})
    if not unit.is_active:
        raise ValidationError({"unit": _("Perangkat daerah ini sudah tidak aktif.")})
    with transaction.atomic():
        person = _person_for(person_data)
        _check_no_overlap(
            person=person,
            unit=unit,
            team_role=team_role,
            start=start_date,
            end=end_date,
        )
        _link_account(person=person, by=by, user=user, invite=invite)
        appointment = FocalPointAppointment(
            person=person,
            unit=unit,
            decree=decree,
            team_role=team_role,
            position=position,
            rank=rank,
            start_date=start_date,
            end_date=end_date,
        )
        # The dates' order was checked above, with the form's words.
        full_clean(appointment, checked=["appointment_valid_range"])
        appointment.save()
        log_activity(
            actor=by,
            action="appointment.create",
            target=appointment,
            data={
                "unit": unit.short_name,
                "decree": decree.number,
                "start": start_date,
            },
        )
    return appointment


def appointment_update(
    *, appointment: FocalPointAppointment, by: User, data: dict[str, Any]
) -> FocalPointAppointment:
    """Correct an appointment's details: the `position` and `rank` held, and the
    appointed person's name, sex, phone and e-mail (any subset in `data`). Dates,
    unit, SK and team role are history: changing them is an end, a transfer or a
    new appointment."""
    require_perm(by, "focal_points:manage")
    require_in_scope(by, appointment)
    person = appointment.person
    with transaction.atomic():
        changes = changed_fields(
            person, {k: v for k, v in data.items() if k in PERSON_DETAILS}
        )
        if changes:
            try:
                person.full_clean(exclude=["user"])
            except ValidationError as error:
                raise ValidationError(error.message_dict) from None
            person.save(update_fields=list(changes))
        own = changed_fields(
            appointment, {k: v for k, v in data.items() if k in ("position", "rank")}
        )
        if own:
            appointment.full_clean()
            appointment.save(update_fields=list(own))
        if changes or own:
            log_activity(
                actor=by,
                action="appointment.update",
                target=appointment,
                data={**changes, **own},
            )
    return appointment


def _link_account(*, person: Person, by: User, user: User | None, invite: bool) -> None:
    """Link `user` to `person`; or, with `invite` and no account yet, create a
    focal-point account for the person's e-mail and send it an invitation."""
    if user is None and invite and person.user_id is None:
        if not person.email:
            raise ValidationError(
                {"email": _("Isi e-mail untuk mengirim undangan akun.")}
            )
        user = user_create(
            by=by,
            username=person.nip or person.email,
            email=person.email,
            role=Role.FOCAL_POINT,
            first_name=person.name[:150],
            invite=True,
            permission="focal_points:manage",
        )
    if user is not None and person.user_id != user.pk:
        if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            raise ValidationError(
                {"user": _("Akun ini sudah terhubung dengan orang lain.")}
            )
        person.user = user
        person.save(update_fields=["user"])


def appointment_end(
    *,
    appointment: FocalPointAppointment,
    by: User,
    on: datetime.date,
    reason: str = "",
) -> FocalPointAppointment:
    """End an appointment on `on` (the last day it counts). Access ends with it."""
    require_perm(by, "focal_points:manage")
    require_in_scope(by, appointment)
    if on < appointment.start_date:
        raise ValidationError({"on": _("Tanggal selesai sebelum tanggal mulai.")})
    if appointment.end_date is not None and appointment.end_date < today():
        raise ValidationError({"on": _("Penugasan ini sudah berakhir.")})
    with transaction.atomic():
        appointment.end_date = on
        appointment.end_reason = reason
        appointment.save(update_fields=["end_date", "end_reason"])
        log_activity(
            actor=by,
            action="appointment.end",
            target=appointment,
            data={"on": on, "reason": reason},
        )
    return appointment


def _move_appointment(
    *,
    appointment: FocalPointAppointment,
    to_unit: Unit,
    on: datetime.date,
    reason: str,
    decree: Decree | None = None,
    team_role: str | None = None,
    position: str | None = None,
) -> FocalPointAppointment:
    appointment.end_date = on - datetime.timedelta(days=1)
    appointment.end_reason = reason
    appointment.save(update_fields=["end_date", "end_reason"])
    moved = FocalPointAppointment(
        person=appointment.person,
        unit=to_unit,
        decree=decree or appointment.decree,
        team_role=team_role or appointment.team_role,
        position=appointment.position if position is None else position,
        rank=appointment.rank,
        start_date=on,
        previous=appointment,
    )
    moved.full_clean()
    moved.save()
    return moved


def appointment_transfer(
    *,
    appointment: FocalPointAppointment,
    by: User,
    to_unit: Unit,
    decree: Decree,
    on: datetime.date,
    team_role: str,
    position: str = "",
) -> FocalPointAppointment:
    """Mutasi: end the appointment the day before `on` and start one in `to_unit`."""
    require_perm(by, "focal_points:manage")
    require_in_scope(by, appointment)
    require_in_scope(by, to_unit)
    if on <= appointment.start_date:
        raise ValidationError({"on": _("Tanggal mutasi harus setelah tanggal mulai.")})
    if not decree.is_focal_point:
        raise ValidationError({"decree": not_focal_point_decree_message()})
    if decree.unit_id and decree.unit_id != to_unit.pk:
        raise ValidationError({"decree": _("SK ini untuk perangkat daerah lain.")})
    with transaction.atomic():
        _check_no_overlap(
            person=appointment.person,
            unit=to_unit,
            team_role=team_role,
            start=on,
            end=None,
            exclude_pk=appointment.pk,
        )
        moved = _move_appointment(
            appointment=appointment,
            to_unit=to_unit,
            on=on,
            reason=_("Mutasi ke %(unit)s") % {"unit": to_unit.short_name},
            decree=decree,
            team_role=team_role,
            position=position,
        )
        log_activity(
            actor=by,
            action="appointment.transfer",
            target=appointment,
            data={"to": to_unit.short_name, "on": on},
        )
        log_activity(
            actor=by,
            action="appointment.create",
            target=moved,
            data={"from": appointment.unit.short_name, "decree": decree.number},
        )
    return moved


# --- Pokja PUG ---------------------------------------------------------------------


def pokja_member_create(
    *,
    by: User,
    decree: Decree,
    person_data: dict[str, Any],
    pokja_role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    unit: Unit | None = None,
    position: str = "",
) -> PokjaMembership:
    """Appoint a person (found by NIP, or new: the same `Person` as focal points)
    to the Pokja PUG under an SK Pokja PUG."""
    require_perm(by, "decrees:manage")
    if not decree.is_pokja:
        raise ValidationError(
            {"decree": _("Anggota Pokja PUG hanya ditetapkan dengan SK Pokja PUG.")}
        )
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Tanggal selesai sebelum tanggal mulai.")})
    # the lifecycle's rules (services/pokja.py imports this module, hence here)
    from focal_points.services.pokja import check_no_clash

    with transaction.atomic():
        person = _person_for(person_data)
        clash = (
            PokjaMembership.objects.filter(person=person, decree=decree)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
            .first()
        )
        if clash:
            raise ValidationError(
                {
                    "nip": _("%(name)s sudah menjadi %(role)s Pokja PUG dengan SK ini.")
                    % {"name": person.name, "role": clash.get_pokja_role_display()}
                }
            )
        # one ketua and one sekretaris at a time
        check_no_clash(
            decree=decree,
            person_id=person.pk,
            role=pokja_role,
            start=start_date,
            end=end_date,
        )
        member = PokjaMembership(
            person=person,
            decree=decree,
            pokja_role=pokja_role,
            unit=unit,
            position=position,
            start_date=start_date,
            end_date=end_date,
        )
        full_clean(member, checked=["pokja_membership_valid_range"])
        member.save()
        log_activity(
            actor=by,
            action="pokja.member_add",
            target=decree,
            data={"person": person.name, "role": pokja_role},
        )
    return member


def pokja_head_units():
    """The active units whose heads sit in the Pokja PUG: the planning agency, the
    women-empowerment agency and the Perangkat Daerah, with a head recorded."""
    return (
        Unit.objects.active()
        .filter(
            Q(is_planning_agency=True)
            | Q(is_coordinator=True)
            | Q(unit_type__in=UnitType.perangkat_daerah())
        )
        .exclude(head_name="")
    )


def pokja_default_members(decree: Decree) -> list[dict[str, Any]]:
    """The members an SK Pokja PUG usually appoints, from the registry's unit heads:
    ketua the head of the planning agency, sekretaris the head of the
    women-empowerment agency (the PUG coordinator), anggota the heads of the other
    Perangkat Daerah. Units whose head has no name recorded are left out; a head
    whose sex the NIP does not tell is left out too (sex is asked, never assumed)."""
    units = pokja_head_units().order_by("name")
    rows = []
    for unit in units:
        sex = nip_sex(unit.head_nip)
        if not sex:
            continue
        if unit.is_planning_agency:
            role = PokjaRole.KETUA
        elif unit.is_coordinator:
            role = PokjaRole.SEKRETARIS
        else:
            role = PokjaRole.ANGGOTA
        rows.append(
            {
                "unit": unit,
                "pokja_role": role,
                "position": unit.head_title_or_default(),
                "person_data": {
                    "name": unit.head_name,
                    "nip": unit.head_nip or None,
                    "sex": sex,
                },
            }
        )
    order = [PokjaRole.KETUA, PokjaRole.SEKRETARIS, PokjaRole.ANGGOTA]
    return sorted(rows, key=lambda row: order.index(row["pokja_role"]))


def pokja_fill_from_unit_heads(*, by: User, decree: Decree) -> list[PokjaMembership]:
    """Appoint the default members (`pokja_default_members`) not yet on the SK,
    from the SK's first day of validity."""
    require_perm(by, "decrees:manage")
    present = set(decree.pokja_memberships.values_list("person__nip", flat=True))
    # a ketua or sekretaris already appointed (another person) keeps the role
    held = set(
        decree.pokja_memberships.filter(
            pokja_role__in=[PokjaRole.KETUA, PokjaRole.SEKRETARIS],
            end_date__isnull=True,
        ).values_list("pokja_role", flat=True)
    )
    created = []
    with transaction.atomic():
        for row in pokja_default_members(decree):
            if row["person_data"]["nip"] in present or row["pokja_role"] in held:
                continue
            created.append(
                pokja_member_create(
                    by=by,
                    decree=decree,
                    start_date=decree.valid_from,
                    **row,
                )
            )
    return created
