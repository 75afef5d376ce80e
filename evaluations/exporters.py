"""Documents and reports of the evaluations app (DESIGN §6).

Single-dossier documents, rendered in the request from the dossier detail page:
the GAP matrix (A4 landscape, the nine official columns under their group headers),
the GBS (official row order, signature block of the Kepala PD) and the KAK/TOR. They
are not in the /reports/ registry: they are fetched through the dossier, in scope.

Reports in the registry (pug_portal/exporting.py), registered from
`EvaluationsConfig.ready()`:
- `UnitRecapExporter`   unit annual recap (PDF + Excel), one unit or every unit in
  the user's scope;
- `CityRecapExporter`   city recap for Bappeda (PDF + Excel): compliance matrix,
  ARG per unit and city, classification distribution, year-over-year, charts;
- `DossierListExporter` every dossier, one row each with every field (Excel, CSV).
The multi-unit ones run in the background (`background = True`, pug_portal/tasks.py)
and tell the run how many units are done through `report_progress()`.

No self-assessment model exists yet (DESIGN §3 *prasyarat PUG*): the recaps leave the
self-assessment column/section out instead of printing an empty one.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations import dashboard
from evaluations.gap import APKM_FIELDS, GAP_STEPS, GBS_ROWS, GapStep
from evaluations.models import (
    ActionPlanRow,
    ArgCategory,
    BudgetLine,
    Classification,
    DataKind,
    DisaggregatedDataRow,
    Dossier,
    EvaluationCycle,
    ReviewComment,
    RubricScore,
    ScoreKind,
)
from evaluations.workflow import Status
from focal_points.exporters import UnitScopedMixin
from focal_points.models import FocalPointAppointment, TeamRole, Unit
from pug_portal import charts
from pug_portal.exporting import (
    Column,
    ExportParams,
    Kind,
    ListExporter,
    OutOfScope,
    Sheet,
    register,
    register_param_choices,
)
from pug_portal.formatting import rupiah, tanggal, thousands
from pug_portal.pdf import PdfExporter
from pug_portal.report_runs import ProgressMixin

# --- single-dossier documents --------------------------------------------------------


def dossier_for_documents(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """What the three documents read, in three queries: the dossier with its unit,
    cycle and budget line, then its action rows and its data rows."""
    return queryset.select_related("unit", "cycle", "budget_line").prefetch_related(
        "action_rows", "data_rows"
    )


ROW_KIND_STEP = {DataKind.REALISASI: 2, DataKind.BASELINE: 8, DataKind.TARGET: 9}


@dataclass(frozen=True)
class GapCell:
    """One cell of the GAP matrix: labelled texts, and for steps 2, 7 and 8 the
    structured rows printed under them."""

    step: GapStep
    texts: list[tuple[str, str]] = field(default_factory=list)  # (label or "", text)
    actions: list[ActionPlanRow] = field(default_factory=list)
    data: list[DisaggregatedDataRow] = field(default_factory=list)


class DossierDocument(PdfExporter):
    """A dossier printed in an official layout. Built with the dossier already
    fetched through `Dossier.objects.visible_to(user)` by the view (outside scope →
    404 before anything is rendered)."""

    kind: ClassVar[str] = ""

    def __init__(self, *, user: Any, dossier: Dossier, fmt: str = "pdf") -> None:
        super().__init__(user=user, fmt=fmt, params=ExportParams(year=dossier.year))
        self.dossier = dossier

    def filename(self) -> str:
        line = self.dossier.budget_line
        parts = [
            self.identifier,
            slugify(self.dossier.unit.short_name),
            line.sub_kegiatan_code.replace(".", "-"),
            str(line.year),
        ]
        return "-".join(p for p in parts if p) + ".pdf"

    def letterhead_unit(self) -> str:
        return self.dossier.unit.name

    def get_subtitle(self) -> str:
        line = self.dossier.budget_line
        return gettext("%(name)s (%(code)s) · Tahun Anggaran %(year)s") % {
            "name": line.sub_kegiatan_name,
            "code": line.sub_kegiatan_code,
            "year": line.year,
        }

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        context.update(dossier=self.dossier, line=self.dossier.budget_line)
        return context


class GapMatrixDocument(DossierDocument):
    """GAP (Gender Analysis Pathway) matrix: A4 landscape, nine columns with their
    official headers, steps 3–5, 6–7 and 8–9 under their group headers."""

    identifier = "gap"
    kind = "gap"
    verbose_name = _("Matriks Gender Analysis Pathway (GAP)")
    landscape = True
    template_name = "evaluations/pdf/gap.html"

    def cells(self) -> list[GapCell]:
        dossier = self.dossier
        rows = list(dossier.data_rows.all())
        cells = []
        for step in GAP_STEPS:
            texts: list[tuple[str, str]] = []
            for name in step.fields:
                value = getattr(dossier, name)
                if not value:
                    continue
                label = ""
                if name in APKM_FIELDS or step.number == 9:
                    label = str(dossier._meta.get_field(name).verbose_name).capitalize()
                    if step.number == 9:
                        label = label.split(" (")[0]
                texts.append((label, value))
            cell = GapCell(step=step, texts=texts)
            # Each L/P row is printed once, in the column its kind belongs to:
            # realised figures (last year's results) open the insight (step 2),
            # baselines are step 8, targets go with the gender indicators (step 9).
            if step.number == 7:
                cell.actions.extend(dossier.action_rows.all())
            elif step.number in ROW_KIND_STEP.values():
                kind = next(k for k, n in ROW_KIND_STEP.items() if n == step.number)
                cell.data.extend(r for r in rows if r.kind == kind)
            cells.append(cell)
        return cells

    @staticmethod
    def header_top() -> list[dict[str, Any]]:
        """The first header row: steps outside any group span both header rows;
        a group header spans its steps' columns."""
        result: list[dict[str, Any]] = []
        for step in GAP_STEPS:
            if not step.group:
                result.append({"label": step.label, "step": step, "colspan": 1})
            elif result and result[-1].get("group") == step.group:
                result[-1]["colspan"] += 1
            else:
                result.append({"label": step.group, "group": step.group, "colspan": 1})
        return result

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        context.update(
            cells=self.cells(),
            header_top=self.header_top(),
            header_bottom=[s for s in GAP_STEPS if s.group],
            steps=GAP_STEPS,
        )
        return context


