"""Reads of self-assessments: the list, one assessment's items with their answers,
its scores (through `assessments.scoring`)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from assessments import scoring
from assessments.models import (
    Answer,
    AnswerEvidence,
    AssessmentComment,
    CoReviewNote,
    InstrumentItem,
    SelfAssessment,
)


def assessment_list(*, user: Any) -> QuerySet[SelfAssessment]:
    return (
        SelfAssessment.objects.visible_to(user)
        .for_list()
        .order_by("-year", "unit__name", "pk")
    )


@dataclass
class ItemRow:
    """One item of an assessment's page: the item, its answer (or None), the
    evidence linked and the verifier's open comments on it."""

    item: InstrumentItem
    answer: Answer | None
    links: list[AnswerEvidence] = field(default_factory=list)
    comments: list[AssessmentComment] = field(default_factory=list)
    # Bappeda's and Inspektorat's notes (filled with `with_co_reviews=True`)
    co_review_notes: list[CoReviewNote] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"item-{self.item.pk}"

    @property
    def self_points(self):
        if self.answer is None or self.answer.self_fraction is None:
            return None
        return scoring.points(self.item.weight, self.answer.self_fraction)

    @property
    def verified_points(self):
        if self.answer is None or self.answer.verified_fraction is None:
            return None
        return scoring.points(self.item.weight, self.answer.verified_fraction)


def item_rows(
    assessment: SelfAssessment, *, with_co_reviews: bool = False
) -> list[ItemRow]:
    """Every item of the instrument in order with its answer: four queries (items,
    answers, their links, open comments), one more with the co-reviewers' notes."""
    prefetch = [
        Prefetch(
            "links",
            queryset=AnswerEvidence.objects.select_related(
                "library_file", "dossier_evidence"
            ),
        )
    ]
    if with_co_reviews:
        prefetch.append(
            Prefetch(
                "co_review_notes",
                queryset=CoReviewNote.objects.select_related("written_by"),
            )
        )
    answers = {a.item_id: a for a in assessment.answers.prefetch_related(*prefetch)}
    comments: dict[int, list[AssessmentComment]] = {}
    for comment in assessment.comments.filter(resolved=False).select_related("author"):
        comments.setdefault(comment.item_id, []).append(comment)
    rows = []
    for item in assessment.instrument.items.all():
        answer = answers.get(item.pk)
        rows.append(
            ItemRow(
                item=item,
                answer=answer,
                links=list(answer.links.all()) if answer else [],
                comments=comments.get(item.pk, []),
                co_review_notes=list(answer.co_review_notes.all())
                if answer and with_co_reviews
                else [],
            )
        )
    return rows


def scores(rows: list[ItemRow]) -> scoring.Scores:
    """Sub-scores per group and the total, self and verified."""
    return scoring.score(
        (
            row.item.group,
            row.item.weight,
            row.answer.self_fraction if row.answer else None,
            row.answer.verified_fraction if row.answer else None,
        )
        for row in rows
    )
