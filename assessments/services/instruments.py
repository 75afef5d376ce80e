"""Instruments and their items. An instrument that has answers is frozen: every
change is refused with the way forward ("salin untuk tahun berikutnya"), and
`instrument_copy` makes next year's version, leaving the old answers untouched."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from assessments.models import AnswerType, Instrument, InstrumentItem
from pug_portal.activity import changed_fields, log_activity
from pug_portal.models import User
from pug_portal.permissions import require_perm

ITEM_FIELDS = (
    "order",
    "code",
    "group",
    "question",
    "answer_type",
    "options",
    "target",
    "weight",
    "evidence_asked",
    "guidance",
    "required",
    "figure",
)


def require_unfrozen(instrument: Instrument) -> None:
    if instrument.in_use:
        raise ValidationError(
            _(
                "Instrumen ini sudah dipakai untuk menjawab penilaian dan tidak dapat "
                "diubah agar jawaban yang ada tetap bermakna. Gunakan “salin untuk "
                "tahun berikutnya” lalu ubah salinannya."
            ),
            code="in_use",
        )


def instrument_create(*, by: User, data: dict[str, Any]) -> Instrument:
    require_perm(by, "instruments:manage")
    instrument = Instrument(**data)
    with transaction.atomic():
        instrument.full_clean()
        instrument.save()
        log_activity(actor=by, action="instrument.create", target=instrument)
    return instrument


def instrument_update(
    *, instrument: Instrument, by: User, data: dict[str, Any]
) -> Instrument:
    require_perm(by, "instruments:manage")
    require_unfrozen(instrument)
    with transaction.atomic():
        changes = changed_fields(instrument, data)
        if changes:
            instrument.full_clean()
            instrument.save(update_fields=list(changes))
            log_activity(
                actor=by, action="instrument.update", target=instrument, data=changes
            )
    return instrument


def _check_item(item: InstrumentItem) -> None:
    if item.answer_type == AnswerType.CHOICE:
        if len(item.options or []) < 2:
            raise ValidationError(
                {"options": _("Jawaban pilihan memerlukan sedikitnya dua pilihan.")}
            )
    elif item.options:
        raise ValidationError(
            {"options": _("Pilihan hanya untuk jenis jawaban pilihan bernilai.")}
        )


def item_create(
    *, instrument: Instrument, by: User, data: dict[str, Any]
) -> InstrumentItem:
    require_perm(by, "instruments:manage")
    require_unfrozen(instrument)
    data = dict(data)
    if data.get("order") is None:
        last = instrument.items.aggregate(n=Max("order"))["n"] or 0
        data["order"] = last + 1
    item = InstrumentItem(instrument=instrument, **data)
    with transaction.atomic():
        _check_item(item)
        item.full_clean()
        item.save()
        log_activity(
            actor=by,
            action="instrument.item_create",
            target=instrument,
            data={"code": item.code},
        )
    return item


def item_update(
    *, item: InstrumentItem, by: User, data: dict[str, Any]
) -> InstrumentItem:
    require_perm(by, "instruments:manage")
    require_unfrozen(item.instrument)
    with transaction.atomic():
        changes = changed_fields(item, data)
        if changes:
            _check_item(item)
            item.full_clean()
            item.save(update_fields=list(changes))
            log_activity(
                actor=by,
                action="instrument.item_update",
                target=item.instrument,
                data={"code": item.code, **changes},
            )
    return item


def item_delete(*, item: InstrumentItem, by: User) -> None:
    require_perm(by, "instruments:manage")
    require_unfrozen(item.instrument)
    with transaction.atomic():
        instrument, code = item.instrument, item.code
        item.delete()
        log_activity(
            actor=by,
            action="instrument.item_delete",
            target=instrument,
            data={"code": code},
        )


def instrument_copy(
    *, instrument: Instrument, by: User, year: int | None = None
) -> Instrument:
    """Next year's version: the same items in a new instrument (version + 1, `source`
    the original). The original and its answers are not touched."""
    require_perm(by, "instruments:manage")
    year = year or instrument.year + 1
    with transaction.atomic():
        last = (
            Instrument.objects.filter(name=instrument.name).aggregate(n=Max("version"))[
                "n"
            ]
            or 0
        )
        copy = Instrument(
            name=instrument.name,
            legal_basis=instrument.legal_basis,
            year=year,
            scope=instrument.scope,
            version=last + 1,
            source=instrument,
            co_reviewers=instrument.co_reviewers,
            description=instrument.description,
        )
        copy.full_clean()
        copy.save()
        InstrumentItem.objects.bulk_create(
            InstrumentItem(
                instrument=copy, **{f: getattr(item, f) for f in ITEM_FIELDS}
            )
            for item in instrument.items.all()
        )
        log_activity(
            actor=by,
            action="instrument.copy",
            target=copy,
            data={"source": instrument.pk, "year": year},
        )
    return copy
