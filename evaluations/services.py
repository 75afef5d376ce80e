"""Every change to cycles, budget lines and dossiers goes through these functions.

Each validates, saves inside a transaction (with `update_fields` or a version-checked
UPDATE), writes the activity log and returns the saved object. Problems raise
ValidationError (keyed by form field where there is one) or PermissionDenied.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import (
    RUBRIC_FIELDS,
    ActionPlanRow,
    BudgetLine,
    CycleState,
    DisaggregatedDataRow,
    Dossier,
    EvaluationCycle,
    Evidence,
    ReviewComment,
    RubricScore,
    ScoreKind,
)
from evaluations.workflow import (
    EDITABLE_STATES,
    Action,
    Status,
    Workflow,
    stale_error,
    transition,
)
from focal_points.models import Unit
from pug_portal.activity import changed_fields, log_activity
from pug_portal.models import User
from pug_portal.permissions import user_has_perm


def _on_dossier_transition(
    *, obj: Dossier, action: str, by: User, reason: str
) -> dict[str, Any]:
    """Dossier-specific checks and fields saved with a status change."""
    now = timezone.now()
    if action == Action.SUBMIT:
        if not obj.cycle.is_open:
            raise ValidationError(
                _(
                    "Siklus monev %(year)s tidak sedang dibuka; dossier belum dapat "
                    "diajukan."
                )
                % {"year": obj.cycle.year},
                code="cycle_not_open",
            )
        missing = obj.missing_items()
        if missing:
            raise ValidationError(
                [_("Belum lengkap: %(item)s") % {"item": item} for item in missing],
                code="incomplete",
            )
        return {}
    if action == Action.RETURN:
        return {
            "return_reason": reason,
            "returned_at": now,
            "returned_snapshot": obj.snapshot(),
        }
    if action == Action.APPROVE:
        return {"approved_at": now}
    if action == Action.REOPEN:
        return {"approved_at": None}
    return {}


DOSSIER_WORKFLOW = Workflow(
    name="dossier",
    edit_perm="dossiers:edit",
    review_perm="dossiers:review",
    verbose_name="Dossier PPRG",
    on_transition=_on_dossier_transition,
)
# {(from, action): (to, permission)} — DESIGN §4 for dossiers.
ALLOWED_TRANSITIONS = DOSSIER_WORKFLOW.transitions


# --- cycles ------------------------------------------------------------------------


def _require(by: User, perm: str, obj: Any = None) -> None:
    if not user_has_perm(by, perm, obj):
        raise PermissionDenied


def cycle_create(*, by: User, data: dict[str, Any]) -> EvaluationCycle:
    _require(by, "cycles:manage")
    with transaction.atomic():
        cycle = EvaluationCycle(**data)
        cycle.full_clean()
        cycle.save()
        log_activity(actor=by, action="cycle.create", target=cycle, data=data)
    return cycle


def cycle_update(
    *, cycle: EvaluationCycle, by: User, data: dict[str, Any]
) -> EvaluationCycle:
    _require(by, "cycles:manage")
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
    _require(by, "cycles:manage")
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
    """Close a cycle: everything in it becomes read-only for everyone."""
    return _cycle_set_state(
        cycle=cycle,
        by=by,
        to=CycleState.CLOSED,
        allowed_from={CycleState.DRAFT, CycleState.OPEN},
        action="cycle.close",
    )


def _check_year_not_closed(year: int) -> None:
    if EvaluationCycle.objects.filter(year=year, state=CycleState.CLOSED).exists():
        raise ValidationError(
            _("Siklus monev %(year)s sudah ditutup; datanya tidak dapat diubah.")
            % {"year": year},
            code="cycle_closed",
        )


# --- budget lines ------------------------------------------------------------------


def _unit_in_scope(by: User, unit: Unit) -> None:
    if not Unit.objects.visible_to(by).filter(pk=unit.pk).exists():
        raise PermissionDenied


def budget_line_create(*, by: User, unit: Unit, data: dict[str, Any]) -> BudgetLine:
    """Register a sub kegiatan of `unit`. Codes that do not match the pattern are kept
    as typed; `line.code_warnings()` says what to check."""
    _require(by, "budget:edit")
    _unit_in_scope(by, unit)
    _check_year_not_closed(data["year"])
    with transaction.atomic():
        line = BudgetLine(unit=unit, **data)
        line.full_clean()
        line.save()
        log_activity(actor=by, action="budget_line.create", target=line, data=data)
    return line


def budget_line_update(
    *, line: BudgetLine, by: User, data: dict[str, Any]
) -> BudgetLine:
    _require(by, "budget:edit")
    _unit_in_scope(by, line.unit)
    _check_year_not_closed(line.year)
    if "year" in data:
        _check_year_not_closed(data["year"])
    if line.dossiers.filter(status=Status.APPROVED).exists():
        raise ValidationError(
            _(
                "Dossier sub kegiatan ini sudah disetujui; minta reviewer membukanya "
                "kembali sebelum mengubah anggarannya."
            )
        )
    with transaction.atomic():
        changes = changed_fields(line, data)
        if not changes:
            return line
        line.full_clean()
        line.save(update_fields=[*changes, "updated_at"])
        log_activity(actor=by, action="budget_line.update", target=line, data=changes)
    return line


# --- dossiers: content -------------------------------------------------------------


def _require_editable(dossier: Dossier, by: User) -> None:
    """Refuse content changes: wrong role or outside scope (PermissionDenied), or a
    locked dossier (ValidationError with the reason)."""
    _require(by, "dossiers:view")
    if not Dossier.objects.visible_to(by).filter(pk=dossier.pk).exists():
        raise PermissionDenied
    if not user_has_perm(by, "dossiers:edit"):
        raise PermissionDenied
    if dossier.cycle.is_closed:
        raise ValidationError(
            _("Siklus monev %(year)s sudah ditutup; dossier tidak dapat diubah.")
            % {"year": dossier.cycle.year},
            code="cycle_closed",
        )
    if dossier.status not in EDITABLE_STATES:
        if dossier.status == Status.APPROVED:
            message = _(
                "Dossier sudah disetujui dan terkunci. Perubahan hanya mungkin "
                "setelah reviewer membukanya kembali."
            )
        else:
            message = _(
                "Dossier sedang diajukan/direviu (status: %(status)s) dan tidak "
                "dapat diubah sampai dikembalikan."
            ) % {"status": dossier.get_status_display()}
        raise ValidationError(message, code="locked")


def dossier_create(*, by: User, budget_line: BudgetLine) -> Dossier:
    """Start the dossier of a budget line, in the cycle of its year."""
    _require(by, "dossiers:edit")
    _unit_in_scope(by, budget_line.unit)
    cycle = EvaluationCycle.objects.filter(year=budget_line.year).first()
    if cycle is None:
        raise ValidationError(
            _("Belum ada siklus monev untuk tahun %(year)s. Hubungi DPMPPPAKB.")
            % {"year": budget_line.year}
        )
    if cycle.is_closed:
        raise ValidationError(
            _("Siklus monev %(year)s sudah ditutup.") % {"year": cycle.year}
        )
    if Dossier.objects.filter(budget_line=budget_line).exists():
        raise ValidationError(_("Sub kegiatan ini sudah mempunyai dossier PPRG."))
    unit = budget_line.unit
    with transaction.atomic():
        dossier = Dossier.objects.create(
            unit=unit,
            cycle=cycle,
            budget_line=budget_line,
            created_by=by,
            gbs_amount=budget_line.pagu,
            gbs_sign_place=_("Tangerang Selatan"),
        )
        log_activity(
            actor=by,
            action="dossier.create",
            target=dossier,
            data={"budget_line": str(budget_line)},
        )
    return dossier


def dossier_update(
    *,
    dossier: Dossier,
    by: User,
    version: int,
    data: dict[str, Any],
    action_rows: list[dict[str, Any]] | None = None,
    data_rows: list[dict[str, Any]] | None = None,
    edit_token: str = "",
) -> Dossier:
    """Save the dossier's fields (and, when given, its action and data rows) if it is
    still at `version`, the version the editor loaded. A stale save is refused and the
    other person's change is kept. Rows are dicts with an optional `id` (existing row)
    and `DELETE`.

    `edit_token` identifies the edit page: when the last save came from the same page
    (its own autosave still in flight), a save with the older version is not stale."""
    _require_editable(dossier, by)
    with transaction.atomic():
        changes = changed_fields(dossier, data)
        try:
            dossier.full_clean(exclude=["unit", "cycle", "budget_line", "created_by"])
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        now = timezone.now()
        current = Q(version=version)
        if edit_token:
            current |= Q(edit_token=edit_token)
        updated = Dossier.objects.filter(
            current, pk=dossier.pk, status__in=EDITABLE_STATES
        ).update(
            version=F("version") + 1,
            updated_at=now,
            edit_token=edit_token,
            **{name: getattr(dossier, name) for name in changes},
        )
        if updated != 1:
            raise stale_error()
        dossier.version = Dossier.objects.values_list("version", flat=True).get(
            pk=dossier.pk
        )
        dossier.updated_at = now
        dossier.edit_token = edit_token
        row_changes = {}
        if action_rows is not None:
            row_changes["action_rows"] = _save_rows(dossier, ActionPlanRow, action_rows)
        if data_rows is not None:
            row_changes["data_rows"] = _save_rows(
                dossier, DisaggregatedDataRow, data_rows
            )
        row_changes = {k: v for k, v in row_changes.items() if any(v.values())}
        if changes or row_changes:
            log_activity(
                actor=by,
                action="dossier.update",
                target=dossier,
                data={"fields": sorted(changes), **row_changes},
            )
    return dossier


def _save_rows(
    dossier: Dossier, model: type[models.Model], rows: Iterable[dict[str, Any]]
) -> dict[str, int]:
    """Create, update or delete `dossier`'s rows of `model`; returns the counts."""
    counts = {"created": 0, "updated": 0, "deleted": 0}
    existing = {row.pk: row for row in model.objects.filter(dossier=dossier)}
    errors = []
    for position, raw in enumerate(rows):
        values = dict(raw)
        ident = values.pop("id", None)
        delete = values.pop("DELETE", False)
        pk = getattr(ident, "pk", ident)
        row = existing.get(pk) if pk else None
        if pk and row is None:
            raise ValidationError(_("Baris yang diubah bukan milik dossier ini."))
        if delete:
            if row is not None:
                row.delete()
                counts["deleted"] += 1
            continue
        if row is None:
            row = model(dossier=dossier)
            counts["created"] += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            counts["updated"] += 1
        for name, value in values.items():
            setattr(row, name, value)
        row.position = position
        try:
            row.full_clean(exclude=["dossier"])
        except ValidationError as error:
            errors.append(
                _("Baris %(n)s: %(messages)s")
                % {"n": position + 1, "messages": " ".join(error.messages)}
            )
            continue
        row.save()
    if errors:
        raise ValidationError(errors)
    return counts


