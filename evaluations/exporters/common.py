"""Pieces shared by the evaluations reports: the fiscal year asked for, score
subqueries, labels, the ARG figures' columns."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    EvaluationCycle,
    RubricScore,
    ScoreKind,
)
from evaluations.selectors.arg import ArgFigures
from pug_portal.reports.exporting import (
    Column,
    ExportParams,
    Kind,
    OutOfScope,
    register_param_choices,
)

# --- reports in the registry ---------------------------------------------------------


def year_or_current(year: int | None) -> int:
    """The asked fiscal year, else the current cycle's (the latest open one, else the
    latest); OutOfScope when there is no cycle at all."""
    if year is not None:
        return year
    cycle = EvaluationCycle.objects.current() or EvaluationCycle.objects.first()
    if cycle is None:
        raise OutOfScope(gettext("belum ada siklus monev"))
    return cycle.year


def year_choices(user: Any) -> list[tuple[str, str]]:
    """The fiscal years a report may be asked for on the reports page: those with an
    evaluation cycle, newest first (none chosen: `year_or_current`). One query."""
    years = EvaluationCycle.objects.order_by("-year").values_list("year", flat=True)
    return [(str(year), str(year)) for year in years]


register_param_choices("year", year_choices)


def fraction(percent_value: float | None) -> float | None:
    """dashboard.percent() gives 0–100; spreadsheets store a fraction."""
    return None if percent_value is None else percent_value / 100


class YearFilenameMixin:
    """The download name carries the year the report resolved to (the current
    cycle's when none was asked), not only the one asked for."""

    identifier: ClassVar[str]
    params: ExportParams
    year: int

    def filename(self) -> str:
        parts = [self.identifier]
        if self.params.unit and getattr(self, "takes_unit", True):
            parts.append(slugify(self.params.unit))
        parts += [str(self.year), f"{timezone.localdate():%Y%m%d}"]
        return "-".join(p for p in parts if p) + f".{self.format.extension}"


def reviewer_score(field_name: str) -> Subquery:
    return Subquery(
        RubricScore.objects.filter(
            dossier=OuterRef("pk"), kind=ScoreKind.REVIEWER
        ).values(field_name)[:1]
    )


def self_score() -> Subquery:
    return Subquery(
        RubricScore.objects.filter(dossier=OuterRef("pk"), kind=ScoreKind.SELF).values(
            "total"
        )[:1]
    )


# -- all dossiers, one row each --------------------------------------------------------


def labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


# --- Persentase ARG and its parts, as the recaps' sheets show them -------------------

ARG_FIGURE_COLUMNS = (
    Column(_("Total belanja"), Kind.MONEY, width=20),
    Column(_("Pagu ARG (GBS disetujui)"), Kind.MONEY, width=18),
    Column(_("Persentase ARG"), Kind.PERCENT, width=12),
    Column(_("Keterangan"), width=28),
    Column(_("Realisasi ARG"), Kind.MONEY, width=18),
    Column(_("Ditandai ARG, GBS belum disetujui"), Kind.NUMBER, width=14),
)


def arg_figure_cells(arg: ArgFigures) -> list[Any]:
    """A row's cells under ARG_FIGURE_COLUMNS: numbers, the reason where there is
    no percentage."""
    return [
        arg.total_belanja,
        arg.arg_pagu,
        fraction(arg.percent),
        str(arg.missing_reason),
        arg.realisasi,
        arg.flagged,
    ]
