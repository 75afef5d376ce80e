"""Rencana Pokja PUG: plans, their rows with yearly targets, adoption and the
yearly achievements. The plans are the city's, kept by DPMPPPAKB
("pokja_plans:manage"); a ditetapkan plan refuses every change but its
achievements ("pokja_plans:achievement"), so what was planned stays as adopted.

The rows of a plan are saved together: every row is checked first and nothing is
written unless all are valid (`PlanRowsInvalid` names each bad row's errors)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    PLAN_AREAS,
    PlanAchievement,
    PlanKind,
    PlanRow,
    PlanStatus,
    PlanTarget,
    PokjaPlan,
)
from assessments.models.plans import FIVE_YEARS, MAX_ACHIEVEMENT_PERCENT
from focal_points.models import DecreeType, today
from pug_portal.activity import changed_fields, log_activity
from pug_portal.models import User
from pug_portal.permissions import require_perm

ROW_FIELDS = (
    "order",
    "area",
    "program",
    "baseline",
    "target_total",
    "indicator",
    "budget",
    "unit",
)
AREA_VALUES = {value for value, _label in PLAN_AREAS}


class PlanRowsInvalid(ValidationError):
    """Some rows are invalid: `rows` maps each bad row's position (0-based, in the
    order given) to its errors {field or "__all__": [messages]}."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]):
        self.rows = rows
        first = next(iter(rows.values()))
        super().__init__([m for messages in first.values() for m in messages])


@dataclass
class RowInput:
    """One row as a form or an import gives it. `pk` names an existing row of the
    plan (None: a new row); `delete` removes it; `targets` are (year, value) pairs
    (a pair with an empty value means no target that year)."""

    data: dict[str, Any] = field(default_factory=dict)
    targets: list[tuple[int, str]] = field(default_factory=list)
    pk: int | None = None
    delete: bool = False


def _check_plan(plan: PokjaPlan) -> None:
    errors: dict[str, str] = {}
    if plan.start_year and plan.end_year:
        span = plan.end_year - plan.start_year + 1
        if plan.end_year < plan.start_year:
            errors["end_year"] = _("Tahun akhir sebelum tahun awal.")
        elif plan.kind == PlanKind.FIVE_YEAR and span != FIVE_YEARS:
            errors["end_year"] = _(
                "Rencana lima tahunan mencakup lima tahun: tahun akhir %(year)s."
            ) % {"year": plan.start_year + FIVE_YEARS - 1}
        elif plan.kind == PlanKind.ANNUAL and span != 1:
            errors["end_year"] = _(
                "Rencana tahunan mencakup satu tahun: tahun akhir sama dengan tahun "
                "awal."
            )
    parent = plan.parent
    if parent is not None:
        if plan.kind != PlanKind.ANNUAL or parent.kind != PlanKind.FIVE_YEAR:
            errors["parent"] = _(
                "Hanya rencana tahunan yang dikaitkan dengan rencana lima tahunan."
            )
        elif not parent.start_year <= plan.start_year <= parent.end_year:
            errors["parent"] = _(
                "Tahun %(year)s di luar rentang rencana lima tahunan %(period)s."
            ) % {"year": plan.start_year, "period": parent.period}
    if plan.decree is not None and plan.decree.decree_type != DecreeType.POKJA:
        errors["decree"] = _("Pilih SK Pokja PUG (Keputusan Wali Kota).")
    if errors:
        raise ValidationError(errors)


ADOPTED_MESSAGE = gettext_lazy(
    "Rencana sudah ditetapkan dan tidak dapat diubah; hanya capaiannya yang dicatat."
)


def _validate_plan(plan: PokjaPlan) -> None:
    """The plan's own rules (_check_plan) and the model's, every message at its
    field (a field the rules already refused is not checked again)."""
    errors: dict = {}
    try:
        _check_plan(plan)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        plan.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def require_draft(plan: PokjaPlan) -> None:
    if plan.is_adopted:
        raise ValidationError(str(ADOPTED_MESSAGE), code="adopted")


def plan_create(*, by: User, data: dict[str, Any]) -> PokjaPlan:
    """A new plan, a draft."""
    require_perm(by, "pokja_plans:manage")
    plan = PokjaPlan(**data, status=PlanStatus.DRAFT)
    if plan.kind == PlanKind.ANNUAL and plan.start_year and not plan.end_year:
        plan.end_year = plan.start_year
    with transaction.atomic():
        _validate_plan(plan)
        plan.save()
        log_activity(actor=by, action="pokja_plan.create", target=plan)
    return plan