@dataclass(frozen=True)
class Signer:
    place: str
    date: str
    title: str
    name: str
    rank: str
    nip: str


class GbsDocument(DossierDocument):
    """Gender Budget Statement (Pernyataan Anggaran Gender): the official rows in
    order, the action plan with Masukan (Rp) / Keluaran / Hasil, and the signature
    block of the Kepala PD from the unit registry."""

    identifier = "gbs"
    kind = "gbs"
    verbose_name = _("Gender Budget Statement (Pernyataan Anggaran Gender)")
    template_name = "evaluations/pdf/gbs.html"

    def signer(self) -> Signer:
        dossier, unit = self.dossier, self.dossier.unit
        return Signer(
            place=dossier.gbs_sign_place,
            # No date yet: dots to write it by hand when signing the printout.
            date=tanggal(dossier.gbs_sign_date) if dossier.gbs_sign_date else "." * 24,
            title=unit.head_title or gettext("Kepala %(unit)s") % {"unit": unit.name},
            name=unit.head_name,
            rank=unit.head_rank,
            nip=unit.head_nip,
        )

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        values = self.dossier.gbs_values()
        # The action plan and the signer have their own layout below the rows.
        rows = [
            (row, values[row.key])
            for row in GBS_ROWS
            if row.key not in ("gbs_actions", "gbs_signature")
        ]
        actions = list(self.dossier.action_rows.all())
        context.update(
            rows=rows,
            actions=actions,
            actions_total=sum((a.input_amount for a in actions), Decimal(0)),
            amount_warning=self.dossier.amount_warning(),
            signer=self.signer(),
        )
        return context


class KakDocument(DossierDocument):
    """KAK/TOR (Kerangka Acuan Kerja): background (legal basis, general picture
    from GAP steps 2–5), beneficiaries with their L/P target, purpose, method,
    location, schedule, cost and the person in charge."""

    identifier = "kak"
    kind = "kak"
    verbose_name = _("Kerangka Acuan Kerja (KAK/TOR)")
    template_name = "evaluations/pdf/kak.html"

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        dossier = self.dossier
        male, female = dossier.kak_beneficiaries_male, dossier.kak_beneficiaries_female
        total = (male or 0) + (female or 0) if male is not None or female else None
        context.update(
            situation=dossier.gap_situation_text(),
            beneficiaries_male=thousands(male) if male is not None else "",
            beneficiaries_female=thousands(female) if female is not None else "",
            beneficiaries_total=thousands(total) if total is not None else "",
            cost=rupiah(dossier.gbs_amount if dossier.gbs_amount is not None else None)
            or rupiah(dossier.budget_line.pagu),
            signer_place=dossier.gbs_sign_place,
            signer_date=tanggal(dossier.gbs_sign_date) if dossier.gbs_sign_date else "",
        )
        return context