def evidence_add(
    *,
    dossier: Dossier,
    by: User,
    kind: str,
    file,
    description: str = "",
) -> Evidence:
    """Attach a supporting file; its content must match its name and the size limit."""
    _require_editable(dossier, by)
    with transaction.atomic():
        evidence = Evidence(
            dossier=dossier,
            kind=kind,
            file=file,
            original_name=getattr(file, "name", "")[:255],
            size=getattr(file, "size", 0) or 0,
            description=description,
            uploaded_by=by,
        )
        evidence.full_clean()
        evidence.save()
        log_activity(
            actor=by,
            action="dossier.evidence_add",
            target=dossier,
            data={"kind": kind, "file": evidence.original_name},
        )
    return evidence


def evidence_delete(*, evidence: Evidence, by: User) -> None:
    dossier = evidence.dossier
    _require_editable(dossier, by)
    with transaction.atomic():
        name = evidence.original_name
        evidence.file.delete(save=False)
        evidence.delete()
        log_activity(
            actor=by,
            action="dossier.evidence_delete",
            target=dossier,
            data={"file": name},
        )


# --- dossiers: workflow ------------------------------------------------------------


def dossier_submit(*, dossier: Dossier, by: User) -> Dossier:
    """DRAFT / REVISION_REQUESTED → SUBMITTED; refused with what is still missing."""
    return transition(
        workflow=DOSSIER_WORKFLOW, obj=dossier, action=Action.SUBMIT, by=by
    )


