"""Import of budget lines (sub kegiatan with their pagu) from a spreadsheet laid out
like a SIPD/RKA export: one row per sub kegiatan, with program and kegiatan codes and
names beside it. Idempotent by (unit, year, sub kegiatan code): importing the same
file twice changes nothing.

Scope: reviewers and administrators import for every unit; a focal point only for the
units of their current appointments. A row naming any other unit reads "tidak
dikenal", exactly like a unit that does not exist, so the file cannot probe the
registry.

A row is read by `BudgetLineImportForm` (the budget-line page's form) and written by
`evaluations.services.budget.budget_line_create/update`, so their rules hold here
word for word (codes kept as typed with a warning when off-pattern, a closed
cycle's year is read-only, an approved dossier's budget line is locked). The import
acts under "imports:budget": reviewers load SIPD files for every unit although they
do not edit budget lines by hand.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from evaluations.forms.budget import BudgetLineImportForm
from evaluations.importers.common import (
    UNIT_AND_YEAR_ALIASES,
    YEAR_COLUMN,
    named_units_and_years,
    unit_column,
)
from evaluations.models import ArgCategory, BudgetLine
from evaluations.services import budget
from pug_portal.imports import (
    ImportColumn,
    Importer,
    PreviewRow,
    RowStatus,
    register,
)


@register
class BudgetLineImporter(Importer):
    identifier = "budget-lines"
    verbose_name = gettext_lazy("Anggaran sub kegiatan (SIPD/RKA)")
    description = gettext_lazy(
        "Program, kegiatan dan sub kegiatan dengan pagu, realisasi dan penandaan ARG, "
        "satu baris per sub kegiatan, seperti ekspor SIPD/RKA. Dicocokkan dengan "
        "perangkat daerah, tahun dan kode sub kegiatan."
    )
    permission = "imports:budget"
    key_columns = ("nama_singkat_pd", "tahun", "kode_sub_kegiatan")
    duplicate_column = "kode_sub_kegiatan"
    form_class = BudgetLineImportForm
    row_column = "kode_sub_kegiatan"  # an approved dossier locks the whole line
    columns = [
        YEAR_COLUMN,
        unit_column("DPMPPPAKB"),
        ImportColumn(
            "kode_program",
            gettext_lazy("Kode program (Permendagri 90/2019)."),
            True,
            "2.08.02",
            text=True,
        ),
        ImportColumn(
            "nama_program",
            gettext_lazy("Nama program."),
            True,
            "Program Pengarusutamaan Gender dan Pemberdayaan Perempuan",
        ),
        ImportColumn(
            "kode_kegiatan",
            gettext_lazy("Kode kegiatan."),
            True,
            "2.08.02.2.01",
            text=True,
        ),
        ImportColumn(
            "nama_kegiatan",
            gettext_lazy("Nama kegiatan."),
            True,
            "Pelembagaan PUG pada Lembaga Pemerintah Kewenangan Kabupaten/Kota",
        ),
        ImportColumn(
            "kode_sub_kegiatan",
            gettext_lazy("Kode sub kegiatan."),
            True,
            "2.08.02.2.01.01",
            text=True,
        ),
        ImportColumn(
            "nama_sub_kegiatan",
            gettext_lazy("Nama sub kegiatan."),
            True,
            "Koordinasi dan Sinkronisasi Perumusan Kebijakan Pelaksanaan PUG",
        ),
        ImportColumn(
            "pagu",
            gettext_lazy("Pagu dalam Rupiah, angka tanpa Rp."),
            True,
            "125000000",
        ),
        ImportColumn(
            "realisasi",
            gettext_lazy("Realisasi dalam Rupiah (kosongkan bila belum ada)."),
            example="98500000",
        ),
        ImportColumn(
            "arg",
            gettext_lazy("Anggaran responsif gender: ya atau tidak."),
            example="ya",
            choices=("ya", "tidak"),
        ),
        ImportColumn(
            "kategori_arg",
            gettext_lazy("Kategori ARG, hanya bila ARG."),
            example="PELEMBAGAAN",
            choices=tuple(ArgCategory.values),
        ),
    ]
    aliases = {
        **UNIT_AND_YEAR_ALIASES,
        "program": "nama_program",
        "kegiatan": "nama_kegiatan",
        "sub_kegiatan": "nama_sub_kegiatan",
        "pagu_anggaran": "pagu",
        "nilai_pagu": "pagu",
        "anggaran": "pagu",
        "realisasi_anggaran": "realisasi",
        "anggaran_responsif_gender": "arg",
        "kategori": "kategori_arg",
    }
    field_columns = {
        "unit": "nama_singkat_pd",
        "year": "tahun",
        "program_code": "kode_program",
        "program_name": "nama_program",
        "kegiatan_code": "kode_kegiatan",
        "kegiatan_name": "nama_kegiatan",
        "sub_kegiatan_code": "kode_sub_kegiatan",
        "sub_kegiatan_name": "nama_sub_kegiatan",
        "pagu": "pagu",
        "realisasi": "realisasi",
        "is_arg": "arg",
        "arg_category": "kategori_arg",
    }

    def prepare(self, rows):
        self.units, years = named_units_and_years(self.user, rows)
        lines = BudgetLine.objects.filter(
            unit__in=self.units.values(), year__in=years
        ).select_related("unit")
        self.existing = {
            (line.unit_id, line.year, line.sub_kegiatan_code): line for line in lines
        }

    def form_data(self, row: PreviewRow) -> dict[str, str]:
        data = super().form_data(row)
        if "is_arg" in data or "arg_category" in data:  # one answer, two columns
            data.setdefault("is_arg", "")
            data.setdefault("arg_category", "")
        return data

    def form_kwargs(self, row: PreviewRow) -> dict[str, Any]:
        return {"units": self.units}

    def find(self, row: PreviewRow) -> BudgetLine | None:
        data = row.data
        return self.existing.get(
            (data["unit"].pk, data["year"], data["sub_kegiatan_code"])
        )

    def warnings(self, row: PreviewRow) -> list[str]:
        return BudgetLine(**row.data).code_warnings()

    def apply_row(self, row: PreviewRow) -> None:
        data = {k: v for k, v in row.data.items() if k != "unit"}
        if row.status == RowStatus.NEW:
            budget.budget_line_create(
                by=self.user,
                unit=row.data["unit"],
                data=data,
                permission=self.permission,
            )
        else:
            budget.budget_line_update(
                line=row.target, by=self.user, data=data, permission=self.permission
            )
