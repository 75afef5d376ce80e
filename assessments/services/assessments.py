"""Self-assessments: start, answer (with evidence linked from the library), the
review workflow shared with dossiers (evaluations.workflow), and the verifier's
answer per item. Scores come from `assessments.scoring` only."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from assessments import scoring
from assessments.models import (
    Answer,
    AnswerEvidence,
    AssessmentComment,
    EvidenceFile,
    Instrument,
    InstrumentScope,
    SelfAssessment,
)
from evaluations import workflow
from evaluations.models import Evidence
from evaluations.workflow import Action, Status, Workflow
from focal_points.models import Unit
from pug_portal.activity import log_activity
from pug_portal.models import User
from pug_portal.permissions import require_in_scope, require_perm, user_has_perm


def _on_transition(
    *, obj: SelfAssessment, action: str, by: User, reason: str
) -> dict[str, Any]:
    now = timezone.now()
    if action == Action.SUBMIT:
        missing = missing_items(obj)
        if missing:
            raise ValidationError(
                [
                    _("Butir wajib belum dijawab: %(code)s %(question)s")
                    % {"code": item.code, "question": item.question}
                    for item in missing
                ],
                code="incomplete",
            )
        # Resubmitting answers the verifier's open comments.
        obj.comments.filter(resolved=False).update(resolved=True, resolved_at=now)
        return {}
    if action == Action.APPROVE:
        _accept_unverified(obj, by=by, now=now)
    return {}


LOCKED = {
    "locked_approved": gettext_lazy(
        "Penilaian sudah disetujui dan terkunci. Perubahan hanya mungkin "
        "setelah verifikator membukanya kembali."
    ),
    "locked_in_review": gettext_lazy(
        "Penilaian sedang diajukan/diverifikasi (status: %(status)s) dan tidak "
        "dapat diubah sampai dikembalikan."
    ),
}
ASSESSMENT_WORKFLOW = Workflow(
    name="assessment",
    edit_perm="assessments:edit",
    review_perm="assessments:verify",
    # What a mail is about ("<kind> Diajukan: …"): one assessment, in the singular.
    verbose_name=pgettext_lazy("workflow", "Penilaian mandiri PUG"),
    on_transition=_on_transition,
    **LOCKED,
)
# The city's own evaluation is filled by DPMPPPAKB: the same table, its own
# permission to edit.
CITY_WORKFLOW = Workflow(
    name="assessment",
    edit_perm="assessments:city",
    review_perm="assessments:verify",
    verbose_name=gettext_lazy("Evaluasi penyelenggaraan PUG kota"),
    on_transition=_on_transition,
    **LOCKED,
)
ALLOWED_TRANSITIONS = ASSESSMENT_WORKFLOW.transitions


def workflow_for(assessment: SelfAssessment) -> Workflow:
    return CITY_WORKFLOW if assessment.is_city else ASSESSMENT_WORKFLOW


def missing_items(assessment: SelfAssessment) -> list:
    """Required items without an answer, in the instrument's order."""
    answered = set(
        assessment.answers.exclude(value="").values_list("item_id", flat=True)
    )
    return [
        item
        for item in assessment.instrument.items.all()
        if item.required and item.pk not in answered
    ]


# --- start and answer --------------------------------------------------------------


def assessment_start(
    *, by: User, instrument: Instrument, unit: Unit | None = None
) -> SelfAssessment:
    """Open the self-assessment of `unit` (a city instrument: of the coordinating
    unit) against `instrument`, for the instrument's year."""
    if instrument.scope == InstrumentScope.CITY:
        require_perm(by, "assessments:city")
        unit = Unit.objects.filter(is_coordinator=True).order_by("pk").first()
        if unit is None:
            raise ValidationError(
                _("Belum ada perangkat daerah koordinator PUG (DPMPPPAKB) di registri.")
            )
    else:
        require_perm(by, "assessments:edit")
        if unit is None:
            raise ValidationError({"unit": _("Pilih perangkat daerah.")})
        require_in_scope(by, unit)
    if SelfAssessment.objects.filter(instrument=instrument, unit=unit).exists():
        raise ValidationError(
            _("Perangkat daerah ini sudah mempunyai penilaian dengan instrumen ini.")
        )
    with transaction.atomic():
        assessment = SelfAssessment.objects.create(
            instrument=instrument, unit=unit, year=instrument.year, created_by=by
        )
        log_activity(actor=by, action="assessment.start", target=assessment)
        if assessment.is_city:
            city_prefill(assessment=assessment, by=by)
    return assessment


