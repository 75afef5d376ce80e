"""The verifier's side of the dossier workflow (DESIGN §4): take, return with
comments, approve, reopen; resolving comments and the rubric score."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations import workflow
from evaluations.models import (
    RUBRIC,
    Dossier,
    ReviewComment,
    RubricScore,
    ScoreKind,
)
from evaluations.models.review import TYPED_CRITERIA, realisation_criterion
from evaluations.services.dossiers import DOSSIER_WORKFLOW, require_editable
from evaluations.workflow import Status, stale_error
from pug_portal.activity import log_activity
from pug_portal.models import User
from pug_portal.permissions import require_in_scope, require_perm, user_has_perm


def dossier_start_review(*, dossier: Dossier, by: User) -> Dossier:
    """SUBMITTED → IN_REVIEW: the reviewer takes the dossier."""
    return workflow.start_review(workflow=DOSSIER_WORKFLOW, obj=dossier, by=by)


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

    def record(comments: list[dict[str, str]]) -> None:
        round_no = (
            ReviewComment.objects.filter(dossier=dossier).aggregate(n=Max("round"))["n"]
            or 0
        ) + 1
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

    return workflow.return_for_revision(
        workflow=DOSSIER_WORKFLOW,
        obj=dossier,
        by=by,
        reason=reason,
        comments=comments,
        record=record,
    )


def dossier_approve(*, dossier: Dossier, by: User) -> Dossier:
    """IN_REVIEW → APPROVED: the dossier is locked."""
    return workflow.approve(workflow=DOSSIER_WORKFLOW, obj=dossier, by=by)


def dossier_reopen(*, dossier: Dossier, by: User, reason: str) -> Dossier:
    """APPROVED → REVISION_REQUESTED with a required reason (logged)."""
    return workflow.reopen(workflow=DOSSIER_WORKFLOW, obj=dossier, by=by, reason=reason)


def comment_resolve(*, comment: ReviewComment, by: User) -> ReviewComment:
    """Mark a reviewer comment as addressed (focal point while editing, or reviewer)."""
    dossier = comment.dossier
    require_in_scope(by, dossier)
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


def _score_value(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def dossier_score(
    *,
    dossier: Dossier,
    by: User,
    kind: str,
    scores: dict[str, int],
    note: str = "",
) -> RubricScore:
    """Record the rubric C1–C10. The verifier scores while reviewing; the focal point
    may self-score while the dossier is editable. Every criterion a person judges
    must be answered (nothing defaults to 0); C1, C8 and C10 are computed from the
    data whatever `scores` says."""
    require_in_scope(by, dossier)
    if kind == ScoreKind.REVIEWER:
        require_perm(by, "dossiers:review", dossier)
        if dossier.status != Status.IN_REVIEW:
            raise ValidationError(
                _("Nilai verifikator diisi saat dokumen PPRG sedang direviu.")
            )
    else:
        require_editable(dossier, by)
    missing = [
        str(label)
        for name, label in RUBRIC
        if name in TYPED_CRITERIA and scores.get(name) in (None, "")
    ]
    if missing:
        raise ValidationError(
            _("Nilai belum lengkap; belum dinilai: %(items)s.")
            % {"items": "; ".join(missing)}
        )
    values = {name: _score_value(scores[name]) for name in TYPED_CRITERIA}
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


def scores_refresh_realisation(*, dossier: Dossier) -> None:
    """C10 follows the realisation recorded after approval: re-score it on the
    dossier's existing rubric scores (total and band with it). The other criteria
    stay as they were when the verifier scored."""
    # The dossier as stored now: a `realisations` prefetched by the caller would
    # miss the record just made.
    c10 = realisation_criterion(Dossier.objects.get(pk=dossier.pk))
    for score in RubricScore.objects.filter(dossier=dossier):
        if score.c10 == c10:
            continue
        score.c10 = c10
        score.add_up()
        score.save(update_fields=["c10", "total", "classification"])
