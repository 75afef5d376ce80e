"""The unit annual recap (PDF + Excel): per unit, its dossiers of the year with status
and scores, its Persentase ARG and its focal-point team — the figures of the unit
dashboard (evaluations.selectors.dashboard_unit), for many units at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.exporters.common import (
    ARG_FIGURE_COLUMNS,
    YearFilenameMixin,
    arg_figure_cells,
    labels,
    year_or_current,
)
from evaluations.models import ArgCategory, BudgetLine, Classification, Dossier
from evaluations.selectors.arg import ArgFigures, arg_by_unit
from evaluations.selectors.dashboard_unit import (
    dossiers_by_unit,
    status_counts,
    team_by_unit,
)
from evaluations.workflow import Status
from focal_points.exporters.registry import UnitScopedMixin
from focal_points.models import FocalPointAppointment, TeamRole, Unit, as_of_year
from pug_portal import charts
from pug_portal.nip import format_nip
from pug_portal.reports.exporting import (
    Column,
    Kind,
    ListExporter,
    Sheet,
    register,
)
from pug_portal.reports.pdf import PdfExporter
from pug_portal.reports.runs import ProgressMixin


@dataclass
class UnitSection:
    """One unit's part of the annual recap."""

    unit: Unit
    dossiers: list[Dossier]
    team: list[FocalPointAppointment]
    arg: ArgFigures

    @property
    def arg_pagu(self) -> Decimal:
        return self.arg.arg_pagu

    @property
    def arg_percent(self) -> float | None:
        return self.arg.percent

    @cached_property
    def status_counts(self) -> dict[str, int]:
        return status_counts(self.dossiers, not_started=0)

    @property
    def arg_percent_text(self) -> str:
        if self.arg_percent is None:
            return f"— ({self.arg.missing_reason})"
        return charts.format_percent(self.arg_percent)

    @property
    def scored(self) -> list[int]:
        """Reviewer totals of the approved dossiers (a score given during review is
        provisional until approval, as on the dashboards)."""
        return [
            d.reviewer_total
            for d in self.dossiers
            if d.status == Status.APPROVED and d.reviewer_total is not None
        ]

    @property
    def average_score(self) -> str:
        scores = self.scored
        if not scores:
            return "–"
        return charts.format_number(sum(scores) / len(scores), 1)

    @property
    def status_list(self) -> list[tuple[str, int]]:
        return [
            (str(label), self.status_counts.get(v, 0)) for v, label in Status.choices
        ]