def city_prefill(*, assessment: SelfAssessment, by: User, on=None) -> int:
    """Put the portal's figure of the assessment's year (assessments/figures.py) beside
    every item that names one. An unanswered item takes the figure as its answer
    (accepted until the filler overrides it, with a reason); an answered one keeps
    its answer. Returns how many items got a figure."""
    from assessments.figures import figures_for

    require_editable(assessment, by)
    if not assessment.is_city:
        raise ValidationError(_("Angka portal hanya untuk evaluasi kota."))
    items = [i for i in assessment.instrument.items.all() if i.figure]
    figures = figures_for({i.figure for i in items}, year=assessment.year, on=on)
    existing = {a.item_id: a for a in assessment.answers.all()}
    filled = 0
    with transaction.atomic():
        for item in items:
            figure = figures.get(item.figure)
            if figure is None:
                continue
            answer = existing.get(item.pk) or Answer(assessment=assessment, item=item)
            answer.portal_value = figure.value
            answer.portal_text = figure.text[:255]
            answer.portal_url = figure.url[:500]
            if not answer.value:
                answer.value = scoring.clean_answer(item, figure.value)
                answer.self_fraction = scoring.fraction(item, answer.value)
            answer.save()
            filled += 1
        log_activity(
            actor=by,
            action="assessment.prefill",
            target=assessment,
            data={"figures": {k: f.value for k, f in figures.items()}},
        )
    return filled


def require_editable(assessment: SelfAssessment, by: User) -> None:
    """Refuse answers: wrong role or scope (PermissionDenied), or a submitted or
    approved assessment (ValidationError with the reason)."""
    require_in_scope(by, assessment)
    if not user_has_perm(by, workflow_for(assessment).edit_perm):
        raise PermissionDenied
    workflow.require_unlocked(workflow_for(assessment), assessment)


def _evidence_of(unit: Unit) -> tuple[set[int], set[int]]:
    library = set(EvidenceFile.objects.filter(unit=unit).values_list("pk", flat=True))
    dossier = set(
        Evidence.objects.filter(dossier__unit=unit).values_list("pk", flat=True)
    )
    return library, dossier


def assessment_save(
    *,
    assessment: SelfAssessment,
    by: User,
    version: int,
    answers: dict[int, dict[str, Any]],
    edit_token: str = "",
    edit_seq: int = 0,
) -> SelfAssessment:
    """Save the answers given (item pk → {value, note, evidence, override_reason}),
    each checked against its item's answer type; evidence is a list of "L<pk>"
    (library) and "D<pk>" (dossier evidence) of the assessment's unit. Any error:
    nothing is saved; errors are keyed "<field>-<item pk>". The version check is the
    dossiers' (evaluations.workflow.checked_update)."""
    require_editable(assessment, by)
    items = {item.pk: item for item in assessment.instrument.items.all()}
    existing = {a.item_id: a for a in assessment.answers.all()}
    library, dossier = _evidence_of(assessment.unit)
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, dict[str, Any]] = {}
    for pk, data in answers.items():
        item = items.get(pk)
        if item is None:
            continue
        row = dict(data)
        try:
            row["value"] = scoring.clean_answer(item, data.get("value", ""))
        except ValidationError as error:
            errors[f"value-{pk}"] = error.messages
        links = set()
        for key in data.get("evidence") or ():
            kind, number = str(key)[:1], str(key)[1:]
            known = library if kind == "L" else dossier if kind == "D" else set()
            if not number.isdecimal() or int(number) not in known:
                errors[f"evidence-{pk}"] = [
                    _("Bukti dukung tidak ditemukan di pustaka perangkat daerah ini.")
                ]
                break
            links.add((kind, int(number)))
        row["evidence"] = links
        answer = existing.get(pk)
        portal = answer.portal_value if answer else ""
        reason = (data.get("override_reason") or "").strip()
        if portal and row.get("value") not in ("", portal) and not reason:
            errors[f"override_reason-{pk}"] = [
                _("Jawaban berbeda dari angka portal (%(figure)s): tulis alasannya.")
                % {"figure": portal}
            ]
        row["override_reason"] = reason if row.get("value") != portal else ""
        cleaned[pk] = row
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment.version = workflow.checked_update(
            SelfAssessment,
            pk=assessment.pk,
            version=version,
            edit_token=edit_token,
            edit_seq=edit_seq,
        )
        changed = _write_answers(assessment, items, existing, cleaned)
        if changed:
            log_activity(
                actor=by,
                action="assessment.update",
                target=assessment,
                data={"items": sorted(items[pk].code for pk in changed)},
            )
    return assessment


def link_key(link: AnswerEvidence) -> tuple[str, int]:
    """("L", library file pk) or ("D", dossier evidence pk)."""
    if link.library_file_id:
        return ("L", link.library_file_id)
    return ("D", link.dossier_evidence_id)


def _write_answers(assessment, items, existing, cleaned) -> list[int]:
    """Create or update the answers and their evidence links; returns the items
    whose answer changed."""
    changed = []
    for pk, row in cleaned.items():
        item = items[pk]
        answer = existing.get(pk) or Answer(assessment=assessment, item=item)
        values = {
            "value": row["value"],
            "note": (row.get("note") or "").strip(),
            "override_reason": row["override_reason"],
        }
        before = {k: getattr(answer, k) for k in values}
        links_before = (
            {link_key(link) for link in answer.links.all()} if answer.pk else set()
        )
        if answer.pk and before == values and links_before == row["evidence"]:
            continue
        for name, value in values.items():
            setattr(answer, name, value)
        answer.self_fraction = scoring.fraction(item, answer.value)
        answer.save()
        for kind, number in links_before - row["evidence"]:
            answer.links.filter(
                **(
                    {"library_file_id": number}
                    if kind == "L"
                    else {"dossier_evidence_id": number}
                )
            ).delete()
        AnswerEvidence.objects.bulk_create(
            AnswerEvidence(
                answer=answer,
                **(
                    {"library_file_id": n}
                    if kind == "L"
                    else {"dossier_evidence_id": n}
                ),
            )
            for kind, n in row["evidence"] - links_before
        )
        changed.append(pk)
    return changed