DOCUMENTS: dict[str, type[DossierDocument]] = {
    cls.kind: cls for cls in (GapMatrixDocument, GbsDocument, KakDocument)
}


def documents_for(dossier: Dossier) -> list[type[DossierDocument]]:
    """The documents a dossier can be printed as (KAK/TOR only when included)."""
    return [
        cls for cls in DOCUMENTS.values() if cls.kind != "kak" or dossier.kak_included
    ]


# --- reports in the registry ---------------------------------------------------------


def _year_or_current(year: int | None) -> int:
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
    evaluation cycle, newest first (none chosen: `_year_or_current`). One query."""
    years = EvaluationCycle.objects.order_by("-year").values_list("year", flat=True)
    return [(str(year), str(year)) for year in years]


register_param_choices("year", year_choices)


def _fraction(percent_value: float | None) -> float | None:
    """dashboard.percent() gives 0–100; spreadsheets store a fraction."""
    return None if percent_value is None else percent_value / 100


def _percent_text(value: float | None) -> str:
    return charts.format_percent(value)


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


def _reviewer_score(field_name: str) -> Subquery:
    return Subquery(
        RubricScore.objects.filter(
            dossier=OuterRef("pk"), kind=ScoreKind.REVIEWER
        ).values(field_name)[:1]
    )


def _self_score() -> Subquery:
    return Subquery(
        RubricScore.objects.filter(dossier=OuterRef("pk"), kind=ScoreKind.SELF).values(
            "total"
        )[:1]
    )


# -- all dossiers, one row each --------------------------------------------------------


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


@register
class DossierListExporter(ProgressMixin, UnitScopedMixin, ListExporter):
    """Every dossier the user may see, one row each with every field, for analysis
    (DESIGN §6). Rows are streamed from the database (`.iterator()`), with the
    action-plan totals, scores and open comments as subqueries, so memory stays flat
    and the query count does not grow with the rows.

    `year`: one fiscal year (all years when empty). `unit`: one unit, in scope."""

    identifier = "semua-dossier"
    verbose_name = _("Semua dossier PPRG (satu baris per dossier)")
    description = _(
        "Seluruh isian GAP, GBS dan KAK/TOR, status, pagu dan nilai setiap dossier "
        "yang dapat Anda lihat, untuk diolah lebih lanjut."
    )
    permission = "dossiers:view"
    formats: ClassVar[tuple[str, ...]] = ("xlsx", "csv")
    sheet_title = _("Dossier")

    FIELDS: ClassVar[tuple[tuple[str, Column], ...]] = (
        ("pk", Column(_("ID"), Kind.NUMBER, width=8)),
        ("budget_line__year", Column(_("Tahun anggaran"), width=10)),
        ("unit__name", Column(_("Perangkat daerah"), width=32)),
        ("unit__short_name", Column(_("Nama singkat PD"), width=14)),
        ("budget_line__program_code", Column(_("Kode program"), width=12)),
        ("budget_line__program_name", Column(_("Program"), width=36)),
        ("budget_line__kegiatan_code", Column(_("Kode kegiatan"), width=14)),
        ("budget_line__kegiatan_name", Column(_("Kegiatan"), width=36)),
        ("budget_line__sub_kegiatan_code", Column(_("Kode sub kegiatan"), width=18)),
        ("budget_line__sub_kegiatan_name", Column(_("Sub kegiatan"), width=40)),
        ("budget_line__pagu", Column(_("Pagu"), Kind.MONEY, width=18)),
        ("budget_line__realisasi", Column(_("Realisasi"), Kind.MONEY, width=18)),
        ("budget_line__is_arg", Column(_("ARG"), width=8)),
        ("budget_line__arg_category", Column(_("Kategori ARG"), width=24)),
        ("status", Column(_("Status"), width=16)),
        ("submitted_at", Column(_("Diajukan"), Kind.DATE, width=12)),
        ("approved_at", Column(_("Disetujui"), Kind.DATE, width=12)),
        ("gap_policy", Column(_("GAP 1 Tujuan kebijakan/program/kegiatan"), width=40)),
        ("gap_insight", Column(_("GAP 2 Data pembuka wawasan"), width=40)),
        ("gap_access", Column(_("GAP 3 Akses"), width=30)),
        ("gap_participation", Column(_("GAP 3 Partisipasi"), width=30)),
        ("gap_control", Column(_("GAP 3 Kontrol"), width=30)),
        ("gap_benefit", Column(_("GAP 3 Manfaat"), width=30)),
        ("gap_internal", Column(_("GAP 4 Sebab kesenjangan internal"), width=30)),
        ("gap_external", Column(_("GAP 5 Sebab kesenjangan eksternal"), width=30)),
        ("gap_reformulated", Column(_("GAP 6 Reformulasi tujuan"), width=36)),
        ("gap_action_note", Column(_("GAP 7 Catatan rencana aksi"), width=30)),
        ("gap_baseline", Column(_("GAP 8 Data dasar"), width=30)),
        ("gap_output_indicator", Column(_("GAP 9 Indikator keluaran"), width=30)),
        ("gap_outcome_indicator", Column(_("GAP 9 Indikator hasil"), width=30)),
        ("action_count", Column(_("Jumlah rencana aksi"), Kind.NUMBER, width=10)),
        ("action_total", Column(_("Total masukan rencana aksi"), Kind.MONEY, width=18)),
        ("gbs_org_unit", Column(_("GBS Unit organisasi"), width=24)),
        ("gbs_objective", Column(_("GBS Tujuan sub kegiatan"), width=30)),
        ("gbs_situation", Column(_("GBS Analisis situasi"), width=30)),
        ("gbs_benchmark", Column(_("GBS Tolok ukur"), width=30)),
        ("gbs_indicators", Column(_("GBS Indikator dan target kinerja"), width=30)),
        ("gbs_amount", Column(_("GBS Jumlah anggaran"), Kind.MONEY, width=18)),
        ("gbs_impact", Column(_("GBS Dampak/hasil"), width=30)),
        ("gbs_sign_place", Column(_("GBS Tempat tanda tangan"), width=16)),
        ("gbs_sign_date", Column(_("GBS Tanggal tanda tangan"), Kind.DATE, width=12)),
        ("kak_included", Column(_("KAK/TOR disertakan"), width=10)),
        ("kak_legal_basis", Column(_("KAK Dasar hukum"), width=30)),
        ("kak_beneficiaries", Column(_("KAK Penerima manfaat"), width=30)),
        ("kak_beneficiaries_male", Column(_("KAK Target L"), Kind.NUMBER, width=10)),
        ("kak_beneficiaries_female", Column(_("KAK Target P"), Kind.NUMBER, width=10)),
        ("kak_purpose", Column(_("KAK Maksud dan tujuan"), width=30)),
        ("kak_method", Column(_("KAK Cara pelaksanaan"), width=30)),
        ("kak_location", Column(_("KAK Lokasi"), width=20)),
        ("kak_schedule", Column(_("KAK Jadwal"), width=20)),
        ("kak_pic_name", Column(_("KAK Penanggung jawab"), width=24)),
        ("kak_pic_nip", Column(_("KAK NIP penanggung jawab"), width=20)),
        ("reviewer_total", Column(_("Nilai reviewer"), Kind.NUMBER, width=10)),
        ("reviewer_class", Column(_("Klasifikasi reviewer"), width=22)),
        ("self_total", Column(_("Nilai mandiri"), Kind.NUMBER, width=10)),
        ("open_comments", Column(_("Catatan reviu terbuka"), Kind.NUMBER, width=10)),
    )
    columns: ClassVar[Sequence[Column]] = tuple(column for _n, column in FIELDS)

    def prepare(self) -> None:
        self.unit  # noqa: B018 - resolve the unit (or refuse it) before writing

    def dossiers(self) -> QuerySet[Dossier]:
        dossiers = Dossier.objects.visible_to(self.user)
        if self.params.year:
            dossiers = dossiers.filter(cycle__year=self.params.year)
        if self.unit is not None:
            dossiers = dossiers.filter(unit=self.unit)
        return dossiers

    def rows(self) -> Iterator[Sequence[Any]]:
        actions = ActionPlanRow.objects.filter(dossier=OuterRef("pk")).order_by()
        open_comments = (
            ReviewComment.objects.filter(dossier=OuterRef("pk"), resolved=False)
            .order_by()
            .values("dossier")
            .annotate(n=Count("pk"))
            .values("n")
        )
        dossiers = self.dossiers()
        # 1 query: how many units, for the progress of a background run.
        total_units = dossiers.order_by().values("unit_id").distinct().count()
        self.report_progress(0, total_units)
        values = (
            dossiers.annotate(
                action_count=Subquery(
                    actions.values("dossier").annotate(n=Count("pk")).values("n")
                ),
                action_total=Subquery(
                    actions.values("dossier")
                    .annotate(s=Sum("input_amount"))
                    .values("s")
                ),
                reviewer_total=_reviewer_score("total"),
                reviewer_class=_reviewer_score("classification"),
                self_total=_self_score(),
                open_comments=Subquery(open_comments),
            )
            .order_by("unit__name", "unit_id", "-budget_line__year", "pk")
            .values_list(*(name for name, _c in self.FIELDS))
        )
        statuses = _labels(Status.choices)
        classes = _labels(Classification.choices)
        categories = _labels(ArgCategory.choices)
        index = {name: i for i, (name, _c) in enumerate(self.FIELDS)}
        status_i, class_i = index["status"], index["reviewer_class"]
        category_i = index["budget_line__arg_category"]
        unit_i = index["unit__name"]
        counts_i = (index["action_count"], index["open_comments"])
        done, previous = 0, None
        for row in values.iterator(chunk_size=2000):
            row = list(row)
            row[status_i] = statuses.get(row[status_i], row[status_i])
            row[class_i] = classes.get(row[class_i], row[class_i] or "")
            row[category_i] = categories.get(row[category_i], row[category_i])
            for i in counts_i:
                row[i] = row[i] or 0
            if row[unit_i] != previous:
                if previous is not None:
                    done += 1
                    self.report_progress(done, total_units)
                previous = row[unit_i]
            yield row
        self.report_progress(total_units, total_units)


# -- unit annual recap -----------------------------------------------------------------


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
        return _percent_text(self.arg_percent)

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
        return _year_or_current(self.params.year)

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
        classes = _labels(Classification.choices)
        dossiers: dict[int, list[Dossier]] = defaultdict(list)
        for dossier in (
            Dossier.objects.filter(unit_id__in=ids, cycle__year=self.year)
            .select_related("budget_line")
            .annotate(
                reviewer_total=_reviewer_score("total"),
                reviewer_class=_reviewer_score("classification"),
                self_total=_self_score(),
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
            statuses=_labels(Status.choices),
            classes=_labels(Classification.choices),
            categories=_labels(ArgCategory.choices),
            roles=_labels(TeamRole.choices),
            total_pagu_label=dashboard.total_pagu_label(),
        )
        return context

    # -- XLSX: a sheet per kind of row; the sections are built once

    def sheets(self) -> Iterator[Sheet]:
        sections = list(self.sections())
        statuses = _labels(Status.choices)
        classes = _labels(Classification.choices)
        categories = _labels(ArgCategory.choices)
        roles = _labels(TeamRole.choices)
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
                    _fraction(s.arg_percent),
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
        return _percent_text(self.arg_percent)


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
    selector (evaluations.dashboard), aggregated in the database.

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
            year=_year_or_current(self.params.year), sort="name"
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
            (gettext("Persentase ARG kota"), _percent_text(b.arg_percent)),
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
                (label, n, _percent_text(p))
                for label, n, p in self.classification_rows()
            ],
            classified_total=self.board.classified_total,
            trend=[
                {
                    **t,
                    "total_pagu_text": rupiah(t["total_pagu"]),
                    "arg_pagu_text": rupiah(t["arg_pagu"]),
                    "arg_percent_text": _percent_text(t["arg_percent"]),
                    "approved_percent_text": _percent_text(t["approved_percent"]),
                }
                for t in self.board.trend
            ],
            chart_list=self.charts(),
            city_arg_percent_text=_percent_text(self.board.arg_percent),
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
                    _fraction(r.arg_percent),
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
            ([label, n, _fraction(p)] for label, n, p in self.classification_rows()),
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
                    _fraction(t["approved_percent"]),
                    t["total_pagu"],
                    t["arg_pagu"],
                    _fraction(t["arg_percent"]),
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
