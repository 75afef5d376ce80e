"""Import of each unit's total belanja (total spending from the APBD/DPA) per fiscal
year and budget phase: one row per unit, year and phase. Idempotent: a row equal to
the saved figure is unchanged, a different one replaces it.

A row is read by `TotalBelanjaImportForm` (the unit page's form) and written by
`evaluations.services.arg.total_belanja_set`, so a zero or negative total, an
unknown unit or a closed cycle's year is refused on the row exactly as on the
page. Reviewers and administrators import for every unit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from evaluations.forms.arg import TotalBelanjaImportForm
from evaluations.importers.common import (
    UNIT_AND_YEAR_ALIASES,
    YEAR_COLUMN,
    named_units_and_years,
    unit_column,
)
from evaluations.models import BudgetPhase, TotalBelanja
from evaluations.services import arg as arg_service
from pug_portal.imports import (
    ImportColumn,
    Importer,
    PreviewRow,
    register,
)


@register
class TotalBelanjaImporter(Importer):
    identifier = "total-belanja"
    verbose_name = gettext_lazy("Total belanja perangkat daerah (APBD/DPA)")
    description = gettext_lazy(
        "Total belanja setiap perangkat daerah per tahun anggaran dan tahapan "
        "(murni/perubahan), penyebut Persentase ARG. Dicocokkan dengan perangkat "
        "daerah, tahun dan tahapan."
    )
    permission = "imports:total_belanja"
    key_columns = ("nama_singkat_pd", "tahun", "tahapan")
    duplicate_column = "tahapan"
    form_class = TotalBelanjaImportForm
    row_column = "total_belanja"
    columns = [
        unit_column("Dinkes"),
        YEAR_COLUMN,
        ImportColumn(
            "tahapan",
            gettext_lazy("Tahapan anggaran: MURNI atau PERUBAHAN."),
            True,
            "MURNI",
            choices=tuple(BudgetPhase.values),
        ),
        ImportColumn(
            "total_belanja",
            gettext_lazy("Total belanja dalam Rupiah, angka tanpa Rp, lebih dari nol."),
            True,
            "412500000000",
        ),
    ]
    aliases = {
        **UNIT_AND_YEAR_ALIASES,
        "tahap": "tahapan",
        "fase": "tahapan",
        "total": "total_belanja",
        "belanja": "total_belanja",
    }
    field_columns = {
        "unit": "nama_singkat_pd",
        "year": "tahun",
        "phase": "tahapan",
        "total": "total_belanja",
    }

    def prepare(self, rows):
        self.units, years = named_units_and_years(self.user, rows)
        self.existing = {
            (row.unit_id, row.year, row.phase): row
            for row in TotalBelanja.objects.filter(
                unit__in=self.units.values(), year__in=years
            )
        }

    def form_kwargs(self, row: PreviewRow) -> dict[str, Any]:
        return {"units": self.units}

    def find(self, row: PreviewRow) -> TotalBelanja | None:
        data = row.data
        return self.existing.get((data["unit"].pk, data["year"], data["phase"]))

    def changes(self, row: PreviewRow) -> dict[str, list[Any]]:
        saved = row.target.total
        return (
            {} if saved == row.data["total"] else {"total": [saved, row.data["total"]]}
        )

    def apply_row(self, row: PreviewRow) -> None:
        arg_service.total_belanja_set(
            by=self.user, permission=self.permission, **row.data
        )