def plan_update(*, plan: PokjaPlan, by: User, data: dict[str, Any]) -> PokjaPlan:
    """Change a draft plan's title, years, SK or five-year plan. Targets of years
    the plan no longer covers are refused: remove them from the rows first."""
    require_perm(by, "pokja_plans:manage")
    require_draft(plan)
    with transaction.atomic():
        changes = changed_fields(plan, data)
        if not changes:
            return plan
        _validate_plan(plan)
        outside = (
            PlanTarget.objects.filter(row__plan=plan)
            .exclude(year__range=(plan.start_year, plan.end_year))
            .values_list("year", flat=True)
            .distinct()
        )
        if outside:
            raise ValidationError(
                {
                    "end_year": _(
                        "Baris rencana mempunyai target tahun %(years)s di luar "
                        "rentang baru; hapus target itu lebih dulu."
                    )
                    % {"years": ", ".join(str(y) for y in sorted(outside))}
                }
            )
        plan.save(update_fields=list(changes))
        log_activity(actor=by, action="pokja_plan.update", target=plan, data=changes)
    return plan


def plan_adopt(
    *, plan: PokjaPlan, by: User, on: datetime.date | None = None
) -> PokjaPlan:
    """Ditetapkan: from now on only achievements are recorded. A plan without rows
    is refused (there would be nothing to adopt)."""
    require_perm(by, "pokja_plans:manage")
    require_draft(plan)
    if not plan.rows.exists():
        raise ValidationError(_("Rencana belum mempunyai baris; isi matriksnya dulu."))
    plan.status = PlanStatus.ADOPTED
    plan.adopted_on = on or today()
    with transaction.atomic():
        plan.save(update_fields=["status", "adopted_on"])
        log_activity(actor=by, action="pokja_plan.adopt", target=plan)
    return plan


