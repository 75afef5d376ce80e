"""User-scoped reads for the evaluation pages. Lists run a fixed number of queries
whatever the number of rows (see the query-count tests)."""

import difflib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext

from evaluations.models import (
    BudgetLine,
    DataKind,
    Dossier,
    EvaluationCycle,
    ReviewComment,
    RubricScore,
    ScoreKind,
)
from evaluations.workflow import Status
from pug_portal.formats import rupiah
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


def next_in_queue(queue: QuerySet[Dossier], *, after: Dossier) -> Dossier | None:
    """The dossier a reviewer takes up after deciding on `after`: the first of their
    (filtered) queue, `after` itself excepted."""
    return queue.exclude(pk=after.pk).select_related("budget_line").first()


def budget_lines(*, user: User) -> QuerySet[BudgetLine]:
    """The budget lines `user` may see, with their dossier's id and status."""
    # A line has at most one dossier; order_by(): the dossier's default ordering
    # (cycle year, unit name) would join and sort inside each row's lookup.
    dossier = Dossier.objects.filter(budget_line=OuterRef("pk")).order_by()
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


@dataclass
class HomeTasks:
    """What a focal point has to do now in the open cycle, most urgent first."""

    returned: list[Dossier]  # sent back for revision, with their open comments
    not_started: list[BudgetLine]  # budget lines of the year without a dossier
    drafts: list[Dossier]  # started, not yet submitted
    days_left: int | None  # to the submission deadline (negative: overdue)

    @property
    def anything(self) -> bool:
        return bool(self.returned or self.not_started or self.drafts)

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None else 0


def home_tasks(*, user: User, cycle: EvaluationCycle | None, today) -> HomeTasks:
    """The focal point's to-do list for `cycle` in three queries, whatever its
    length: returned dossiers, budget lines without one, drafts."""
    if cycle is None or cycle.is_closed:
        return HomeTasks([], [], [], None)
    mine = Dossier.objects.visible_to(user).for_list().filter(cycle=cycle)
    order = ("unit__name", "budget_line__sub_kegiatan_code", "pk")
    return HomeTasks(
        returned=list(mine.filter(status=Status.REVISION_REQUESTED).order_by(*order)),
        not_started=list(lines_without_dossier(user=user).filter(year=cycle.year)),
        drafts=list(mine.filter(status=Status.DRAFT).order_by(*order)),
        days_left=(cycle.submission_deadline - today).days
        if cycle.submission_deadline
        else None,
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
    """Field-level diff between the content when it was last returned and now,
    labelled and formatted as the dossier page shows it (in the active language)."""
    before = dossier.returned_snapshot or {}
    if not before:
        return []
    now = dossier.snapshot()
    return [
        FieldChange(
            Dossier.snapshot_label(key),
            snapshot_text(key, before.get(key)),
            snapshot_text(key, now[key]),
        )
        for key in now
        if (before.get(key) or "") != (now[key] or "")
    ]


def snapshot_text(key: str, value: Any) -> str:
    """A snapshot value as the reader sees it: money as Rupiah, counts grouped in
    the active language, a data row's kind by its label; one line per table row. A
    text (a snapshot taken before rows were kept as lists) is shown as it is."""
    if not value:
        return ""
    if isinstance(value, str):
        if key == "gbs_amount" and _is_plain_number(value):
            return rupiah(Decimal(value))
        return value
    lines = _action_lines(value) if key == "action_rows" else _data_lines(value)
    return "\n".join(lines)


def _action_lines(rows: list[list[str]]) -> Iterator[str]:
    for description, amount, output, outcome in rows:
        yield (
            f"{description}: {gettext('Masukan')} {rupiah(_number(amount))}; "
            f"{gettext('Keluaran')} {output}; {gettext('Hasil')} {outcome}"
        )


def _data_lines(rows: list[list[str]]) -> Iterator[str]:
    for kind, label, male, female, total, unit_of_measure in rows:
        kind_label = DataKind(kind).label if kind in DataKind.values else kind
        figures = f"{gettext('L')} {_count(male)}, {gettext('P')} {_count(female)}"
        if total:
            figures += f", {gettext('jumlah')} {_count(total)}"
        yield f"{kind_label} · {label}: {figures} {unit_of_measure}".rstrip()


def _is_plain_number(value: str) -> bool:
    return value.replace(".", "", 1).isdigit()


def _number(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def _count(value: str) -> str:
    # As the data table on the dossier page: grouped, decimals only when typed.
    return floatformat(_number(value), "-2g")
