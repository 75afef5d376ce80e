"""Co-review: Bappeda and Inspektorat, where the instrument names them, each write
their own note per item while the assessment is submitted or in verification. A
planner speaks for Bappeda, an auditor for Inspektorat; an administrator may record
either agency's note (e.g. one sent on paper). The verdict stays DPMPPPAKB's."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Answer,
    CoReviewAgency,
    CoReviewer,
    CoReviewNote,
    Instrument,
    SelfAssessment,
)
from evaluations.workflow import Status
from pug_portal.activity import log_activity
from pug_portal.models import Role, User
from pug_portal.permissions import require_in_scope, require_perm, user_has_perm

# The agency each co-reviewing role speaks for; administrators may write for all.
ROLE_AGENCIES = {
    Role.PLANNER: (CoReviewAgency.BAPPEDA,),
    Role.AUDITOR: (CoReviewAgency.INSPEKTORAT,),
}
NAMED_AGENCIES = {
    CoReviewer.BAPPEDA: (CoReviewAgency.BAPPEDA,),
    CoReviewer.INSPEKTORAT: (CoReviewAgency.INSPEKTORAT,),
    CoReviewer.BOTH: (CoReviewAgency.BAPPEDA, CoReviewAgency.INSPEKTORAT),
}
OPEN_STATES = (Status.SUBMITTED, Status.IN_REVIEW)


def named_agencies(instrument: Instrument) -> tuple[str, ...]:
    """The agencies the instrument names as co-reviewers, Bappeda first."""
    return NAMED_AGENCIES.get(instrument.co_reviewers, ())


def co_review_agencies(user: User, assessment: SelfAssessment) -> list[str]:
    """The agencies `user` may write notes for on `assessment`: those the
    instrument names and the user's role speaks for (empty: no co-review)."""
    if not user_has_perm(user, "assessments:co_review"):
        return []
    if user.is_superuser or user.role == Role.ADMIN:
        mine = tuple(CoReviewAgency.values)
    else:
        mine = ROLE_AGENCIES.get(user.role, ())
    return [a for a in named_agencies(assessment.instrument) if a in mine]


def may_co_review_now(user: User, assessment: SelfAssessment) -> bool:
    """Whether the page offers `user` the co-review button."""
    return assessment.status in OPEN_STATES and bool(
        co_review_agencies(user, assessment)
    )


def assessment_co_review(
    *, assessment: SelfAssessment, by: User, notes: dict[str, dict[int, str]]
) -> SelfAssessment:
    """Save co-review notes: agency → {item pk → text}. Each agency's note is its
    own row (who, when); an emptied note is removed. Refused (403) for an agency the
    instrument does not name or the user's role does not speak for."""
    require_in_scope(by, assessment)
    require_perm(by, "assessments:co_review")
    allowed = co_review_agencies(by, assessment)
    if not allowed or any(agency not in allowed for agency in notes):
        raise PermissionDenied
    if assessment.status not in OPEN_STATES:
        raise ValidationError(
            _("Catatan pendamping diisi saat penilaian diajukan atau diverifikasi.")
        )
    items = {item.pk: item for item in assessment.instrument.items.all()}
    answers = {a.item_id: a for a in assessment.answers.all()}
    now = timezone.now()
    changed: dict[str, list[str]] = {}
    with transaction.atomic():
        current = {
            (n.answer.item_id, n.agency): n
            for n in CoReviewNote.objects.filter(
                answer__assessment=assessment
            ).select_related("answer")
        }
        for agency, texts in notes.items():
            for pk, text in texts.items():
                text = (text or "").strip()
                note = current.get((pk, agency))
                if pk not in items or (note.note if note else "") == text:
                    continue
                changed.setdefault(agency, []).append(items[pk].code)
                if not text:
                    note.delete()
                    continue
                answer = answers.get(pk)
                if answer is None:
                    answer = Answer.objects.create(
                        assessment=assessment, item=items[pk]
                    )
                    answers[pk] = answer
                note = note or CoReviewNote(answer=answer, agency=agency)
                note.note, note.written_by, note.written_at = text, by, now
                note.full_clean(exclude=["answer"])
                note.save()
        for agency, codes in changed.items():
            log_activity(
                actor=by,
                action="assessment.co_review",
                target=assessment,
                data={"agency": agency, "items": codes},
            )
    return assessment