def dossier_start_review(*, dossier: Dossier, by: User) -> Dossier:
    """SUBMITTED → IN_REVIEW: the reviewer takes the dossier."""
    return transition(
        workflow=DOSSIER_WORKFLOW, obj=dossier, action=Action.START_REVIEW, by=by
    )


def dossier_return(
    *,
    dossier: Dossier,
    by: User,
    reason: str,
    comments: Iterable[dict[str, str]] = (),
) -> Dossier:
    """IN_REVIEW → REVISION_REQUESTED with a required reason and per-field comments
    (dicts with `target` and `text`). The content at this moment is kept so the
    resubmission can be compared field by field."""
    comments = [c for c in comments if (c.get("text") or "").strip()]
    with transaction.atomic():
        round_no = (
            ReviewComment.objects.filter(dossier=dossier).aggregate(n=Max("round"))["n"]
            or 0
        ) + 1
        transition(
            workflow=DOSSIER_WORKFLOW,
            obj=dossier,
            action=Action.RETURN,
            by=by,
            reason=reason,
            log_data={"comments": len(comments)},
        )
        rows = [
            ReviewComment(
                dossier=dossier,
                target=c["target"],
                text=c["text"].strip(),
                round=round_no,
                author=by,
            )
            for c in comments
        ]
        for row in rows:
            row.full_clean(exclude=["dossier", "author"])
        ReviewComment.objects.bulk_create(rows)
    return dossier


