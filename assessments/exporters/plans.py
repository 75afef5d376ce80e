"""Rencana Pokja PUG in the official matrix (PDF, A4 landscape; Excel): No, Area,
Program/Kegiatan, Data dasar, Target 5 tahun, a target column per year, Indikator,
Anggaran, PD penanggung jawab, Capaian.

On the reports page and through `export_report` the year chooses the plan
(selectors.plans.plan_for_year: the year's annual plan, else the five-year plan
covering it); the plan page downloads its own plan."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any, ClassVar

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import PlanKind, PokjaPlan
from assessments.selectors.plans import MatrixRow, plan_for_year, plan_matrix
from pug_portal.formats import rupiah
from pug_portal.reports.exporting import (
    Column,
    ExportParams,
    Kind,
    ListExporter,
    OutOfScope,
    Sheet,
    register,
)
from pug_portal.reports.pdf import PdfExporter


def achievement_text(achievement) -> str:
    """ "80% — uraian (catatan)" as the printed Capaian cell shows it."""
    if achievement is None:
        return ""
    parts = []
    if achievement.percent is not None:
        parts.append(floatformat(achievement.percent, "-2") + "%")
    if achievement.value:
        parts.append(achievement.value)
    text = " — ".join(parts)
    if achievement.note:
        text += f" ({achievement.note})"
    return text


@register
class PokjaPlanExporter(PdfExporter, ListExporter):
    """A Rencana Pokja PUG as its official matrix, with the yearly achievements."""

    identifier = "rencana-pokja-pug"
    verbose_name = _("Rencana Pokja PUG")
    description = _(
        "Matriks Rencana Pokja PUG tahun yang dipilih (rencana tahunan, atau rencana "
        "lima tahunan yang mencakupnya) dengan capaian tiap tahun."
    )
    permission = "pokja_plans:view"
    takes_unit = False
    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx")
    template_name = "assessments/pdf/pokja_plan.html"
    landscape = True

    def __init__(
        self,
        *,
        user: Any,
        fmt: str,
        params: ExportParams | None = None,
        plan: PokjaPlan | None = None,
    ) -> None:
        super().__init__(user=user, fmt=fmt, params=params)
        self._plan = plan

    @cached_property
    def plan(self) -> PokjaPlan:
        if self._plan is not None:
            return self._plan
        year = self.params.year or timezone.localdate().year
        plan = plan_for_year(year)
        if plan is None:
            raise OutOfScope(
                gettext("belum ada Rencana Pokja PUG untuk tahun %(year)s")
                % {"year": year}
            )
        return plan

    @cached_property
    def matrix(self) -> list[MatrixRow]:
        return plan_matrix(self.plan)

    def prepare(self) -> None:
        self.matrix  # noqa: B018

    def filename(self) -> str:
        plan = self.plan
        parts = [
            self.identifier,
            slugify(plan.get_kind_display()).removeprefix("rencana-pokja-pug-"),
            str(plan.start_year),
        ]
        if plan.end_year != plan.start_year:
            parts.append(str(plan.end_year))
        parts.append(f"{timezone.localdate():%Y%m%d}")
        return "-".join(parts) + f".{self.format.extension}"

    def total_header(self) -> str:
        if self.plan.kind == PlanKind.ANNUAL:
            return gettext("Target 5 tahun")
        return gettext("Target %(period)s") % {"period": self.plan.period}

    # -- PDF

    def get_title(self) -> str:
        return f"{self.plan.get_kind_display()} {self.plan.period}"

    def get_subtitle(self) -> str:
        plan = self.plan
        parts = [plan.title]
        if plan.decree is not None:
            parts.append(
                gettext("dasar: %(decree)s tanggal %(date)s")
                % {"decree": plan.decree.number, "date": date_format(plan.decree.date)}
            )
        if plan.is_adopted and plan.adopted_on:
            parts.append(
                gettext("ditetapkan %(date)s") % {"date": date_format(plan.adopted_on)}
            )
        else:
            parts.append(str(plan.get_status_display()))
        return " · ".join(parts)

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        years = self.plan.years
        context.update(
            plan=self.plan,
            years=years,
            total_header=self.total_header(),
            rows=[
                {
                    "row": entry.row,
                    "targets": entry.target_cells(years),
                    "budget": rupiah(entry.row.budget),
                    "achievements": [
                        (year, achievement_text(a))
                        for year, a in zip(
                            years, entry.achievement_cells(years), strict=True
                        )
                        if a is not None
                    ],
                }
                for entry in self.matrix
            ],
            budget_total=rupiah(
                sum((e.row.budget or 0 for e in self.matrix), start=0) or None
            ),
        )
        return context

    # -- XLSX

    def sheets(self) -> Iterator[Sheet]:
        years = self.plan.years
        columns = [
            Column(_("No."), Kind.INTEGER, width=5),
            Column(_("Area"), width=18),
            Column(_("Program/Kegiatan"), width=40),
            Column(_("Data dasar"), width=20),
            Column(self.total_header(), width=20),
            *(
                Column(gettext("Target %(year)s") % {"year": y}, width=14)
                for y in years
            ),
            Column(_("Indikator"), width=30),
            Column(_("Anggaran (Rp)"), Kind.MONEY, width=18),
            Column(_("PD penanggung jawab"), width=30),
        ]
        for year in years:
            columns += [
                Column(gettext("Capaian %(year)s (%%)") % {"year": year}, Kind.PERCENT),
                Column(gettext("Capaian %(year)s") % {"year": year}, width=24),
                Column(gettext("Catatan %(year)s") % {"year": year}, width=24),
            ]
        yield Sheet(_("Rencana Pokja PUG"), columns, self._rows(years))

    def _rows(self, years: list[int]) -> Iterator[list[Any]]:
        for number, entry in enumerate(self.matrix, start=1):
            row = entry.row
            cells: list[Any] = [
                number,
                row.get_area_display(),
                row.program,
                row.baseline,
                row.target_total,
                *entry.target_cells(years),
                row.indicator,
                row.budget,
                row.unit.name,
            ]
            for achievement in entry.achievement_cells(years):
                if achievement is None:
                    cells += [None, "", ""]
                    continue
                percent = achievement.percent
                cells += [
                    None if percent is None else float(percent) / 100,
                    achievement.value,
                    achievement.note,
                ]
            yield cells
