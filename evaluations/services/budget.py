"""Changes to evaluation cycles and budget lines (sub kegiatan with their pagu).

Each validates, saves inside a transaction with `update_fields`, writes the activity
log and returns the saved object. Problems raise ValidationError (keyed by form field
where there is one) or PermissionDenied."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations import year_summaries
from evaluations.models import (
    BudgetLine,
    CycleState,
    Dossier,
    EvaluationCycle,
)
from evaluations.workflow import (
    Status,
)
from focal_points.models import Unit
from pug_portal.activity import changed_fields, log_activity
from pug_portal.models import User
from pug_portal.permissions import require_in_scope, require_perm
from pug_portal.validation import full_clean

# --- cycles ------------------------------------------------------------------------


def cycle_create(*, by: User, data: dict[str, Any]) -> EvaluationCycle:
    require_perm(by, "cycles:manage")
    with transaction.atomic():
        cycle = EvaluationCycle(**data)
        cycle.full_clean()
        cycle.save()
        log_activity(actor=by, action="cycle.create", target=cycle, data=data)
    return cycle


def cycle_update(
    *, cycle: EvaluationCycle, by: User, data: dict[str, Any]
) -> EvaluationCycle:
    require_perm(by, "cycles:manage")
    if cycle.is_closed:
        raise ValidationError(_("Siklus yang sudah ditutup tidak dapat diubah."))
    with transaction.atomic():
        changes = changed_fields(cycle, data)
        if not changes:
            return cycle
        cycle.full_clean()
        cycle.save(update_fields=list(changes))
        log_activity(actor=by, action="cycle.update", target=cycle, data=changes)
    return cycle


def _cycle_set_state(
    *, cycle: EvaluationCycle, by: User, to: str, allowed_from: set[str], action: str
) -> EvaluationCycle:
    require_perm(by, "cycles:manage")
    if cycle.state not in allowed_from:
        raise ValidationError(
            _("Siklus berstatus %(state)s; tindakan ini tidak tersedia.")
            % {"state": cycle.get_state_display()}
        )
    with transaction.atomic():
        old = cycle.state
        cycle.state = to
        cycle.save(update_fields=["state"])
        log_activity(
            actor=by, action=action, target=cycle, data={"from": old, "to": to}
        )
    return cycle


def cycle_open(*, cycle: EvaluationCycle, by: User) -> EvaluationCycle:
    """Open a prepared cycle: focal points may submit dossiers of its year."""
    return _cycle_set_state(
        cycle=cycle,
        by=by,
        to=CycleState.OPEN,
        allowed_from={CycleState.DRAFT},
        action="cycle.open",
    )


def cycle_close(*, cycle: EvaluationCycle, by: User) -> EvaluationCycle:
    """Close a cycle: everything in it becomes read-only for everyone, and its
    year's city figures are computed once and stored (evaluations.year_summaries:
    the board then aggregates only the open years)."""
    with transaction.atomic():
        _cycle_set_state(
            cycle=cycle,
            by=by,
            to=CycleState.CLOSED,
            allowed_from={CycleState.DRAFT, CycleState.OPEN},
            action="cycle.close",
        )
        year_summaries.build(cycle)
    return cycle


def check_year_not_closed(year: int) -> None:
    """Refuse a change in a closed cycle's year (shown next to the year)."""
    if EvaluationCycle.objects.filter(year=year, state=CycleState.CLOSED).exists():
        message = _("Siklus monev %(year)s sudah ditutup; datanya tidak dapat diubah.")
        raise ValidationError(
            {"year": ValidationError(message % {"year": year}, code="cycle_closed")}
        )


# --- budget lines ------------------------------------------------------------------


def budget_line_create(
    *, by: User, unit: Unit, data: dict[str, Any], permission: str = "budget:edit"
) -> BudgetLine:
    """Register a sub kegiatan of `unit`. Codes that do not match the pattern are kept
    as typed; `line.code_warnings()` says what to check.

    `permission` is what `by` acts under: the budget page's "budget:edit", or
    "imports:budget" for the SIPD/RKA import (reviewers load those files for every
    unit, but do not edit lines by hand). The scope is checked either way."""
    require_perm(by, permission)
    require_in_scope(by, unit)
    check_year_not_closed(data["year"])
    with transaction.atomic():
        line = BudgetLine(unit=unit, **data)
        full_clean(line)
        line.save()
        log_activity(actor=by, action="budget_line.create", target=line, data=data)
    return line


# What may change on the line of an approved dossier without reopening it.
APPROVED_LINE_CHANGES = frozenset({"pagu"})


def budget_line_update(
    *,
    line: BudgetLine,
    by: User,
    data: dict[str, Any],
    permission: str = "budget:edit",
) -> BudgetLine:
    """Change a budget line (`permission` as for `budget_line_create`). A closed
    cycle's year is locked. A line whose dossier is approved keeps everything but
    its pagu: a budget change (APBD perubahan) updates the pagu without reopening
    the dossier, and the GBS then warns that its amount differs."""
    require_perm(by, permission)
    require_in_scope(by, line.unit)
    check_year_not_closed(line.year)
    if "year" in data:
        check_year_not_closed(data["year"])
    approved = line.dossiers.filter(status=Status.APPROVED).exists()
    with transaction.atomic():
        changes = changed_fields(line, data)
        if not changes:
            return line
        if approved and set(changes) - APPROVED_LINE_CHANGES:
            raise ValidationError(
                _(
                    "Dokumen PPRG sub kegiatan ini sudah disetujui: tanpa membukanya "
                    "kembali hanya pagu (perubahan anggaran) yang dapat diubah; minta "
                    "verifikator membukanya kembali untuk mengubah yang lain."
                )
            )
        full_clean(line)
        line.save(update_fields=[*changes, "updated_at"])
        action = "budget_line.perubahan" if approved else "budget_line.update"
        log_activity(actor=by, action=action, target=line, data=changes)
    return line


# --- a renamed unit ----------------------------------------------------------------


def unit_work_follow_successor(
    *, unit: Unit, successor: Unit, on: datetime.date
) -> dict[str, int]:
    """Move the years still being worked on — budget lines of every year without a
    closed cycle, dossiers of cycles not closed, with their comments and scores — from
    a renamed `unit` to its `successor`, so the board and lists show one unit for the
    open year. Closed years stay on the old unit, as they were printed. A step of
    `focal_points.services.registry.unit_rename` (RENAME_STEPS), inside its
    transaction and permission check."""
    closed_years = EvaluationCycle.objects.filter(state=CycleState.CLOSED).values(
        "year"
    )
    lines = (
        BudgetLine.objects.filter(unit=unit)
        .exclude(year__in=closed_years)
        .update(unit=successor)
    )
    dossiers = (
        Dossier.objects.filter(unit=unit)
        .exclude(cycle__state=CycleState.CLOSED)
        .update(unit=successor)
    )
    return {"budget_lines_moved": lines, "dossiers_moved": dossiers}