def _row_errors(
    plan: PokjaPlan, row: PlanRow, targets: list[tuple[int, str]]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if row.area and row.area not in AREA_VALUES:
        errors.setdefault("area", []).append(
            _(
                "Area “%(area)s” tidak dikenal: pilih pelembagaan PUG atau salah satu "
                "dari 7 proses pembangunan."
            )
            % {"area": row.area}
        )
    try:
        row.full_clean(exclude=["plan"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name == "area" and "area" in errors:
                continue  # said above, with the value
            errors.setdefault(name, []).extend(messages)
    seen: set[int] = set()
    for year, _value in targets:
        if year not in plan.years:
            errors.setdefault("targets", []).append(
                _("Target tahun %(year)s di luar rentang rencana %(period)s.")
                % {"year": year, "period": plan.period}
            )
        elif year in seen:
            errors.setdefault("targets", []).append(
                _("Target tahun %(year)s diisi dua kali.") % {"year": year}
            )
        seen.add(year)
    return errors


def plan_rows_save(*, plan: PokjaPlan, by: User, rows: list[RowInput]) -> int:
    """Create, change and remove the rows of a draft plan with their yearly
    targets, all or nothing. Returns how many rows the plan has afterwards."""
    require_perm(by, "pokja_plans:manage")
    require_draft(plan)
    existing = {r.pk: r for r in plan.rows.all()}
    errors: dict[int, dict[str, list[str]]] = {}
    work: list[tuple[RowInput, PlanRow]] = []
    for position, given in enumerate(rows):
        if given.pk is not None and given.pk not in existing:
            errors[position] = {"__all__": [_("Baris ini bukan milik rencana ini.")]}
            continue
        row = existing.get(given.pk) or PlanRow(plan=plan)
        if given.delete:
            work.append((given, row))
            continue
        if row.pk is None:  # nothing to compare with (and no unit to read yet)
            for name, value in given.data.items():
                setattr(row, name, value)
            changes = {}
        else:
            changes = changed_fields(row, given.data)
        targets = [(int(y), str(v).strip()) for y, v in given.targets]
        if row_errors := _row_errors(plan, row, targets):
            errors[position] = row_errors
        given.targets = targets
        work.append((given, row))
        given.data = changes  # what the log records
    if errors:
        raise PlanRowsInvalid(errors)
    with transaction.atomic():
        for given, row in work:
            if given.delete:
                if row.pk:
                    row.delete()
                continue
            created = row.pk is None
            row.save()
            changed = _save_targets(row, dict(given.targets), fresh=created)
            if created or given.data or changed:
                log_activity(
                    actor=by,
                    action="pokja_plan.row_create" if created else "pokja_plan.row",
                    target=plan,
                    data={"row": row.pk, **given.data, **changed},
                )
    return plan.rows.count()


def _save_targets(row: PlanRow, targets: dict[int, str], *, fresh: bool) -> dict:
    """Set the row's target per year (an empty value removes it); return what
    changed as {"target <year>": [old, new]}."""
    old = {} if fresh else {t.year: t for t in row.targets.all()}
    changed = {}
    for year, value in targets.items():
        current = old.get(year)
        if not value:
            if current is not None:
                current.delete()
                changed[f"target {year}"] = [current.value, ""]
        elif current is None:
            PlanTarget.objects.create(row=row, year=year, value=value)
            changed[f"target {year}"] = ["", value]
        elif current.value != value:
            changed[f"target {year}"] = [current.value, value]
            current.value = value
            current.save(update_fields=["value"])
    return changed


@dataclass
class AchievementInput:
    row_pk: int
    percent: Decimal | None = None
    value: str = ""
    note: str = ""


def _achievement_errors(achievement: PlanAchievement) -> dict[str, list[str]]:
    """The percent's range first, with the page's words (Django's digit-count
    message would speak of digits), then the model's other rules."""
    percent = achievement.percent
    if percent is not None and percent < 0:
        return {"percent": [_("Capaian tidak boleh negatif.")]}
    if percent is not None and percent > MAX_ACHIEVEMENT_PERCENT:
        return {"percent": [_("Capaian paling tinggi 999,99 persen dari target.")]}
    try:
        achievement.full_clean(exclude=["row", "recorded_by"])
    except ValidationError as error:
        return error.message_dict
    return {}


def achievements_record(
    *, plan: PokjaPlan, by: User, year: int, entries: list[AchievementInput]
) -> int:
    """Record the achievements of `year` on the plan's rows (a draft or a
    ditetapkan plan), all or nothing; an entry with neither percent, text nor note
    clears the row's achievement of the year. The targets are never touched.
    Returns how many rows have an achievement for the year afterwards."""
    require_perm(by, "pokja_plans:achievement")
    if year not in plan.years:
        raise ValidationError(
            {
                "year": _("Tahun %(year)s di luar rentang rencana %(period)s.")
                % {"year": year, "period": plan.period}
            }
        )
    rows = {r.pk: r for r in plan.rows.all()}
    recorded = {
        a.row_id: a for a in PlanAchievement.objects.filter(row__plan=plan, year=year)
    }
    errors: dict[int, dict[str, list[str]]] = {}
    work = []
    seen: set[int] = set()
    for position, entry in enumerate(entries):
        if entry.row_pk not in rows:
            errors[position] = {"__all__": [_("Baris ini bukan milik rencana ini.")]}
            continue
        if entry.row_pk in seen:
            errors[position] = {
                "__all__": [_("Capaian baris ini untuk tahun ini diisi dua kali.")]
            }
            continue
        seen.add(entry.row_pk)
        achievement = recorded.get(entry.row_pk)
        empty = entry.percent is None and not entry.value.strip()
        if empty and not entry.note.strip():
            work.append((achievement, None))
            continue
        if empty:
            errors[position] = {
                "percent": [
                    _("Isi capaian (persen atau uraian), atau kosongkan catatannya.")
                ]
            }
            continue
        if achievement is None:
            achievement = PlanAchievement(row=rows[entry.row_pk], year=year)
        changes = changed_fields(
            achievement,
            {
                "percent": entry.percent,
                "value": entry.value.strip(),
                "note": entry.note,
            },
        )
        if row_errors := _achievement_errors(achievement):
            errors[position] = row_errors
            continue
        if changes or achievement.pk is None:
            work.append((achievement, changes))
    if errors:
        raise PlanRowsInvalid(errors)
    with transaction.atomic():
        for achievement, changes in work:
            if changes is None:
                if achievement is not None:
                    achievement.delete()
                    log_activity(
                        actor=by,
                        action="pokja_plan.achievement_clear",
                        target=plan,
                        data={"row": achievement.row_id, "year": year},
                    )
                continue
            achievement.recorded_by = by if getattr(by, "pk", None) else None
            achievement.save()
            log_activity(
                actor=by,
                action="pokja_plan.achievement",
                target=plan,
                data={"row": achievement.row_id, "year": year, **changes},
            )
    return PlanAchievement.objects.filter(row__plan=plan, year=year).count()
