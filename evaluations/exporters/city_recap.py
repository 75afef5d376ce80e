"""The city recap for Bappeda (PDF + Excel): the city dashboard's figures
(evaluations.selectors.dashboard_city) with the compliance matrix, for print."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations import board_cache
from evaluations.charts import recap_charts
from evaluations.exporters.common import (
    ARG_FIGURE_COLUMNS,
    YearFilenameMixin,
    arg_figure_cells,
    fraction,
    year_or_current,
)
from evaluations.models import ArgCategory, Classification
from evaluations.selectors.arg import ArgFigures
from evaluations.selectors.dashboard import percent
from evaluations.selectors.dashboard_city import (
    BoardRow,
    CityDashboard,
    city_dashboard,
    documents_by_unit,
)
from focal_points.models import Unit, today
from pug_portal import charts
from pug_portal.formats import rupiah
from pug_portal.reports.exporting import (
    Column,
    Kind,
    ListExporter,
    Sheet,
    Typed,
    register,
)
from pug_portal.reports.pdf import PdfExporter, print_value
from pug_portal.reports.runs import ProgressMixin


@dataclass(frozen=True)
class ComplianceRow:
    """One Perangkat Daerah in the compliance matrix: valid SK focal point, how many
    of its dokumen PPRG of the year have an approved GAP, GBS and KAK/TOR, and
    whether it implements PPRG (BoardRow.implements_pprg)."""

    unit: Unit
    has_focal_point: bool
    dossiers: int
    gap: int
    gbs: int
    kak: int
    implements_pprg: bool


ARG_COLUMNS = (
    *ARG_FIGURE_COLUMNS,
    *(Column(label, Kind.MONEY, width=18) for _v, label in ArgCategory.choices),
)


def arg_cells(arg: ArgFigures) -> list[Any]:
    """A row's cells under ARG_COLUMNS: the figures, then the pagu per category."""
    return [*arg_figure_cells(arg), *(pagu for _v, _l, pagu in arg.categories)]


def arg_headline(arg: ArgFigures) -> list[tuple[str, Typed]]:
    """The city's ARG figures in the recap's summary."""
    return [
        (
            gettext("Total belanja (PD yang mencatatnya)"),
            Typed(arg.total_belanja, Kind.MONEY),
        ),
        (gettext("Pagu ARG (GBS disetujui)"), Typed(arg.arg_pagu, Kind.MONEY)),
        *(
            (
                gettext("Pagu ARG: %(category)s") % {"category": label},
                Typed(pagu, Kind.MONEY),
            )
            for _v, label, pagu in arg.categories
        ),
        (gettext("Persentase ARG kota"), Typed(fraction(arg.percent), Kind.PERCENT)),
        (gettext("Realisasi ARG"), Typed(arg.realisasi, Kind.MONEY)),
        (
            gettext("Ditandai ARG, GBS belum disetujui"),
            Typed(arg.flagged, Kind.NUMBER),
        ),
    ]


