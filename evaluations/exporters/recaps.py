"""The unit annual recap and the city recap for Bappeda (PDF + Excel)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.exporters.common import (
    YearFilenameMixin,
    fraction,
    labels,
    percent_text,
    reviewer_score,
    self_score,
    year_or_current,
)
from evaluations.gap import GAP_STEPS
from evaluations.models import (
    ActionPlanRow,
    ArgCategory,
    BudgetLine,
    Classification,
    Dossier,
)
from evaluations.selectors import dashboard
from evaluations.workflow import Status
from focal_points.exporters.registry import UnitScopedMixin
from focal_points.models import FocalPointAppointment, TeamRole, Unit
from pug_portal import charts
from pug_portal.formatting import rupiah, thousands
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
    total_pagu: Decimal
    arg_pagu: Decimal
    status_counts: dict[str, int]

    @property
    def arg_percent(self) -> float | None:
        return dashboard.percent(self.arg_pagu, self.total_pagu)

    @property
    def arg_percent_text(self) -> str:
        return percent_text(self.arg_percent)

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
        "Per perangkat daerah: dossier PPRG dengan status dan nilai, pagu dan "
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
        """The units reported on (one query)."""
        if self.unit is not None:
            return [self.unit]
        lines = BudgetLine.objects.filter(year=self.year, unit=OuterRef("pk"))
        dossiers = Dossier.objects.filter(cycle__year=self.year, unit=OuterRef("pk"))
        return list(
            Unit.objects.visible_to(self.user)
            .filter(Exists(lines) | Exists(dossiers))
            .order_by("name", "pk")
        )

    def sections(self) -> Iterator[UnitSection]:
        """One section per unit, in four queries for all units together, then
        built unit by unit (the progress of a background run)."""
        units = self.units()
        ids = [u.pk for u in units]
        self.report_progress(0, len(units))
        classes = labels(Classification.choices)
        dossiers: dict[int, list[Dossier]] = defaultdict(list)
        for dossier in (
            Dossier.objects.filter(unit_id__in=ids, cycle__year=self.year)
            .select_related("budget_line")
            .annotate(
                reviewer_total=reviewer_score("total"),
                reviewer_class=reviewer_score("classification"),
                self_total=self_score(),
            )
            .order_by("budget_line__sub_kegiatan_code", "pk")
        ):
            dossier.reviewer_class_label = classes.get(dossier.reviewer_class, "")
            dossiers[dossier.unit_id].append(dossier)
        team: dict[int, list[FocalPointAppointment]] = defaultdict(list)
        for appointment in (
            FocalPointAppointment.objects.current()
            .filter(unit_id__in=ids)
            .with_training_status()
            .select_related("person", "decree")
            .order_by("team_role", "person__name", "pk")
        ):
            team[appointment.unit_id].append(appointment)
        money = {
            row["unit_id"]: row
            for row in BudgetLine.objects.filter(unit_id__in=ids, year=self.year)
            .order_by()
            .values("unit_id")
            .annotate(total=dashboard.total_pagu_sum(), arg=dashboard.arg_pagu_sum())
        }
        for done, unit in enumerate(units, 1):
            unit_dossiers = dossiers.get(unit.pk, [])
            counts: dict[str, int] = defaultdict(int)
            for dossier in unit_dossiers:
                counts[dossier.status] += 1
            row = money.get(unit.pk, {})
            yield UnitSection(
                unit=unit,
                dossiers=unit_dossiers,
                team=team.get(unit.pk, []),
                total_pagu=row.get("total") or Decimal(0),
                arg_pagu=row.get("arg") or Decimal(0),
                status_counts=dict(counts),
            )
            self.report_progress(done, len(units))

    # -- PDF

    def get_title(self) -> str:
        return gettext("Rekap Tahunan PPRG Perangkat Daerah Tahun %(year)s") % {
            "year": self.year
        }

    def letterhead_unit(self) -> str:
        return self.unit.name if self.unit else ""

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        context.update(
            sections=self.sections(),
            year=self.year,
            statuses=labels(Status.choices),
            classes=labels(Classification.choices),
            categories=labels(ArgCategory.choices),
            roles=labels(TeamRole.choices),
            total_pagu_label=dashboard.total_pagu_label(),
        )
        return context

    # -- XLSX: a sheet per kind of row; the sections are built once

    def sheets(self) -> Iterator[Sheet]:
        sections = list(self.sections())
        statuses = labels(Status.choices)
        classes = labels(Classification.choices)
        categories = labels(ArgCategory.choices)
        roles = labels(TeamRole.choices)
        yield Sheet(
            _("Ringkasan per PD"),
            (
                Column(_("Perangkat daerah"), width=36),
                Column(_("Pagu total"), Kind.MONEY, width=18),
                Column(_("Pagu ARG"), Kind.MONEY, width=18),
                Column(_("Persentase ARG"), Kind.PERCENT, width=12),
                Column(_("Dossier"), Kind.NUMBER),
                *(Column(label, Kind.NUMBER, width=12) for _v, label in Status.choices),
                Column(
                    _("Rata-rata nilai reviewer (disetujui)"), Kind.NUMBER, width=14
                ),
                Column(_("Focal point menjabat"), Kind.NUMBER, width=12),
            ),
            (
                [
                    s.unit.name,
                    s.total_pagu,
                    s.arg_pagu,
                    fraction(s.arg_percent),
                    len(s.dossiers),
                    *(s.status_counts.get(v, 0) for v in Status.values),
                    round(sum(s.scored) / len(s.scored), 1) if s.scored else None,
                    len(s.team),
                ]
                for s in sections
            ),
        )
        yield Sheet(
            _("Dossier"),
            (
                Column(_("Perangkat daerah"), width=36),
                Column(_("Kode sub kegiatan"), width=18),
                Column(_("Sub kegiatan"), width=40),
                Column(_("Pagu"), Kind.MONEY, width=18),
                Column(_("Kategori ARG"), width=24),
                Column(_("Status"), width=16),
                Column(_("Nilai reviewer"), Kind.NUMBER, width=10),
                Column(_("Klasifikasi reviewer"), width=22),
                Column(_("Nilai mandiri"), Kind.NUMBER, width=10),
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
        yield Sheet(
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
                    a.person.nip or "",
                    a.person.sex,
                    roles.get(a.team_role, a.team_role),
                    a.decree.number,
                    a.is_trained,
                ]
                for s in sections
                for a in s.team
            ),
        )


# -- city recap for Bappeda ----------------------------------------------------------


@dataclass(frozen=True)
class ComplianceRow:
    """One unit in the compliance matrix: valid SK focal point, and how many of its
    dossiers of the year have a complete GAP, a GBS amount, a KAK/TOR."""

    unit: Unit
    has_focal_point: bool
    dossiers: int
    gap: int
    gbs: int
    kak: int
    total_pagu: Decimal
    arg_pagu: Decimal
    arg_percent: float | None

    @property
    def arg_percent_text(self) -> str:
        return percent_text(self.arg_percent)


def _gap_complete() -> Q:
    """A dossier whose nine GAP steps are filled in (step 3: any APKM aspect; step 7:
    at least one action row), as Dossier.completeness() judges it."""
    filled = Q()
    for step in GAP_STEPS:
        if step.number == 3:
            any_aspect = Q()
            for name in step.fields:
                any_aspect |= ~Q(**{name: ""})
            filled &= any_aspect
        elif step.number != 7:
            for name in step.fields:
                filled &= ~Q(**{name: ""})
    return filled & Q(has_actions=True)


@register
class CityRecapExporter(YearFilenameMixin, ProgressMixin, PdfExporter, ListExporter):
    """City recap for Bappeda and the leadership (DESIGN §6): the compliance matrix
    unit × {valid SK focal point, GAP, GBS, KAK/TOR}, total and ARG pagu with the
    Persentase ARG per unit and for the city, the distribution of classifications,
    the year-over-year comparison and their charts (pug_portal.charts, inline SVG
    with a data table). The headline figures come from the city dashboard's
    selector (evaluations.selectors.dashboard), aggregated in the database.

    The self-assessment column is left out until self-assessments exist. `unit` is
    not a parameter of a city report and is ignored."""

    identifier = "rekap-kota"
    verbose_name = _("Rekap kota untuk Bappeda")
    description = _(
        "Matriks kepatuhan per perangkat daerah (SK focal point, GAP, GBS, KAK), "
        "persentase ARG, sebaran klasifikasi, perbandingan antartahun dan grafik."
    )
    permission = "reports:city"
    takes_unit = False
    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx")
    template_name = "evaluations/pdf/city_recap.html"
    landscape = True

    def prepare(self) -> None:
        self.board  # noqa: B018

    @cached_property
    def board(self) -> dashboard.CityDashboard:
        """The city dashboard's figures for the year (eight aggregate queries)."""
        return dashboard.city_dashboard(
            year=year_or_current(self.params.year), sort="name"
        )

    @property
    def year(self) -> int:
        return self.board.year

    def compliance(self) -> Iterator[ComplianceRow]:
        """The matrix, unit by unit (one more GROUP BY query)."""
        board = self.board
        cycle_id = board.cycle.pk if board.cycle else None
        has_actions = Exists(ActionPlanRow.objects.filter(dossier=OuterRef("pk")))
        per_unit = {
            row["unit_id"]: row
            for row in Dossier.objects.filter(cycle_id=cycle_id)
            .annotate(has_actions=has_actions)
            .order_by()
            .values("unit_id")
            .annotate(
                n=Count("pk"),
                gap=Count("pk", filter=_gap_complete()),
                gbs=Count("pk", filter=Q(gbs_amount__isnull=False)),
                kak=Count("pk", filter=Q(kak_included=True)),
            )
        }
        rows = [r for r in board.rows if r.unit.is_active or r.total]
        self.report_progress(0, len(rows))
        for done, row in enumerate(rows, 1):
            counts = per_unit.get(row.unit.pk, {})
            yield ComplianceRow(
                unit=row.unit,
                has_focal_point=row.unit.has_valid_focal_point,
                dossiers=counts.get("n", 0),
                gap=counts.get("gap", 0),
                gbs=counts.get("gbs", 0),
                kak=counts.get("kak", 0),
                total_pagu=row.total_pagu,
                arg_pagu=row.arg_pagu,
                arg_percent=row.arg_percent,
            )
            self.report_progress(done, len(rows))

    def headline(self) -> list[tuple[str, str]]:
        b = self.board
        return [
            (gettext("Perangkat daerah aktif"), thousands(b.units_total)),
            (
                gettext("Perangkat daerah dengan SK focal point berlaku"),
                thousands(b.units_with_focal_point),
            ),
            (gettext("Dossier PPRG"), thousands(b.dossiers_total)),
            (gettext("Dossier disetujui"), thousands(b.approved)),
            (str(dashboard.total_pagu_label()), rupiah(b.total_pagu)),
            (gettext("Pagu ARG"), rupiah(b.arg_pagu)),
            (gettext("Persentase ARG kota"), percent_text(b.arg_percent)),
            (
                gettext("Rata-rata nilai reviewer (dossier disetujui)"),
                charts.format_number(b.average_score, 1),
            ),
            (
                gettext("Focal point menjabat (L/P)"),
                f"{b.people.get('total', 0)} "
                f"({b.people.get('male', 0)}/{b.people.get('female', 0)})",
            ),
        ]

    def classification_rows(self) -> list[tuple[str, int, float | None]]:
        b = self.board
        return [
            (
                str(label),
                b.classification.get(value, 0),
                dashboard.percent(b.classification.get(value, 0), b.classified_total),
            )
            for value, label in Classification.choices
        ]

    def charts(self) -> list[charts.Chart]:
        """The recap's charts, with no links (a PDF is read on paper)."""
        b = self.board
        years = list(b.classification_by_year)
        ranking = b.arg_ranking[:15]
        made = [
            charts.bar_chart(
                title=gettext("Klasifikasi dossier disetujui per tahun"),
                description=gettext(
                    "Jumlah dossier yang disetujui menurut klasifikasi reviewer "
                    "untuk setiap tahun anggaran."
                ),
                category_header=gettext("Tahun anggaran"),
                labels=[str(y) for y in years],
                series=[
                    charts.Series(
                        str(label),
                        [
                            charts.Point(b.classification_by_year[y].get(value, 0))
                            for y in years
                        ],
                    )
                    for value, label in Classification.choices
                ],
            ),
            charts.line_chart(
                title=gettext("Tren dossier disetujui dan persentase ARG"),
                description=gettext(
                    "Per tahun anggaran: persentase dossier yang disetujui dan "
                    "persentase ARG kota."
                ),
                category_header=gettext("Tahun anggaran"),
                labels=[str(t["year"]) for t in b.trend],
                y_range=(0, 100),
                formatters=[charts.format_percent, charts.format_percent],
                series=[
                    charts.Series(
                        gettext("Dossier disetujui (%)"),
                        [charts.Point(t["approved_percent"]) for t in b.trend],
                    ),
                    charts.Series(
                        gettext("Persentase ARG"),
                        [charts.Point(t["arg_percent"]) for t in b.trend],
                    ),
                ],
            ),
            charts.horizontal_bar_chart(
                title=gettext("Persentase ARG per perangkat daerah, %(year)s")
                % {"year": b.year},
                description=gettext(
                    "Perangkat daerah dengan persentase ARG tertinggi (paling banyak "
                    "lima belas), tahun %(year)s."
                )
                % {"year": b.year},
                category_header=gettext("Perangkat daerah"),
                value_header=gettext("Persentase ARG"),
                formatter=charts.format_percent,
                value_range=(0, 100),
                points=[
                    (r.unit.short_name, charts.Point(r.arg_percent)) for r in ranking
                ],
            ),
        ]
        # Inline in one document, the legends' element ids (the same in every pygal
        # chart) would repeat: give each chart its own.
        return [
            dataclasses.replace(
                chart, svg=chart.svg.replace('id="activate-serie-', f'id="c{i}-serie-')
            )
            for i, chart in enumerate(made)
        ]

    # -- PDF

    def get_title(self) -> str:
        return gettext("Rekap PPRG Kota Tahun %(year)s") % {"year": self.year}

    def letterhead_unit(self) -> str:
        planning = (
            Unit.objects.filter(is_planning_agency=True, is_active=True)
            .values_list("name", flat=True)
            .first()
        )
        return planning or ""

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        context.update(
            board=self.board,
            headline=self.headline(),
            compliance=self.compliance(),
            classification=[
                (label, n, percent_text(p))
                for label, n, p in self.classification_rows()
            ],
            classified_total=self.board.classified_total,
            trend=[
                {
                    **t,
                    "total_pagu_text": rupiah(t["total_pagu"]),
                    "arg_pagu_text": rupiah(t["arg_pagu"]),
                    "arg_percent_text": percent_text(t["arg_percent"]),
                    "approved_percent_text": percent_text(t["approved_percent"]),
                }
                for t in self.board.trend
            ],
            chart_list=self.charts(),
            city_arg_percent_text=percent_text(self.board.arg_percent),
        )
        return context

    # -- XLSX

    def sheets(self) -> Iterator[Sheet]:
        b = self.board
        yield Sheet(
            _("Kepatuhan"),
            (
                Column(_("Perangkat daerah"), width=36),
                Column(_("Jenis"), width=18),
                Column(_("SK focal point berlaku"), width=12),
                Column(_("Dossier"), Kind.NUMBER),
                Column(_("GAP lengkap"), Kind.NUMBER),
                Column(_("GBS"), Kind.NUMBER),
                Column(_("KAK/TOR"), Kind.NUMBER),
                Column(_("Pagu total"), Kind.MONEY, width=18),
                Column(_("Pagu ARG"), Kind.MONEY, width=18),
                Column(_("Persentase ARG"), Kind.PERCENT, width=12),
            ),
            (
                [
                    r.unit.name,
                    r.unit.get_unit_type_display(),
                    r.has_focal_point,
                    r.dossiers,
                    r.gap,
                    r.gbs,
                    r.kak,
                    r.total_pagu,
                    r.arg_pagu,
                    fraction(r.arg_percent),
                ]
                for r in self.compliance()
            ),
        )
        yield Sheet(
            _("Klasifikasi"),
            (
                Column(_("Klasifikasi (reviewer, dossier disetujui)"), width=30),
                Column(_("Dossier"), Kind.NUMBER),
                Column(_("Persentase"), Kind.PERCENT),
            ),
            ([label, n, fraction(p)] for label, n, p in self.classification_rows()),
            autofilter=False,
        )
        yield Sheet(
            _("Tren"),
            (
                Column(_("Tahun anggaran"), width=10),
                Column(_("Dossier"), Kind.NUMBER),
                Column(_("Disetujui"), Kind.NUMBER),
                Column(_("Persentase disetujui"), Kind.PERCENT, width=12),
                Column(_("Pagu total"), Kind.MONEY, width=18),
                Column(_("Pagu ARG"), Kind.MONEY, width=18),
                Column(_("Persentase ARG"), Kind.PERCENT, width=12),
                *(
                    Column(label, Kind.NUMBER, width=14)
                    for _v, label in Classification.choices
                ),
            ),
            (
                [
                    t["year"],
                    t["dossiers"],
                    t["approved"],
                    fraction(t["approved_percent"]),
                    t["total_pagu"],
                    t["arg_pagu"],
                    fraction(t["arg_percent"]),
                    *(
                        b.classification_by_year.get(t["year"], {}).get(v, 0)
                        for v in Classification.values
                    ),
                ]
                for t in b.trend
            ),
            autofilter=False,
        )
        yield Sheet(
            _("Ringkasan"),
            (Column(_("Uraian"), width=48), Column(_("Nilai"), width=24)),
            ([label, value] for label, value in self.headline()),
            freeze=False,
            autofilter=False,
        )
