"""Every change to cycles, budget lines and dossiers goes through these functions.

Each validates, saves inside a transaction (with `update_fields` or a version-checked
UPDATE), writes the activity log and returns the saved object. Problems raise
ValidationError (keyed by form field where there is one) or PermissionDenied.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations import board_cache, workflow
from evaluations.models import (
    ActionPlanRow,
    BudgetLine,
    DisaggregatedDataRow,
    Dossier,
    EvaluationCycle,
    Evidence,
    GbsSigner,
)
from evaluations.workflow import (
    Action,
    Workflow,
)
from pug_portal.activity import changed_fields, log_activity
from pug_portal.models import User
from pug_portal.permissions import require_in_scope, require_perm, user_has_perm
from pug_portal.uploads import delete_files_on_commit, stored_files, upload_fields


def _on_dossier_transition(
    *, obj: Dossier, action: str, by: User, reason: str
) -> dict[str, Any]:
    """Dossier-specific checks and fields saved with a status change."""
    if action == Action.SUBMIT:
        if not obj.cycle.is_open:
            raise ValidationError(
                _(
                    "Siklus monev %(year)s tidak sedang dibuka; dokumen PPRG belum dapat "
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
        return {"returned_snapshot": obj.snapshot()}
    if action == Action.APPROVE:
        # The GBS keeps the head who signs it now: a new head later does not
        # change an approved GBS (Dossier.gbs_signer).
        return GbsSigner.head_of(obj.unit).as_fields()
    return {}


DOSSIER_WORKFLOW = Workflow(
    name="dossier",
    edit_perm="dossiers:edit",
    review_perm="dossiers:review",
    verbose_name=gettext_lazy("Dokumen PPRG"),
    on_transition=_on_dossier_transition,
    locked_approved=gettext_lazy(
        "Dokumen PPRG sudah disetujui dan terkunci. Perubahan hanya mungkin "
        "setelah verifikator membukanya kembali."
    ),
    locked_in_review=gettext_lazy(
        "Dokumen PPRG sedang diajukan/direviu (status: %(status)s) dan tidak "
        "dapat diubah sampai dikembalikan."
    ),
)
# {(from, action): (to, permission)} — DESIGN §4 for dossiers.
ALLOWED_TRANSITIONS = DOSSIER_WORKFLOW.transitions


# --- dossiers: content -------------------------------------------------------------


def require_editable(dossier: Dossier, by: User) -> None:
    """Refuse content changes: wrong role or outside scope (PermissionDenied), or a
    locked dossier (ValidationError with the reason)."""
    require_perm(by, "dossiers:view")
    require_in_scope(by, dossier)
    if not user_has_perm(by, "dossiers:edit"):
        raise PermissionDenied
    if dossier.cycle.is_closed:
        raise ValidationError(
            _("Siklus monev %(year)s sudah ditutup; dokumen PPRG tidak dapat diubah.")
            % {"year": dossier.cycle.year},
            code="cycle_closed",
        )
    workflow.require_unlocked(DOSSIER_WORKFLOW, dossier)


def dossier_create(*, by: User, budget_line: BudgetLine) -> Dossier:
    """Start the dossier of a budget line, in the cycle of its year."""
    require_perm(by, "dossiers:edit")
    require_in_scope(by, budget_line.unit)
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
        raise ValidationError(_("Sub kegiatan ini sudah mempunyai dokumen PPRG."))
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
    edit_seq: int = 0,
) -> Dossier:
    """Save the dossier's fields (and, when given, its action and data rows) if it is
    still at `version`, the version the editor loaded. A stale save is refused and the
    other person's change is kept. Rows are dicts with an optional `id` (existing row)
    and `DELETE`.

    `edit_token` identifies the edit page and `edit_seq` numbers its saves in the
    order the user made them (autosaves and the Save button alike). When the last save
    came from the same page, the page's own order decides, not the version: a save
    numbered after it passes (the page's autosave was still in flight when it was
    sent), one numbered before it is refused as superseded (it arrived late and would
    undo a newer edit)."""
    require_editable(dossier, by)
    # An editable dossier's content is in no board figure (board_cache): the
    # autosaves of the weeks before the deadline leave the cached board alone.
    with transaction.atomic(), board_cache.figures_unchanged():
        changes = changed_fields(dossier, data)
        try:
            dossier.full_clean(exclude=["unit", "cycle", "budget_line", "created_by"])
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        now = timezone.now()
        dossier.version = workflow.checked_update(
            Dossier,
            pk=dossier.pk,
            version=version,
            edit_token=edit_token,
            edit_seq=edit_seq,
            updated_at=now,
            **{name: getattr(dossier, name) for name in changes},
        )
        dossier.updated_at = now
        dossier.edit_token = edit_token
        dossier.edit_seq = edit_seq
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
            raise ValidationError(_("Baris yang diubah bukan milik dokumen PPRG ini."))
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
    require_editable(dossier, by)
    evidence = Evidence(
        dossier=dossier,
        kind=kind,
        description=description,
        **upload_fields(file, by=by),
    )
    with transaction.atomic(), stored_files(evidence):
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
    require_editable(dossier, by)
    with transaction.atomic():
        name = evidence.original_name
        try:
            evidence.delete()
        except ProtectedError as error:  # linked from elsewhere (a self-assessment)
            raise ValidationError(
                _("Berkas ini masih dipakai dan tidak dapat dihapus: %(places)s.")
                % {"places": "; ".join(str(o) for o in error.protected_objects)},
                code="in_use",
            ) from None
        delete_files_on_commit(evidence)
        log_activity(
            actor=by,
            action="dossier.evidence_delete",
            target=dossier,
            data={"file": name},
        )


# --- dossiers: submit ------------------------------------------------------------


def dossier_submit(*, dossier: Dossier, by: User) -> Dossier:
    """DRAFT / REVISION_REQUESTED → SUBMITTED; refused with what is still missing."""
    return workflow.submit(workflow=DOSSIER_WORKFLOW, obj=dossier, by=by)
