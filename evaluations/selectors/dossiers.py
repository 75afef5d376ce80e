"""User-scoped reads for the evaluation pages. Lists run a fixed number of queries
whatever the number of rows (see the query-count tests)."""

import difflib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from evaluations.models import (
    BudgetLine,
    Dossier,
    EvaluationCycle,
    ReviewComment,
    RubricScore,
    ScoreKind,
)
from evaluations.workflow import Status
from pug_portal.models import User


def with_reviewer_total(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    score = RubricScore.objects.filter(dossier=OuterRef("pk"), kind=ScoreKind.REVIEWER)
    return dossiers.annotate(
        reviewer_total=Subquery(score.values("total")[:1]),
        reviewer_class=Subquery(score.values("classification")[:1]),
    )


def dossier_list(*, user: User) -> QuerySet[Dossier]:
    """The dossiers `user` may see (a focal point: their units'), newest year first,
    with what a list row shows (filters: evaluations.filters)."""
    return with_reviewer_total(Dossier.objects.visible_to(user).for_list()).order_by(
        "-cycle__year", "unit__name", "budget_line__sub_kegiatan_code", "pk"
    )


def review_queue(*, user: User) -> QuerySet[Dossier]:
    """The dossiers a reviewer may see, oldest submission first; QueueFilter keeps
    those waiting for review unless a status is asked for."""
    return with_reviewer_total(Dossier.objects.visible_to(user).for_list()).order_by(
        "submitted_at", "pk"
    )


def budget_lines(*, user: User) -> QuerySet[BudgetLine]:
    """The budget lines `user` may see, with their dossier's id and status."""
    dossier = Dossier.objects.filter(budget_line=OuterRef("pk"))
    return (
        BudgetLine.objects.visible_to(user)
        .select_related("unit")
        .annotate(
            dossier_id=Subquery(dossier.values("pk")[:1]),
            dossier_status=Subquery(dossier.values("status")[:1]),
        )
        .order_by("unit__name", "-year", "sub_kegiatan_code")
    )


def budget_line_records(*, user: User) -> QuerySet[BudgetLine]:
    """The budget lines behind the dashboard's pagu / ARG / not-started figures, in
    `user`'s scope, newest year first."""
    return (
        BudgetLine.objects.visible_to(user)
        .select_related("unit")
        .order_by("-year", "unit__name", "sub_kegiatan_code", "pk")
    )


def budget_line_totals(lines: QuerySet[BudgetLine]) -> dict[str, Decimal | int]:
    """Count and pagu of a (filtered) budget-line list, one aggregate query."""
    result = lines.order_by().aggregate(n=Count("pk"), pagu=Sum("pagu"))
    result["pagu"] = result["pagu"] or Decimal(0)
    return result


def lines_without_dossier(*, user: User) -> QuerySet[BudgetLine]:
    """Budget lines a focal point may start a dossier for: in scope, no dossier yet,
    and their year's cycle exists and is not closed."""
    years = EvaluationCycle.objects.exclude(state="CLOSED").values("year")
    return (
        BudgetLine.objects.visible_to(user)
        .filter(dossiers__isnull=True, year__in=years)
        .select_related("unit")
        .order_by("unit__name", "-year", "sub_kegiatan_code")
    )


def status_summary(*, user: User, cycle: EvaluationCycle | None) -> list[dict]:
    """Per status, how many of the user's visible dossiers are in `cycle`."""
    if cycle is None:
        return []
    counts = Dossier.objects.visible_to(user).filter(cycle=cycle).status_counts()
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Status.choices
    ]


def comments_by_target(dossier: Dossier) -> dict[str, list[ReviewComment]]:
    """Open comments grouped by the GAP step / GBS row they point at."""
    grouped: dict[str, list[ReviewComment]] = defaultdict(list)
    for comment in dossier.comments.filter(resolved=False).select_related("author"):
        grouped[comment.target].append(comment)
    return dict(grouped)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    def diff_lines(self) -> list[tuple[str, str]]:
        """(marker, line): "-" removed, "+" added, " " unchanged."""
        result = []
        for line in difflib.ndiff(
            (self.old or "").splitlines(), (self.new or "").splitlines()
        ):
            marker, text = line[:1], line[2:]
            if marker in "-+ ":
                result.append((marker, text))
        return result


def changes_since_return(dossier: Dossier) -> list[FieldChange]:
    """Field-level diff between the content when it was last returned and now."""
    before = dossier.returned_snapshot or {}
    if not before:
        return []
    now = dossier.snapshot()
    return [
        FieldChange(
            Dossier.snapshot_label(key),
            str(before.get(key) or ""),
            str(now.get(key) or ""),
        )
        for key in now
        if str(before.get(key) or "") != str(now.get(key) or "")
    ]
