"""The review workflow as data (DESIGN §4), generic over the reviewed model.

A reviewed model (a PPRG dossier today, an institutional self-assessment next) inherits
`ReviewedModel`, defines `unit`, `permits(user, perm)` and a manager with
`visible_to(user)`, and gets a `Workflow` naming its edit and review permissions. Each
service (`dossier_submit`, …) is then a thin call to `transition()`, which checks the
table, the permission and the object's own rules, updates the row with an optimistic
version check, writes the activity log and mails the other side after commit.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.board_cache import figures_changed_now
from pug_portal.activity import log_activity
from pug_portal.middleware import absolute_url
from pug_portal.models import Role, User
from pug_portal.permissions import require_in_scope, user_has_perm
from pug_portal.validation import REASON_TEXT, LimitedTextField


class Status(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    SUBMITTED = "SUBMITTED", _("Diajukan")
    IN_REVIEW = "IN_REVIEW", _("Sedang direviu")
    REVISION_REQUESTED = "REVISION_REQUESTED", _("Perlu perbaikan")
    APPROVED = "APPROVED", _("Disetujui")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Ajukan")
    START_REVIEW = "start_review", _("Mulai reviu")
    RETURN = "return", _("Kembalikan untuk perbaikan")
    APPROVE = "approve", _("Setujui")
    REOPEN = "reopen", _("Buka kembali")


# What a notice says was done, before "oleh <name>": the passive form, not the
# button's imperative ("Diajukan oleh", never "Ajukan oleh").
ACTION_DONE = {
    Action.SUBMIT: _("Diajukan"),
    Action.START_REVIEW: _("Reviu dimulai"),
    Action.RETURN: _("Dikembalikan untuk perbaikan"),
    Action.APPROVE: _("Disetujui"),
    Action.REOPEN: _("Dibuka kembali"),
}


# Who may change the content: the unit's side, in these states only.
EDITABLE_STATES = frozenset({Status.DRAFT, Status.REVISION_REQUESTED})
# Waiting for the reviewer (the queue).
QUEUE_STATES = frozenset({Status.SUBMITTED, Status.IN_REVIEW})
REASON_REQUIRED = frozenset({Action.RETURN, Action.REOPEN})

# Bootstrap icon per status: the badge always carries text and an icon, never colour only.
STATUS_ICONS = {
    Status.DRAFT: ("bi-pencil", "secondary"),
    Status.SUBMITTED: ("bi-send", "primary"),
    Status.IN_REVIEW: ("bi-search", "info"),
    Status.REVISION_REQUESTED: ("bi-arrow-counterclockwise", "warning"),
    Status.APPROVED: ("bi-lock", "success"),
}

EDIT, REVIEW = (
    "edit",
    "review",
)  # which of the workflow's permissions a transition needs
UNIT_SIDE, REVIEWER_SIDE = "unit", "reviewers"  # who is told about a transition

# (from, action) → (to, which permission, who is notified). The one table of DESIGN §4.
TRANSITION_TABLE: dict[tuple[str, str], tuple[str, str, str]] = {
    (Status.DRAFT, Action.SUBMIT): (Status.SUBMITTED, EDIT, REVIEWER_SIDE),
    (Status.REVISION_REQUESTED, Action.SUBMIT): (Status.SUBMITTED, EDIT, REVIEWER_SIDE),
    (Status.SUBMITTED, Action.START_REVIEW): (Status.IN_REVIEW, REVIEW, UNIT_SIDE),
    (Status.IN_REVIEW, Action.RETURN): (Status.REVISION_REQUESTED, REVIEW, UNIT_SIDE),
    (Status.IN_REVIEW, Action.APPROVE): (Status.APPROVED, REVIEW, UNIT_SIDE),
    (Status.APPROVED, Action.REOPEN): (Status.REVISION_REQUESTED, REVIEW, UNIT_SIDE),
}


class ReviewedModel(models.Model):
    """The workflow's columns, the same on every reviewed model: status and its
    timestamps, the return reason, who started it, and the optimistic-lock version
    with the editor page's save counter."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(
        _("versi"),
        default=1,
        help_text=_(
            "Naik pada setiap penyimpanan; dipakai untuk menolak simpanan basi."
        ),
    )
    status_changed_at = models.DateTimeField(_("status berubah"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    # Written by `transition()` itself (return, approve, reopen), so every reviewed
    # model records them the same way.
    return_reason = LimitedTextField(
        _("alasan dikembalikan"), blank=True, max_length=REASON_TEXT
    )
    returned_at = models.DateTimeField(_("dikembalikan"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Random token of the edit page that saved last, and the number that page gave
    # that save (it counts its autosaves and its Save button): a save from the same
    # page passes the version check only when it is newer than the one stored, so an
    # autosave overtaken on the network by the page's later full save cannot undo it
    # (`checked_update`).
    edit_token = models.CharField(max_length=32, blank=True, editable=False)
    edit_seq = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Workflow:
    """One reviewed model's workflow: the shared table with its own permission names.

    `on_transition(obj, action, by, reason)` may validate (raise ValidationError)
    and return more fields to save with the status change, beside the ReviewedModel
    columns `transition()` sets itself."""

    name: str  # prefix of activity-log actions, e.g. "dossier" → "dossier.submit"
    edit_perm: str
    review_perm: str
    verbose_name: Any = ""  # lazily translated: what the mails call the object
    on_transition: Callable[..., dict[str, Any]] | None = field(default=None)
    # Why the content cannot change now, in the model's words (lazily translated;
    # the second takes %(status)s).
    locked_approved: Any = ""
    locked_in_review: Any = ""

    @property
    def transitions(self) -> dict[tuple[str, str], tuple[str, str]]:
        """{(from, action): (to, permission)} — ALLOWED_TRANSITIONS for this model."""
        perms = {EDIT: self.edit_perm, REVIEW: self.review_perm}
        return {
            key: (to, perms[which])
            for key, (to, which, _side) in TRANSITION_TABLE.items()
        }

    def can(self, user: Any, obj: Any, action: str) -> bool:
        """Whether `user` may apply `action` to `obj` now (templates hide buttons)."""
        target = self.transitions.get((obj.status, action))
        return target is not None and user_has_perm(user, target[1], obj)


def require_unlocked(workflow: Workflow, obj: ReviewedModel) -> None:
    """Refuse a content change outside DRAFT / REVISION_REQUESTED, saying why."""
    if obj.status in EDITABLE_STATES:
        return
    if obj.status == Status.APPROVED:
        message = str(workflow.locked_approved)
    else:
        message = workflow.locked_in_review % {"status": Status(obj.status).label}
    raise ValidationError(message, code="locked")


def transition(
    *,
    workflow: Workflow,
    obj: ReviewedModel,
    action: str,
    by: User,
    reason: str = "",
    log_data: dict[str, Any] | None = None,
) -> ReviewedModel:
    """Apply `action` to `obj` for `by`, or refuse.

    Refusals: PermissionDenied when the role (or the object's own rule, such as a
    closed cycle) forbids it; ValidationError when the table has no such transition,
    a required reason is missing, `on_transition` finds a problem, or someone else
    changed the object since it was loaded (version check in the UPDATE)."""
    key = (obj.status, action)
    if key not in TRANSITION_TABLE:
        raise ValidationError(
            gettext("Tidak dapat %(action)s: status saat ini %(status)s.")
            % {
                "action": Action(action).label.lower(),
                "status": Status(obj.status).label,
            },
            code="bad_transition",
        )
    to, _which, side = TRANSITION_TABLE[key]
    perm = workflow.transitions[key][1]
    model = type(obj)
    require_in_scope(by, obj)
    if not user_has_perm(by, perm, obj):
        raise PermissionDenied
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": gettext("Alasan wajib diisi.")})

    with transaction.atomic():
        extra = (
            workflow.on_transition(obj=obj, action=action, by=by, reason=reason)
            if workflow.on_transition
            else {}
        ) or {}
        now = timezone.now()
        values = {
            "status": to,
            "status_changed_at": now,
            **_workflow_columns(action, now=now, reason=reason),
            **extra,
        }
        updated = model.objects.filter(
            pk=obj.pk, version=obj.version, status=obj.status
        ).update(version=F("version") + 1, updated_at=now, **values)
        if updated != 1:
            raise stale_error()
        figures_changed_now()  # update() sends no signal (board_cache)
        from_status = obj.status
        for name, value in values.items():
            setattr(obj, name, value)
        obj.version += 1
        obj.updated_at = now
        log_activity(
            actor=by,
            action=f"{workflow.name}.{action}",
            target=obj,
            data={"from": from_status, "to": to, "reason": reason, **(log_data or {})},
        )
        recipients = (
            reviewer_emails() if side == REVIEWER_SIDE else unit_emails(obj.unit)
        )
        transaction.on_commit(
            lambda: send_transition_mail(
                workflow=workflow,
                obj=obj,
                action=action,
                by=by,
                reason=reason,
                recipients=recipients,
            )
        )
    return obj


def _workflow_columns(action: str, *, now: Any, reason: str) -> dict[str, Any]:
    """The ReviewedModel columns a transition sets besides the status."""
    if action == Action.SUBMIT:
        return {"submitted_at": now}
    if action == Action.RETURN:
        return {"return_reason": reason, "returned_at": now}
    if action == Action.APPROVE:
        return {"approved_at": now}
    if action == Action.REOPEN:
        # A reopened object is no longer approved; its first approval stays in the
        # activity log.
        return {"approved_at": None}
    return {}


# --- the services every reviewed model shares ----------------------------------------
# A model's own services (dossier_submit, assessment_submit, …) are these with its
# Workflow; comments left when returning are recorded by the model's `record`.


def submit(*, workflow: Workflow, obj: ReviewedModel, by: User) -> ReviewedModel:
    """DRAFT / REVISION_REQUESTED → SUBMITTED (the model's completeness rule runs in
    its `on_transition`)."""
    return transition(workflow=workflow, obj=obj, action=Action.SUBMIT, by=by)


def start_review(*, workflow: Workflow, obj: ReviewedModel, by: User) -> ReviewedModel:
    """SUBMITTED → IN_REVIEW: the reviewer takes it."""
    return transition(workflow=workflow, obj=obj, action=Action.START_REVIEW, by=by)


def return_for_revision(
    *,
    workflow: Workflow,
    obj: ReviewedModel,
    by: User,
    reason: str,
    comments: Iterable[dict[str, Any]] = (),
    record: Callable[[list[dict[str, Any]]], None] | None = None,
) -> ReviewedModel:
    """IN_REVIEW → REVISION_REQUESTED with a required reason; the non-empty
    `comments` (one per field or item) are written by `record` in the same
    transaction."""
    comments = [c for c in comments if (c.get("text") or "").strip()]
    with transaction.atomic():
        transition(
            workflow=workflow,
            obj=obj,
            action=Action.RETURN,
            by=by,
            reason=reason,
            log_data={"comments": len(comments)},
        )
        if record is not None:
            record(comments)
    return obj


def approve(*, workflow: Workflow, obj: ReviewedModel, by: User) -> ReviewedModel:
    """IN_REVIEW → APPROVED: locked."""
    return transition(workflow=workflow, obj=obj, action=Action.APPROVE, by=by)


def reopen(
    *, workflow: Workflow, obj: ReviewedModel, by: User, reason: str
) -> ReviewedModel:
    """APPROVED → REVISION_REQUESTED with a required reason (logged)."""
    return transition(
        workflow=workflow, obj=obj, action=Action.REOPEN, by=by, reason=reason
    )


def checked_update(
    model: type[models.Model],
    *,
    pk: Any,
    version: int,
    edit_token: str = "",
    edit_seq: int = 0,
    only_in: Iterable[str] = EDITABLE_STATES,
    **values: Any,
) -> int:
    """The optimistic version check of an editor's save: update the row (version + 1)
    only if it is still at `version` — or, when the last save came from the same page
    (`edit_token`), only if this save is numbered after it (`edit_seq`). Returns the
    new version; raises `stale_error()` (someone else saved) or `superseded_error()`
    (an older save of the same page arrived late)."""
    if edit_token and edit_seq:
        same_page = Q(edit_token=edit_token)
        current = (same_page & Q(edit_seq__lt=edit_seq)) | (
            ~same_page & Q(version=version)
        )
    else:
        current = Q(version=version)
    values.setdefault("updated_at", timezone.now())
    updated = model.objects.filter(current, pk=pk, status__in=list(only_in)).update(
        version=F("version") + 1, edit_token=edit_token, edit_seq=edit_seq, **values
    )
    if updated == 1:
        figures_changed_now()  # update() sends no signal (board_cache)
    if updated != 1:
        if (
            edit_token
            and edit_seq
            and model.objects.filter(
                pk=pk, edit_token=edit_token, edit_seq__gte=edit_seq
            ).exists()
        ):
            raise superseded_error()
        raise stale_error()
    return model.objects.values_list("version", flat=True).get(pk=pk)


def superseded_error() -> ValidationError:
    return ValidationError(
        gettext(
            "Perubahan yang lebih baru dari halaman ini sudah tersimpan; isian lama "
            "ini tidak disimpan agar tidak menimpanya."
        ),
        code="superseded",
    )


def stale_error() -> ValidationError:
    return ValidationError(
        gettext(
            "Data ini sudah diubah orang lain sejak Anda membukanya. Perubahan Anda "
            "tidak disimpan agar perubahan mereka tidak hilang. Muat ulang halaman, "
            "lalu ulangi perubahan Anda."
        ),
        code="stale",
    )


# --- who is told -------------------------------------------------------------------


def unit_emails(unit: Any) -> list[str]:
    """E-mail addresses of the unit's current focal points (person's e-mail, else the
    linked account's)."""
    from focal_points.models import FocalPointAppointment

    rows = (
        FocalPointAppointment.objects.current()
        .filter(unit=unit)
        .values_list("person__email", "person__user__email")
    )
    return _unique(person or account for person, account in rows)


def reviewer_emails() -> list[str]:
    return _unique(
        User.objects.filter(role=Role.REVIEWER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _unique(addresses: Iterable[str | None]) -> list[str]:
    return sorted({a for a in addresses if a})


def send_transition_mail(
    *,
    workflow: Workflow,
    obj: Any,
    action: str,
    by: User,
    reason: str,
    recipients: list[str],
) -> int:
    """One message per recipient (addresses of other units never leak)."""
    if not recipients:
        return 0
    context = {
        "object": obj,
        "kind": workflow.verbose_name,
        "action": ACTION_DONE[Action(action)],
        "status": Status(obj.status).label,
        "by": by,
        "reason": reason,
        "url": absolute_url(obj.get_absolute_url()),
    }
    subject = gettext("[PUG] %(kind)s %(status)s: %(object)s") % {
        "kind": workflow.verbose_name,
        "status": context["status"],
        "object": obj,
    }
    body = render_to_string("evaluations/email/transition.txt", context)
    messages = [
        EmailMessage(subject=subject[:200], body=body, to=[address])
        for address in recipients
    ]
    return get_connection().send_messages(messages) or 0