@register
class UnitRecapExporter(
    YearFilenameMixin, ProgressMixin, UnitScopedMixin, PdfExporter, ListExporter
):
    """A unit's year (DESIGN §6): its dossiers with status and scores, its pagu and
    Persentase ARG, its focal-point team. One unit (`unit`), or every unit in the
    user's scope that has budget lines or dossiers that year, one section each.
    The self-assessment section is left out until self-assessments exist."""

    identifier = "rekap-tahunan-pd"
    verbose_name = _("Rekap tahunan perangkat daerah")
    description = _(
        "Per perangkat daerah: dokumen PPRG dengan status dan nilai, pagu dan "
        "persentase ARG, serta tim focal point."
    )
    permission = "dossiers:view"
    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx")
    template_name = "evaluations/pdf/unit_recap.html"
    landscape = True

    def prepare(self) -> None:
        self.unit  # noqa: B018
        self.year  # noqa: B018

    @cached_property
    def year(self) -> int:
        return year_or_current(self.params.year)

    def units(self) -> list[Unit]:
        """The units reported on, with their SK focal point of the year
        (`has_year_focal_point`, the fiscal year's rule). One query."""
        units = Unit.objects.visible_to(self.user).with_year_focal_point(self.year)
        if self.unit is not None:
            return list(units.filter(pk=self.unit.pk))
        lines = BudgetLine.objects.filter(year=self.year, unit=OuterRef("pk"))
        dossiers = Dossier.objects.filter(cycle__year=self.year, unit=OuterRef("pk"))
        return list(
            units.filter(Exists(lines) | Exists(dossiers)).order_by("name", "pk")
        )

    def sections(self) -> Iterator[UnitSection]:
        """One section per unit, in six queries for all units together (the unit
        dashboard's figures), then built unit by unit (the progress of a background
        run)."""
        units = self.units()
        ids = [u.pk for u in units]
        self.report_progress(0, len(units))
        dossiers = dossiers_by_unit(units=ids, year=self.year)
        # the team of the recap's year, not today's (as_of_year)
        team = team_by_unit(units=ids, on=as_of_year(self.year))
        arg = arg_by_unit(year=self.year, units=ids)
        classes = labels(Classification.choices)
        for done, unit in enumerate(units, 1):
            unit_dossiers = dossiers.get(unit.pk, [])
            for dossier in unit_dossiers:
                dossier.reviewer_class_label = classes.get(dossier.reviewer_class, "")
            yield UnitSection(
                unit=unit,
                dossiers=unit_dossiers,
                team=team.get(unit.pk, []),
                arg=arg.get(unit.pk, ArgFigures()),
            )
            self.report_progress(done, len(units))

    # -- PDF

    def get_title(self) -> str:
        return gettext("Rekap Tahunan PPRG Perangkat Daerah Tahun %(year)s") % {
            "year": self.year
        }

    def letterhead_address(self) -> str:
        unit = self.unit
        return (unit.address if unit else "") or super().letterhead_address()

    def letterhead_unit(self) -> str:
        return self.unit.name if self.unit else ""

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        context.update(
            sections=self.sections(),
            year=self.year,
            as_of=as_of_year(self.year),
            statuses=labels(Status.choices),
            classes=labels(Classification.choices),
            categories=labels(ArgCategory.choices),
            roles=labels(TeamRole.choices),
        )
        return context

    # -- XLSX: a sheet per kind of row; the sections are built once

    def sheets(self) -> Iterator[Sheet]:
        """A sheet per kind of row; the sections are built once."""
        sections = list(self.sections())
        yield self.summary_sheet(sections)
        yield self.dossier_sheet(sections)
        yield self.team_sheet(sections)

    def summary_sheet(self, sections: list[UnitSection]) -> Sheet:
        return Sheet(
            _("Ringkasan per PD"),
            (
                Column(_("Perangkat daerah"), width=36),
                *ARG_FIGURE_COLUMNS,
                Column(_("Dokumen PPRG"), Kind.NUMBER),
                *(Column(label, Kind.NUMBER, width=12) for _v, label in Status.choices),
                Column(
                    _("Rata-rata nilai verifikator (disetujui)"), Kind.DECIMAL, width=14
                ),
                Column(_("Focal point menjabat"), Kind.NUMBER, width=12),
                Column(_("SK focal point tahun berjalan"), width=12),
            ),
            (
                [
                    s.unit.name,
                    *arg_figure_cells(s.arg),
                    len(s.dossiers),
                    *(s.status_counts.get(v, 0) for v in Status.values),
                    round(sum(s.scored) / len(s.scored), 1) if s.scored else None,
                    len(s.team),
                    s.unit.has_year_focal_point,
                ]
                for s in sections
            ),
        )

    def dossier_sheet(self, sections: list[UnitSection]) -> Sheet:
        statuses = labels(Status.choices)
        classes = labels(Classification.choices)
        categories = labels(ArgCategory.choices)
        return Sheet(
            _("Dokumen PPRG"),
            (
                Column(_("Perangkat daerah"), width=36),
                Column(_("Kode sub kegiatan"), width=18),
                Column(_("Sub kegiatan"), width=40),
                Column(_("Pagu"), Kind.MONEY, width=18),
                Column(_("Kategori ARG"), width=24),
                Column(_("Status"), width=16),
                Column(_("Nilai verifikator"), Kind.NUMBER, width=10),
                Column(_("Kualitas dokumen (verifikator)"), width=22),
                Column(_("Penilaian mandiri"), Kind.NUMBER, width=10),
            ),
            (
                [
                    s.unit.name,
                    d.budget_line.sub_kegiatan_code,
                    d.budget_line.sub_kegiatan_name,
                    d.budget_line.pagu,
                    categories.get(d.budget_line.arg_category, ""),
                    statuses.get(d.status, d.status),
                    d.reviewer_total,
                    classes.get(d.reviewer_class, ""),
                    d.self_total,
                ]
                for s in sections
                for d in s.dossiers
            ),
        )

    def team_sheet(self, sections: list[UnitSection]) -> Sheet:
        roles = labels(TeamRole.choices)
        return Sheet(
            _("Focal Point"),
            (
                Column(_("Perangkat daerah"), width=36),
                Column(_("Nama"), width=28),
                Column(_("NIP"), width=20),
                Column(_("L/P"), width=6),
                Column(_("Peran dalam tim"), width=18),
                Column(_("Nomor SK"), width=24),
                Column(_("Sudah dilatih"), width=10),
            ),
            (
                [
                    s.unit.name,
                    a.person.name,
                    format_nip(a.person.nip),
                    a.person.sex,
                    roles.get(a.team_role, a.team_role),
                    a.decree.number,
                    a.is_trained,
                ]
                for s in sections
                for a in s.team
            ),
        )
