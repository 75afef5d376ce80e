"""The Pokja PUG membership's lifecycle under an SK Pokja PUG: correct a member,
end a membership (the last day, with a reason; the row stays as history), and hand
a role to another person (the old membership ends the day before the new one
starts, in one transaction). Appointing (`pokja_member_create`) and filling from the
unit heads live in focal_points.services.registry beside the focal points.

Rules checked here: only memberships under an SK Pokja PUG; a membership ends on or
after its start and within its SK; one person holds one role at a time under one SK;
the single-holder roles (ketua, sekretaris) have one holder at a time."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from focal_points.models import (
    Decree,
    PokjaMembership,
    PokjaRole,
    Unit,
    today,
)
from focal_points.services.registry import _person_for, pokja_head_units
from pug_portal.activity import log_activity
from pug_portal.models import User
from pug_portal.nip import nip_sex
from pug_portal.permissions import require_in_scope, require_perm
from pug_portal.validation import full_clean

# Roles one person holds at a time (the SK names one ketua and one sekretaris).
SINGLE_HOLDER_ROLES = frozenset({PokjaRole.KETUA, PokjaRole.SEKRETARIS})


def not_pokja_message() -> str:
    return _(
        "SK ini bukan SK Pokja PUG: keanggotaan Pokja PUG hanya diubah, diakhiri atau "
        "dialihkan pada SK Pokja PUG."
    )


def _check_pokja(member: PokjaMembership, by: User) -> None:
    require_perm(by, "decrees:manage")
    require_in_scope(by, member.decree)
    if not member.decree.is_pokja:
        raise ValidationError(not_pokja_message())


def _overlapping(
    decree: Decree, start: datetime.date, end: datetime.date | None, exclude: int
):
    """Memberships under `decree` sharing a day with [start, end]."""
    query = decree.pokja_memberships.exclude(pk=exclude).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    if end is not None:
        query = query.filter(start_date__lte=end)
    return query.select_related("person")


def check_no_clash(
    *,
    decree: Decree,
    person_id: int,
    role: str,
    start: datetime.date,
    end: datetime.date | None,
    exclude: int | None = None,
    field: str = "pokja_role",
) -> None:
    for other in _overlapping(decree, start, end, exclude or 0):
        if other.person_id == person_id:
            raise ValidationError(
                {
                    field: _(
                        "%(name)s sudah menjadi %(role)s Pokja PUG dengan SK ini "
                        "pada periode itu."
                    )
                    % {
                        "name": other.person.name,
                        "role": other.get_pokja_role_display(),
                    }
                }
            )
        if role in SINGLE_HOLDER_ROLES and other.pokja_role == role:
            raise ValidationError(
                {
                    field: _(
                        "%(role)s Pokja PUG pada periode itu sudah dijabat %(name)s "
                        "(sejak %(start)s); akhiri atau alihkan keanggotaannya dahulu."
                    )
                    % {
                        "role": other.get_pokja_role_display(),
                        "name": other.person.name,
                        "start": date_format(other.start_date),
                    }
                }
            )


def _check_dates(
    decree: Decree, start: datetime.date, end: datetime.date | None, end_field: str
) -> None:
    if end is not None and end < start:
        raise ValidationError({end_field: _("Tanggal selesai sebelum tanggal mulai.")})
    if start < decree.valid_from:
        raise ValidationError(
            {
                "start_date": _("SK ini baru berlaku sejak %(date)s.")
                % {"date": date_format(decree.valid_from)}
            }
        )


def pokja_member_update(
    *, member: PokjaMembership, by: User, data: dict[str, Any]
) -> PokjaMembership:
    """Correct a membership: role, unit led, position, start date (the person and
    an end are changed by ending or handing the role over, which keeps history)."""
    _check_pokja(member, by)
    fields = ("pokja_role", "unit", "position", "start_date")
    changes = {
        name: [str(getattr(member, name) or ""), str(data[name] or "")]
        for name in fields
        if name in data and getattr(member, name) != data[name]
    }
    if not changes:
        return member
    with transaction.atomic():
        for name in fields:
            if name in data:
                setattr(member, name, data[name])
        _check_dates(member.decree, member.start_date, member.end_date, "start_date")
        check_no_clash(
            decree=member.decree,
            person_id=member.person_id,
            role=member.pokja_role,
            start=member.start_date,
            end=member.end_date,
            exclude=member.pk,
        )
        full_clean(member, checked=["pokja_membership_valid_range"])
        member.save(update_fields=list(changes))
        log_activity(
            actor=by, action="pokja.member_update", target=member.decree, data=changes
        )
    return member


def pokja_member_end(
    *, member: PokjaMembership, by: User, on: datetime.date, reason: str
) -> PokjaMembership:
    """End a membership on `on` (its last day) for `reason`; the row stays, so the
    Pokja as of any earlier day still shows the member."""
    _check_pokja(member, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan keanggotaan berakhir.")})
    if member.end_date is not None and member.end_date < today():
        raise ValidationError(
            {
                "on": _("Keanggotaan ini sudah berakhir pada %(date)s.")
                % {"date": date_format(member.end_date)}
            }
        )
    if on < member.start_date:
        raise ValidationError(
            {
                "on": _("Tanggal selesai sebelum tanggal mulai (%(date)s).")
                % {"date": date_format(member.start_date)}
            }
        )
    with transaction.atomic():
        member.end_date, member.end_reason = on, reason[:255]
        member.save(update_fields=["end_date", "end_reason"])
        log_activity(
            actor=by,
            action="pokja.member_end",
            target=member.decree,
            data={
                "person": member.person.name,
                "role": member.pokja_role,
                "on": on,
                "reason": reason,
            },
        )
    return member


def pokja_member_transfer(
    *,
    member: PokjaMembership,
    by: User,
    person_data: dict[str, Any],
    on: datetime.date,
    reason: str = "",
    unit: Unit | None = None,
    position: str = "",
) -> PokjaMembership:
    """Hand `member`'s role to another person from `on`: the old membership ends the
    day before, the new one starts on `on` under the same SK — both or neither."""
    _check_pokja(member, by)
    if on <= member.start_date:
        raise ValidationError(
            {
                "on": _("Tanggal pengalihan harus setelah %(date)s (mulai menjabat).")
                % {"date": date_format(member.start_date)}
            }
        )
    if member.end_date is not None and on > member.end_date + datetime.timedelta(1):
        raise ValidationError(
            {
                "on": _("Keanggotaan ini sudah berakhir pada %(date)s.")
                % {"date": date_format(member.end_date)}
            }
        )
    with transaction.atomic():
        person = _person_for(person_data)
        if person.pk == member.person_id:
            raise ValidationError(
                {"nip": _("Peran dialihkan kepada orang lain, bukan orang yang sama.")}
            )
        old_end = member.end_date
        member.end_date = on - datetime.timedelta(days=1)
        member.end_reason = (
            reason.strip() or _("Dialihkan kepada %(name)s") % {"name": person.name}
        )[:255]
        member.save(update_fields=["end_date", "end_reason"])
        check_no_clash(
            decree=member.decree,
            person_id=person.pk,
            role=member.pokja_role,
            start=on,
            end=old_end,
            field="nip",
        )
        successor = PokjaMembership(
            person=person,
            decree=member.decree,
            pokja_role=member.pokja_role,
            unit=unit if unit is not None else member.unit,
            position=position or member.position,
            start_date=on,
            end_date=old_end,
        )
        full_clean(successor, checked=["pokja_membership_valid_range"])
        successor.save()
        log_activity(
            actor=by,
            action="pokja.member_transfer",
            target=member.decree,
            data={
                "role": member.pokja_role,
                "from": member.person.name,
                "to": person.name,
                "on": on,
            },
        )
    return successor


def head_suggestion(unit: Unit) -> dict[str, Any]:
    """The unit's head as the form's suggested member (the user may change it)."""
    return {
        "unit": unit.pk,
        "name": unit.head_name,
        "nip": unit.head_nip or "",
        "sex": nip_sex(unit.head_nip) or "",
        "position": unit.head_title_or_default(),
    }


def role_suggestions() -> dict[str, dict[str, Any]]:
    """Who a new member in each role usually is: ketua the head of the planning
    agency, sekretaris the head of the women-empowerment agency (the PUG
    coordinator). Anggota are the heads of Perangkat Daerah: chosen by unit
    (`unit_suggestions`)."""
    suggestions = {}
    for role, flag in (
        (PokjaRole.KETUA, "is_planning_agency"),
        (PokjaRole.SEKRETARIS, "is_coordinator"),
    ):
        unit = (
            Unit.objects.active().filter(**{flag: True}).exclude(head_name="").first()
        )
        if unit is not None:
            suggestions[role] = head_suggestion(unit)
    return suggestions


def unit_suggestions() -> dict[int, dict[str, Any]]:
    """Each active Perangkat Daerah's head by unit id (anggota: a head of PD)."""
    return {unit.pk: head_suggestion(unit) for unit in pokja_head_units()}
