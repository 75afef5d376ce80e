"""Single-dossier documents rendered in the request from the dossier page: the GAP
matrix, the GBS and the KAK/TOR (fetched through the dossier, in scope; not in the
/reports/ registry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.gap import APKM_FIELDS, GAP_STEPS, GBS_ROWS, GapStep
from evaluations.models import (
    ActionPlanRow,
    DataKind,
    DisaggregatedDataRow,
    Dossier,
)
from pug_portal.reports.exporting import (
    ExportParams,
)
from pug_portal.reports.pdf import PdfExporter

# --- single-dossier documents --------------------------------------------------------


def dossier_for_documents(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """What the three documents read, in three queries: the dossier with its unit,
    cycle and budget line, then its action rows and its data rows."""
    return queryset.select_related("unit", "cycle", "budget_line").prefetch_related(
        "action_rows", "data_rows"
    )


# The GAP column each kind of L/P row is printed in (once): insight data in step 2,
# baselines in step 8, targets and realised figures with the indicators (step 9).
ROW_KIND_STEP = {
    DataKind.PEMBUKA_WAWASAN: 2,
    DataKind.BASELINE: 8,
    DataKind.TARGET: 9,
    DataKind.REALISASI: 9,
}


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

    def letterhead_address(self) -> str:
        unit = self.dossier.unit
        return (unit.address if unit else "") or super().letterhead_address()

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
            if step.number == 1:
                # What is analysed, above its objective: the budget line's
                # program, kegiatan and sub kegiatan, each with its code.
                line = dossier.budget_line
                texts[:0] = [
                    (gettext("Program"), f"{line.program_code} {line.program_name}"),
                    (gettext("Kegiatan"), f"{line.kegiatan_code} {line.kegiatan_name}"),
                    (
                        gettext("Sub Kegiatan"),
                        f"{line.sub_kegiatan_code} {line.sub_kegiatan_name}",
                    ),
                ]
                if len(texts) > 3:
                    texts[3] = (gettext("Tujuan"), texts[3][1])
            cell = GapCell(step=step, texts=texts)
            if step.number == 7:
                cell.actions.extend(dossier.action_rows.all())
            else:
                kinds = {k for k, n in ROW_KIND_STEP.items() if n == step.number}
                cell.data.extend(r for r in rows if r.kind in kinds)
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
    block of the Kepala PD: stored at approval, from the unit registry before."""

    identifier = "gbs"
    kind = "gbs"
    verbose_name = _("Gender Budget Statement (Pernyataan Anggaran Gender)")
    template_name = "evaluations/pdf/gbs.html"

    def signer(self) -> Signer:
        """The head stored at approval, or today's head on a draft
        (Dossier.gbs_signer)."""
        dossier = self.dossier
        head = dossier.gbs_signer()
        return Signer(
            place=dossier.gbs_sign_place,
            # No date yet: dots to write it by hand when signing the printout.
            date=date_format(dossier.gbs_sign_date)
            if dossier.gbs_sign_date
            else "." * 24,
            title=head.title,
            name=head.name,
            rank=head.rank,
            nip=head.nip,
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
            beneficiaries_male=male,
            beneficiaries_female=female,
            beneficiaries_total=total,
            cost=dossier.budget_line.pagu
            if dossier.gbs_amount is None
            else dossier.gbs_amount,
            signer_place=dossier.gbs_sign_place,
            signer_date=date_format(dossier.gbs_sign_date)
            if dossier.gbs_sign_date
            else "",
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
