"""Every dossier, one row each with every field (Excel, CSV)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any, ClassVar

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from evaluations.exporters.common import (
    labels,
    reviewer_score,
    self_score,
    year_or_current,
)
from evaluations.models import (
    ActionPlanRow,
    ApkmAspect,
    ArgCategory,
    Classification,
    DataKind,
    Disability,
    DisaggregatedDataRow,
    Dossier,
    ReviewComment,
)
from evaluations.workflow import Status
from focal_points.exporters.registry import UnitScopedMixin
from pug_portal.nip import format_nip
from pug_portal.reports.exporting import (
    Column,
    Kind,
    ListExporter,
    OutOfScope,
    Sheet,
    register,
)
from pug_portal.reports.runs import ProgressMixin


@register
class DossierListExporter(ProgressMixin, UnitScopedMixin, ListExporter):
    """Every dossier the user may see, one row each with every field, for analysis
    (DESIGN §6). Rows are streamed from the database (`.iterator()`), with the
    action-plan totals, scores and open comments as subqueries, so memory stays flat
    and the query count does not grow with the rows.

    `year`: one fiscal year (the current cycle's when empty, as "terkini" on the
    reports page says). `unit`: one unit, in scope."""

    identifier = "semua-dossier"
    verbose_name = _("Semua dokumen PPRG (satu baris per dokumen PPRG)")
    description = _(
        "Seluruh isian GAP, GBS dan KAK/TOR, status, pagu dan nilai setiap dokumen PPRG "
        "yang dapat Anda lihat, untuk diolah lebih lanjut."
    )
    permission = "dossiers:view"
    formats: ClassVar[tuple[str, ...]] = ("xlsx", "csv")
    sheet_title = _("Dokumen PPRG")

    FIELDS: ClassVar[tuple[tuple[str, Column], ...]] = (
        ("pk", Column(_("ID"), Kind.INTEGER, width=8)),
        ("budget_line__year", Column(_("Tahun anggaran"), Kind.INTEGER, width=10)),
        ("unit__name", Column(_("Perangkat daerah"), width=32)),
        ("unit__short_name", Column(_("Singkatan PD"), width=14)),
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
        ("reviewer_total", Column(_("Nilai verifikator"), Kind.NUMBER, width=10)),
        ("reviewer_class", Column(_("Kualitas dokumen (verifikator)"), width=22)),
        ("self_total", Column(_("Penilaian mandiri"), Kind.NUMBER, width=10)),
        ("open_comments", Column(_("Catatan reviu terbuka"), Kind.NUMBER, width=10)),
    )
    columns: ClassVar[Sequence[Column]] = tuple(column for _n, column in FIELDS)
    # Summed in the workbook's last row ("Jumlah"); the CSV, for analysis, has none.
    TOTALS: ClassVar[tuple[str, ...]] = (
        "budget_line__pagu",
        "budget_line__realisasi",
        "action_count",
        "action_total",
        "gbs_amount",
        "kak_beneficiaries_male",
        "kak_beneficiaries_female",
        "open_comments",
    )
    DATA_FIELDS: ClassVar[tuple[tuple[str, Column], ...]] = (
        ("dossier_id", Column(_("ID dokumen PPRG"), Kind.INTEGER, width=8)),
        ("dossier__cycle__year", Column(_("Tahun anggaran"), Kind.INTEGER, width=10)),
        ("dossier__unit__name", Column(_("Perangkat daerah"), width=32)),
        (
            "dossier__budget_line__sub_kegiatan_code",
            Column(_("Kode sub kegiatan"), width=18),
        ),
        (
            "dossier__budget_line__sub_kegiatan_name",
            Column(_("Sub kegiatan"), width=36),
        ),
        ("label", Column(_("Uraian"), width=36)),
        ("kind", Column(_("Jenis"), width=12)),
        ("aspect", Column(_("Aspek APKM"), width=12)),
        ("male", Column(_("Laki-laki"), Kind.DECIMAL, width=12)),
        ("female", Column(_("Perempuan"), Kind.DECIMAL, width=12)),
        ("total", Column(_("Jumlah"), Kind.DECIMAL, width=12)),
        ("age_group", Column(_("Kelompok umur"), width=14)),
        ("disability", Column(_("Disabilitas"), width=20)),
        ("unit_of_measure", Column(_("Satuan"), width=12)),
        ("source", Column(_("Sumber data"), width=30)),
    )

    def prepare(self) -> None:
        self.unit  # noqa: B018 - resolve the unit (or refuse it) before writing
        self.year  # noqa: B018

    @cached_property
    def year(self) -> int | None:
        """The asked year, else the current cycle's; None before any cycle exists
        (there is no dossier to list then)."""
        try:
            return year_or_current(self.params.year)
        except OutOfScope:
            return None

    def dossiers(self) -> QuerySet[Dossier]:
        dossiers = Dossier.objects.visible_to(self.user)
        if self.year is not None:
            dossiers = dossiers.filter(cycle__year=self.year)
        if self.unit is not None:
            dossiers = dossiers.filter(unit=self.unit)
        return dossiers

    def sheets(self) -> Iterator[Sheet]:
        """The workbook: the dossiers with a totals row, then their L/P data rows
        (data terpilah), one row each."""
        yield Sheet(self.sheet_title, self.get_columns(), self._rows_and_totals())
        yield Sheet(
            _("Data terpilah L-P"),
            [column for _n, column in self.DATA_FIELDS],
            self.data_rows(),
        )

    def _rows_and_totals(self) -> Iterator[Sequence[Any]]:
        index = {name: i for i, (name, _c) in enumerate(self.FIELDS)}
        summed = [index[name] for name in self.TOTALS]
        totals = dict.fromkeys(summed, 0)
        count = 0
        for row in self.rows():
            count += 1
            for i in summed:
                totals[i] += row[i] or 0
            yield row
        last: list[Any] = [None] * len(self.FIELDS)
        last[index["unit__name"]] = _("Jumlah (%(n)s dokumen PPRG)") % {"n": count}
        for i, total in totals.items():
            last[i] = total
        yield last

    def data_rows(self) -> Iterator[Sequence[Any]]:
        """The L/P rows of the listed dossiers, in the dossiers' order; one query,
        streamed."""
        kinds = labels(DataKind.choices)
        aspects = labels(ApkmAspect.choices)
        disabilities = labels(Disability.choices)
        names = [name for name, _c in self.DATA_FIELDS]
        rows = (
            DisaggregatedDataRow.objects.filter(dossier__in=self.dossiers())
            .order_by(
                "dossier__unit__name",
                "dossier__unit_id",
                "-dossier__budget_line__year",
                "dossier_id",
                "kind",
                "position",
                "pk",
            )
            .values_list(*names)
        )
        kind_i, aspect_i = names.index("kind"), names.index("aspect")
        disability_i, total_i = names.index("disability"), names.index("total")
        male_i, female_i = names.index("male"), names.index("female")
        for row in rows.iterator(chunk_size=2000):
            row = list(row)
            row[kind_i] = kinds.get(row[kind_i], row[kind_i])
            row[aspect_i] = aspects.get(row[aspect_i], row[aspect_i] or "")
            row[disability_i] = disabilities.get(
                row[disability_i], row[disability_i] or ""
            )
            if row[total_i] is None:  # optional: L + P
                row[total_i] = row[male_i] + row[female_i]
            yield row

    def unit_years(self, dossiers: QuerySet[Dossier]) -> list[tuple[int, int]]:
        """(unit id, cycle id) of the listed dossiers in the export's order: units
        by name, the latest year first. One query (a few hundred narrow rows).

        The rows are then streamed one unit's year at a time, each in id order
        from the index on (unit, cycle, id): ordering the whole list by unit name
        and year in one query made PostgreSQL sort every wide row (GAP/GBS text)
        to temporary files before sending the first (2.1 s, 112 MB at 100,000
        dossiers). A dossier's cycle is its budget line's year (dossier_create)."""
        pairs = (
            dossiers.values_list("unit_id", "cycle_id", "unit__name", "cycle__year")
            .order_by("unit__name", "unit_id", "-cycle__year")
            .distinct()
        )
        return [(unit_id, cycle_id) for unit_id, cycle_id, _n, _y in pairs]

    @staticmethod
    def unit_year(values: QuerySet, unit_id: int, cycle_id: int) -> QuerySet:
        """One unit's dossiers of one cycle, in id order (index (unit, cycle, id))."""
        return values.filter(unit_id=unit_id, cycle_id=cycle_id).order_by("pk")

    def row_values(self) -> QuerySet:
        """The listed dossiers as rows of FIELDS (unordered)."""
        actions = ActionPlanRow.objects.filter(dossier=OuterRef("pk")).order_by()
        open_comments = (
            ReviewComment.objects.filter(dossier=OuterRef("pk"), resolved=False)
            .order_by()
            .values("dossier")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.dossiers()
            .annotate(
                action_count=Subquery(
                    actions.values("dossier").annotate(n=Count("pk")).values("n")
                ),
                action_total=Subquery(
                    actions.values("dossier")
                    .annotate(s=Sum("input_amount"))
                    .values("s")
                ),
                reviewer_total=reviewer_score("total"),
                reviewer_class=reviewer_score("classification"),
                self_total=self_score(),
                open_comments=Subquery(open_comments),
            )
            .values_list(*(name for name, _c in self.FIELDS))
        )

    def rows(self) -> Iterator[Sequence[Any]]:
        values = self.row_values()
        chunks = self.unit_years(self.dossiers())
        total_units = len({unit_id for unit_id, _c in chunks})
        self.report_progress(0, total_units)
        statuses = labels(Status.choices)
        classes = labels(Classification.choices)
        categories = labels(ArgCategory.choices)
        index = {name: i for i, (name, _c) in enumerate(self.FIELDS)}
        status_i, class_i = index["status"], index["reviewer_class"]
        category_i = index["budget_line__arg_category"]
        nip_i = index["kak_pic_nip"]
        unit_i = index["unit__name"]
        counts_i = (index["action_count"], index["open_comments"])
        done, previous = 0, None
        rows = (
            row
            for unit_id, cycle_id in chunks
            for row in self.unit_year(values, unit_id, cycle_id).iterator(
                chunk_size=2000
            )
        )
        for row in rows:
            row = list(row)
            row[status_i] = statuses.get(row[status_i], row[status_i])
            row[class_i] = classes.get(row[class_i], row[class_i] or "")
            row[category_i] = categories.get(row[category_i], row[category_i])
            row[nip_i] = format_nip(row[nip_i])
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