@register
class CityRecapExporter(YearFilenameMixin, ProgressMixin, PdfExporter, ListExporter):
    """City recap for Bappeda and the leadership (DESIGN §6): the compliance matrix
    unit × {valid SK focal point, GAP, GBS, KAK/TOR}, total and ARG pagu with the
    Persentase ARG per unit and for the city, the distribution of classifications,
    the year-over-year comparison and their charts (evaluations.charts, inline SVG
    with a data table). The figures are the city dashboard's
    (evaluations.selectors.dashboard_city), aggregated in the database.

    The self-assessment column is left out until self-assessments exist. `unit` is
    not a parameter of a city report and is ignored."""

    identifier = "rekap-kota"
    verbose_name = _("Rekap kota untuk badan perencanaan")
    description = _(
        "Matriks kepatuhan per perangkat daerah (SK focal point, GAP, GBS, KAK), "
        "persentase ARG, sebaran kualitas dokumen, perbandingan antartahun dan grafik."
    )
    permission = "reports:city"
    takes_unit = False
    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx")
    template_name = "evaluations/pdf/city_recap.html"
    landscape = True

    def prepare(self) -> None:
        self.board  # noqa: B018

    @cached_property
    def board(self) -> CityDashboard:
        """The city dashboard's figures for the year: twelve aggregate queries, kept
        in the cache with the data version (evaluations.board_cache), so that the
        next recap of the same data reads them back in one query; a write since
        changes the version, and the recap computes them again."""
        year, on = year_or_current(self.params.year), today()
        return board_cache.cached_board(
            board_cache.figures_key("city-recap-board", year=year, on=on),
            lambda: city_dashboard(year=year, sort="name", on=on),
        )

    @property
    def year(self) -> int:
        return self.board.year

    def compliance(self) -> Iterator[ComplianceRow]:
        """The matrix, unit by unit: the board's rows with their documents (one
        more GROUP BY query)."""
        board = self.board
        documents = documents_by_unit(cycle_id=board.cycle.pk if board.cycle else None)
        rows = [r for r in board.rows if r.unit.in_year or r.total]
        self.report_progress(0, len(rows))
        for done, row in enumerate(rows, 1):
            counts = documents.get(row.unit.pk, {})
            yield ComplianceRow(
                unit=row.unit,
                has_focal_point=row.unit.has_year_focal_point,
                dossiers=counts.get("n", 0),
                gap=counts.get("gap", 0),
                gbs=counts.get("gbs", 0),
                kak=counts.get("kak", 0),
                implements_pprg=row.implements_pprg,
            )
            self.report_progress(done, len(rows))

    def headline(self) -> list[tuple[str, Typed]]:
        """The summary figures, each with its kind: numbers in the workbook, text as
        the PDF prints them."""
        b = self.board
        people = b.people
        return [
            (gettext("Perangkat Daerah"), Typed(b.units_total, Kind.NUMBER)),
            (
                gettext("Perangkat Daerah dengan SK focal point tahun berjalan"),
                Typed(b.units_with_focal_point, Kind.NUMBER),
            ),
            (
                gettext("PD melaksanakan PPRG"),
                Typed(b.units_implementing_pprg, Kind.NUMBER),
            ),
            (
                gettext("Persentase PD melaksanakan PPRG"),
                Typed(fraction(b.pprg_percent), Kind.PERCENT),
            ),
            (gettext("Dokumen PPRG"), Typed(b.dossiers_total, Kind.NUMBER)),
            (gettext("Dokumen PPRG disetujui"), Typed(b.approved, Kind.NUMBER)),
            *arg_headline(b.arg),
            (
                gettext("Rata-rata nilai verifikator (dokumen PPRG disetujui)"),
                Typed(b.average_score, Kind.DECIMAL),
            ),
            (
                gettext("Focal point menjabat"),
                Typed(people.get("total", 0), Kind.NUMBER),
            ),
            (
                gettext("Focal point menjabat, laki-laki"),
                Typed(people.get("male", 0), Kind.NUMBER),
            ),
            (
                gettext("Focal point menjabat, perempuan"),
                Typed(people.get("female", 0), Kind.NUMBER),
            ),
            (
                gettext("Focal point menjabat yang terlatih"),
                Typed(people.get("trained_total", 0), Kind.NUMBER),
            ),
        ]

    def classification_rows(self) -> list[tuple[str, int, float | None]]:
        b = self.board
        return [
            (
                str(label),
                b.classification.get(value, 0),
                percent(b.classification.get(value, 0), b.classified_total),
            )
            for value, label in Classification.choices
        ]

    # -- PDF

    def get_title(self) -> str:
        return gettext("Rekap PPRG Kota Tahun %(year)s") % {"year": self.year}

    @cached_property
    def planning_agency(self) -> Unit | None:
        """The unit the recap is printed and signed for (Bappeda, by the registry)."""
        return Unit.objects.filter(is_planning_agency=True, is_active=True).first()

    def letterhead_unit(self) -> str:
        return self.planning_agency.name if self.planning_agency else ""

    def letterhead_address(self) -> str:
        unit = self.planning_agency
        return (unit.address if unit else "") or super().letterhead_address()

    def signer(self) -> dict[str, str]:
        """The signature block: the planning agency's head as the registry names
        them (a blank line to sign on when it does not)."""
        unit = self.planning_agency
        return {
            "place": settings.PUG_SIGN_PLACE,
            "date": date_format(timezone.localdate()),
            "title": unit.head_title_or_default() if unit else "",
            "name": unit.head_name if unit else "",
            "rank": unit.head_rank if unit else "",
            "nip": unit.head_nip if unit else "",
        }

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        compliance = list(self.compliance())
        context.update(
            board=self.board,
            headline=[
                (label, print_value(figure) or "–") for label, figure in self.headline()
            ],
            compliance=compliance,
            # the matrix's own totals: its Perangkat Daerah rows, not every unit
            compliance_totals={
                key: sum(getattr(r, key) for r in compliance)
                for key in ("dossiers", "gap", "gbs", "kak")
            },
            classification=[
                (label, n, charts.format_percent(p))
                for label, n, p in self.classification_rows()
            ],
            classified_total=self.board.classified_total,
            trend=[
                {
                    **t,
                    "total_belanja_text": rupiah(t["total_belanja"]) or "–",
                    "arg_pagu_text": rupiah(t["arg_pagu"]),
                    "arg_percent_text": charts.format_percent(t["arg_percent"]),
                    "approved_percent_text": charts.format_percent(
                        t["approved_percent"]
                    ),
                }
                for t in self.board.trend
            ],
            chart_list=recap_charts(self.board),
            signer=self.signer(),
            arg_rows=self.arg_rows(),
            city_arg=self.board.arg,
        )
        return context

    # -- XLSX

    def sheets(self) -> Iterator[Sheet]:
        yield self.compliance_sheet()
        yield self.arg_sheet()
        yield self.classification_sheet()
        yield self.trend_sheet()
        yield self.summary_sheet()

    def compliance_sheet(self) -> Sheet:
        return Sheet(
            _("Kepatuhan"),
            (
                Column(_("Perangkat daerah"), width=36),
                Column(_("Jenis"), width=18),
                Column(_("SK focal point tahun berjalan"), width=12),
                Column(_("Dokumen PPRG"), Kind.NUMBER),
                Column(_("GAP disetujui"), Kind.NUMBER),
                Column(_("GBS disetujui"), Kind.NUMBER),
                Column(_("KAK/TOR disetujui"), Kind.NUMBER),
                Column(_("Melaksanakan PPRG"), width=12),
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
                    r.implements_pprg,
                ]
                for r in self.compliance()
            ),
        )

    def arg_rows(self) -> list[BoardRow]:
        """The units with budget lines or a total belanja this year, by name."""
        return [
            r
            for r in self.board.rows
            if r.total or r.arg.total_pagu or r.arg.total_belanja is not None
        ]

    def arg_sheet(self) -> Sheet:
        """Persentase ARG per unit, with its parts, and the city's last."""
        city = self.board.arg
        rows = [(r.unit.name, r.arg) for r in self.arg_rows()]
        return Sheet(
            _("ARG"),
            (
                Column(_("Perangkat daerah"), width=36),
                *ARG_COLUMNS,
            ),
            ([name, *arg_cells(arg)] for name, arg in [*rows, (gettext("Kota"), city)]),
        )

    def classification_sheet(self) -> Sheet:
        return Sheet(
            _("Kualitas dokumen"),
            (
                Column(_("Kualitas dokumen (verifikator, disetujui)"), width=30),
                Column(_("Dokumen PPRG"), Kind.NUMBER),
                Column(_("Persentase"), Kind.PERCENT),
            ),
            ([label, n, fraction(p)] for label, n, p in self.classification_rows()),
            autofilter=False,
        )

    def trend_sheet(self) -> Sheet:
        b = self.board
        return Sheet(
            _("Tren"),
            (
                Column(_("Tahun anggaran"), Kind.INTEGER, width=10),
                Column(_("Dokumen PPRG"), Kind.NUMBER),
                Column(_("Disetujui"), Kind.NUMBER),
                Column(_("Persentase disetujui"), Kind.PERCENT, width=12),
                Column(_("Total belanja"), Kind.MONEY, width=18),
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
                    t["total_belanja"],
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

    def summary_sheet(self) -> Sheet:
        return Sheet(
            _("Ringkasan"),
            (Column(_("Uraian"), width=48), Column(_("Nilai"), width=24)),
            ([label, value] for label, value in self.headline()),
            freeze=False,
            autofilter=False,
        )