# --- the workflow ------------------------------------------------------------------


def assessment_submit(*, assessment: SelfAssessment, by: User) -> SelfAssessment:
    """→ SUBMITTED; refused while a required item has no answer (listed)."""
    return workflow.submit(workflow=workflow_for(assessment), obj=assessment, by=by)


def assessment_start_review(*, assessment: SelfAssessment, by: User) -> SelfAssessment:
    return workflow.start_review(
        workflow=workflow_for(assessment), obj=assessment, by=by
    )


def assessment_return(
    *,
    assessment: SelfAssessment,
    by: User,
    reason: str,
    comments: list[dict[str, Any]] = (),
) -> SelfAssessment:
    """IN_REVIEW → REVISION_REQUESTED with a reason and comments on items (dicts with
    `item` — an item of the instrument — and `text`)."""
    items = {i.pk: i for i in assessment.instrument.items.all()}

    def record(comments: list[dict[str, Any]]) -> None:
        round_no = (assessment.comments.aggregate(n=Max("round"))["n"] or 0) + 1
        rows = []
        for c in comments:
            item = c["item"]
            item = items.get(getattr(item, "pk", item))
            if item is None:
                raise ValidationError(_("Butir catatan tidak ada di instrumen ini."))
            rows.append(
                AssessmentComment(
                    assessment=assessment,
                    item=item,
                    text=c["text"].strip(),
                    round=round_no,
                    author=by,
                )
            )
        AssessmentComment.objects.bulk_create(rows)

    return workflow.return_for_revision(
        workflow=workflow_for(assessment),
        obj=assessment,
        by=by,
        reason=reason,
        comments=comments,
        record=record,
    )


def assessment_approve(*, assessment: SelfAssessment, by: User) -> SelfAssessment:
    """IN_REVIEW → APPROVED; items the verifier left unverified are verified as
    answered."""
    return workflow.approve(workflow=workflow_for(assessment), obj=assessment, by=by)


def assessment_reopen(
    *, assessment: SelfAssessment, by: User, reason: str
) -> SelfAssessment:
    return workflow.reopen(
        workflow=workflow_for(assessment), obj=assessment, by=by, reason=reason
    )


def _accept_unverified(assessment: SelfAssessment, *, by: User, now) -> None:
    for answer in assessment.answers.filter(verified_at__isnull=True).select_related(
        "item"
    ):
        answer.verified_value = answer.value
        answer.verified_fraction = answer.self_fraction
        answer.verified_by = by
        answer.verified_at = now
        answer.save(
            update_fields=[
                "verified_value",
                "verified_fraction",
                "verified_by",
                "verified_at",
            ]
        )


# --- verification ------------------------------------------------------------------


def assessment_verify(
    *,
    assessment: SelfAssessment,
    by: User,
    answers: dict[int, dict[str, str]],
) -> SelfAssessment:
    """The verifier's answer and note per item (item pk → {verified_value,
    verified_note}), checked like the unit's answers; only while in review."""
    require_in_scope(by, assessment)
    require_perm(by, "assessments:verify", assessment)
    if assessment.status != Status.IN_REVIEW:
        raise ValidationError(
            _("Verifikasi diisi saat penilaian sedang diverifikasi (mulai reviu dulu).")
        )
    items = {item.pk: item for item in assessment.instrument.items.all()}
    existing = {a.item_id: a for a in assessment.answers.all()}
    errors, cleaned = {}, {}
    for pk, data in answers.items():
        if pk not in items:
            continue
        try:
            value = scoring.clean_answer(items[pk], data.get("verified_value", ""))
        except ValidationError as error:
            errors[f"verified_value-{pk}"] = error.messages
            continue
        cleaned[pk] = (value, (data.get("verified_note") or "").strip())
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    changed = []
    with transaction.atomic():
        for pk, (value, note) in cleaned.items():
            answer = existing.get(pk) or Answer(assessment=assessment, item=items[pk])
            if (
                answer.pk
                and (answer.verified_value, answer.verified_note)
                == (
                    value,
                    note,
                )
                and answer.verified_at
            ):
                continue
            answer.verified_value = value
            answer.verified_note = note
            answer.verified_fraction = scoring.fraction(items[pk], value)
            answer.verified_by = by
            answer.verified_at = now
            answer.save()
            changed.append(items[pk].code)
        if changed:
            log_activity(
                actor=by,
                action="assessment.verify",
                target=assessment,
                data={"items": changed},
            )
    return assessment