def dossier_approve(*, dossier: Dossier, by: User) -> Dossier:
    """IN_REVIEW → APPROVED: the dossier is locked."""
    return transition(
        workflow=DOSSIER_WORKFLOW, obj=dossier, action=Action.APPROVE, by=by
    )


def dossier_reopen(*, dossier: Dossier, by: User, reason: str) -> Dossier:
    """APPROVED → REVISION_REQUESTED with a required reason (logged)."""
    return transition(
        workflow=DOSSIER_WORKFLOW,
        obj=dossier,
        action=Action.REOPEN,
        by=by,
        reason=reason,
    )


def comment_resolve(*, comment: ReviewComment, by: User) -> ReviewComment:
    """Mark a reviewer comment as addressed (focal point while editing, or reviewer)."""
    dossier = comment.dossier
    if not Dossier.objects.visible_to(by).filter(pk=dossier.pk).exists():
        raise PermissionDenied
    if not (
        user_has_perm(by, "dossiers:edit", dossier)
        or user_has_perm(by, "dossiers:review", dossier)
    ):
        raise PermissionDenied
    if comment.resolved:
        return comment
    with transaction.atomic():
        comment.resolved = True
        comment.resolved_by = by
        comment.resolved_at = timezone.now()
        comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
        log_activity(
            actor=by,
            action="dossier.comment_resolve",
            target=dossier,
            data={"comment": comment.pk, "target": comment.target},
        )
    return comment


def dossier_score(
    *,
    dossier: Dossier,
    by: User,
    kind: str,
    scores: dict[str, int],
    note: str = "",
) -> RubricScore:
    """Record the rubric C1–C10. The reviewer scores while reviewing; the focal point
    may self-score while the dossier is editable."""
    if not Dossier.objects.visible_to(by).filter(pk=dossier.pk).exists():
        raise PermissionDenied
    if kind == ScoreKind.REVIEWER:
        _require(by, "dossiers:review", dossier)
        if dossier.status != Status.IN_REVIEW:
            raise ValidationError(
                _("Nilai reviewer diisi saat dossier sedang direviu.")
            )
    else:
        _require_editable(dossier, by)
    values = {name: int(scores.get(name) or 0) for name in RUBRIC_FIELDS}
    bad = [name.upper() for name, v in values.items() if v not in (0, 1, 2)]
    if bad:
        raise ValidationError(
            _("Nilai %(items)s harus 0, 1 atau 2.") % {"items": ", ".join(bad)}
        )
    with transaction.atomic():
        score = RubricScore.objects.filter(dossier=dossier, kind=kind).first()
        if score is None:
            score = RubricScore(dossier=dossier, kind=kind)
        for name, value in values.items():
            setattr(score, name, value)
        score.note = note
        score.scored_by = by
        score.compute()
        try:
            score.save()
        except IntegrityError:  # a concurrent first score of the same kind
            raise stale_error() from None
        log_activity(
            actor=by,
            action="dossier.score",
            target=dossier,
            data={"kind": kind, "total": score.total, "class": score.classification},
        )
    return score


def today() -> datetime.date:
    return timezone.localdate()
