"""The recap of the year's institutional PUG evaluation (PDF + Excel): the city's
evaluation per group, and each unit's self-assessment per group, self beside
verified (assessments.selectors.recap)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import ItemGroup, SelfAssessment
from assessments.scoring import GroupScore
from assessments.selectors.recap import Recap, evaluation_recap
from evaluations.exporters.common import YearFilenameMixin
from evaluations.workflow import Status
from pug_portal.reports.exporting import (
    Column,
    Kind,
    ListExporter,
    OutOfScope,
    Sheet,
    register,
)
from pug_portal.reports.pdf import PdfExporter


def share(percent: Decimal | None) -> float | None:
    """A group's percentage (0–100) as the fraction a workbook stores."""
    return None if percent is None else float(percent) / 100


def group_label(group: str) -> str:
    return str(ItemGroup(group).label) if group else gettext("Total")


@register
class EvaluationRecapExporter(YearFilenameMixin, PdfExporter, ListExporter):
    """The year's evaluation: the city's self-assessment and verification per group
    (pelembagaan and the 7 proses), and every unit's self-assessment per group
    (self and verified) with its status."""

    identifier = "rekap-evaluasi-pug"
    verbose_name = _("Rekap evaluasi penyelenggaraan PUG")
    description = _(
        "Evaluasi kota per kelompok dan penilaian mandiri tiap perangkat daerah per "
        "kelompok: nilai mandiri dan nilai terverifikasi."
    )
    permission = "reports:city"
    takes_unit = False
    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx")
    template_name = "assessments/pdf/evaluation_recap.html"
    landscape = True

    @cached_property
    def year(self) -> int:
        if self.params.year is not None:
            return self.params.year
        latest = SelfAssessment.objects.order_by("-year").values_list("year", flat=True)
        if not latest:
            raise OutOfScope(gettext("belum ada penilaian mandiri"))
        return latest[0]

    @cached_property
    def recap(self) -> Recap:
        return evaluation_recap(year=self.year)

    def prepare(self) -> None:
        self.recap  # noqa: B018

    # -- PDF

    def get_title(self) -> str:
        return gettext("Rekap Evaluasi Penyelenggaraan PUG Tahun %(year)s") % {
            "year": self.year
        }

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        recap = self.recap
        context.update(
            recap=recap,
            city_groups=self.city_groups(),
            group_labels=[group_label(g) for g in recap.groups],
            unit_rows=[
                (row, [row.scores.group(g) for g in recap.groups], row.scores.total)
                for row in recap.units
            ],
        )
        return context

    def city_groups(self) -> list[GroupScore]:
        city = self.recap.city
        return [*city.scores.groups, city.scores.total] if city else []

    # -- XLSX

    def sheets(self) -> Iterator[Sheet]:
        yield self.city_sheet()
        yield self.unit_sheet()

    def city_sheet(self) -> Sheet:
        return Sheet(
            _("Evaluasi kota"),
            (
                Column(_("Kelompok"), width=30),
                Column(_("Bobot"), Kind.DECIMAL),
                Column(_("Nilai mandiri"), Kind.DECIMAL),
                Column(_("Nilai terverifikasi"), Kind.DECIMAL),
                Column(_("Mandiri (%)"), Kind.PERCENT),
                Column(_("Terverifikasi (%)"), Kind.PERCENT),
            ),
            (
                [
                    group_label(g.group),
                    g.weight,
                    g.self_points,
                    g.verified_points,
                    share(g.self_percent),
                    share(g.verified_percent),
                ]
                for g in self.city_groups()
            ),
        )

    def unit_sheet(self) -> Sheet:
        groups = self.recap.groups
        columns = [
            Column(_("Perangkat daerah"), width=36),
            Column(_("Status"), width=16),
        ]
        own, verified = gettext("mandiri"), gettext("terverifikasi")
        for group in [*groups, ""]:
            label = group_label(group)
            columns += [
                Column(f"{label}: {own}", Kind.PERCENT),
                Column(f"{label}: {verified}", Kind.PERCENT),
            ]
        return Sheet(_("Perangkat daerah"), columns, self._unit_rows())

    def _unit_rows(self) -> Iterator[list[Any]]:
        for row in self.recap.units:
            cells: list[Any] = [
                row.unit.name,
                str(Status(row.assessment.status).label),
            ]
            for group in [*(row.scores.group(g) for g in self.recap.groups)]:
                cells += [
                    share(group.self_percent) if group else None,
                    share(group.verified_percent) if group else None,
                ]
            total = row.scores.total
            cells += [share(total.self_percent), share(total.verified_percent)]
            yield cells
