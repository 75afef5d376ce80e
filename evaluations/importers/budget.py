"""Import of budget lines (sub kegiatan with their pagu) from a spreadsheet laid out
like a SIPD/RKA export: one row per sub kegiatan, with program and kegiatan codes and
names beside it. Idempotent by (unit, year, sub kegiatan code): importing the same
file twice changes nothing.

Scope: reviewers and administrators import for every unit; a focal point only for the
units of their current appointments. A row naming any other unit reads "tidak
dikenal", exactly like a unit that does not exist, so the file cannot probe the
registry.

The rules of `evaluations.services.budget.budget_line_create/update` hold here too (codes
kept as typed with a warning when off-pattern, a closed cycle's year is read-only, an
approved dossier's budget line is locked); the importer writes the rows itself
because reviewers, who may import for every unit, do not edit budget lines by hand.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import (
    ArgCategory,
    BudgetLine,
    CycleState,
    Dossier,
    EvaluationCycle,
)
from evaluations.workflow import Status
from focal_points.importers import units_for
from pug_portal.activity import changed_fields, log_activity
from pug_portal.imports import (
    CellError,
    ImportColumn,
    Importer,
    PreviewRow,
    RowStatus,
    parse_amount,
    parse_choice,
    parse_flag,
    parse_int,
    register,
)

MIN_YEAR, MAX_YEAR = 2000, 2100


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
    columns = [
        ImportColumn(
            "tahun", gettext_lazy("Tahun anggaran."), True, "2026", text=False
        ),
        ImportColumn(
            "nama_singkat_pd",
            gettext_lazy("Nama singkat perangkat daerah."),
            True,
            "DPMPPPAKB",
        ),
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
        "tahun_anggaran": "tahun",
        "perangkat_daerah": "nama_singkat_pd",
        "skpd": "nama_singkat_pd",
        "opd": "nama_singkat_pd",
        "unit": "nama_singkat_pd",
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
        wanted = {r.get("nama_singkat_pd", "").strip().lower() for _l, r in rows}
        self.units = {
            unit.short_name.lower(): unit
            for unit in units_for(self.user)
            if unit.short_name.lower() in wanted
        }
        years = set()
        for _line, row in rows:
            with contextlib.suppress(CellError):
                years.add(parse_int(row.get("tahun", "")))
        lines = BudgetLine.objects.filter(
            unit__in=self.units.values(), year__in=years
        ).select_related("unit")
        self.existing = {
            (line.unit_id, line.year, line.sub_kegiatan_code): line for line in lines
        }
        self.locked = set(
            Dossier.objects.filter(
                budget_line__in=lines, status=Status.APPROVED
            ).values_list("budget_line_id", flat=True)
        )
        self.closed_years = set(
            EvaluationCycle.objects.filter(state=CycleState.CLOSED).values_list(
                "year", flat=True
            )
        )

    def _fields(self, row: PreviewRow) -> dict[str, Any]:
        values = row.values
        fields: dict[str, Any] = {
            name: values[column].strip()
            for name, column in self.field_columns.items()
            if name.endswith(("_code", "_name"))
        }
        try:
            fields["year"] = parse_int(values["tahun"])
            if not MIN_YEAR <= fields["year"] <= MAX_YEAR:
                row.error(
                    "tahun",
                    _("tahun %(year)s di luar rentang %(min)s–%(max)s")
                    % {"year": fields["year"], "min": MIN_YEAR, "max": MAX_YEAR},
                )
        except CellError as error:
            row.error("tahun", str(error))
        try:
            fields["pagu"] = parse_amount(values["pagu"])
        except CellError as error:
            row.error("pagu", str(error))
        if "realisasi" in values:
            fields["realisasi"] = None
            if values["realisasi"].strip():
                try:
                    fields["realisasi"] = parse_amount(values["realisasi"])
                except CellError as error:
                    row.error("realisasi", str(error))
        category = ""
        if values.get("kategori_arg", "").strip():
            try:
                category = parse_choice(values["kategori_arg"], ArgCategory.choices)
            except CellError as error:
                row.error("kategori_arg", str(error))
        if "arg" in values:
            try:
                flag_text = values["arg"].strip()
                fields["is_arg"] = (
                    parse_flag(flag_text) if flag_text else bool(category)
                )
            except CellError as error:
                row.error("arg", str(error))
            fields["arg_category"] = category
        elif "kategori_arg" in values:
            fields["is_arg"] = bool(category)
            fields["arg_category"] = category
        return fields

    def parse_row(self, row: PreviewRow) -> None:
        short_name = row.values["nama_singkat_pd"].strip()
        unit = self.units.get(short_name.lower())
        if unit is None:
            # Same words whether the unit does not exist or is outside the user's scope.
            row.error(
                "nama_singkat_pd",
                _("perangkat daerah %(unit)s tidak dikenal") % {"unit": short_name},
            )
        fields = self._fields(row)
        if not row.ok:
            return
        line = self.existing.get((unit.pk, fields["year"], fields["sub_kegiatan_code"]))
        candidate = BudgetLine(unit=unit)
        for name, value in fields.items():
            setattr(candidate, name, value)
        if line is not None:
            candidate.pk = line.pk
            for name in ("realisasi", "is_arg", "arg_category"):
                if name not in fields:
                    setattr(candidate, name, getattr(line, name))
        try:
            candidate.clean_fields(exclude=["unit"])
            candidate.clean()
        except ValidationError as error:
            self.add_model_errors(row, error)
            return
        row.warnings = candidate.code_warnings()
        row.data = {"unit": unit, "fields": fields}
        if line is None:
            row.status = RowStatus.NEW
        else:
            row.target = line
            row.changes = {
                name: [getattr(line, name), value]
                for name, value in fields.items()
                if getattr(line, name) != value
            }
            row.status = RowStatus.UPDATE if row.changes else RowStatus.UNCHANGED
            if row.changes and line.pk in self.locked:
                row.error(
                    "kode_sub_kegiatan",
                    _(
                        "Dossier sub kegiatan ini sudah disetujui; minta reviewer "
                        "membukanya kembali sebelum mengubah anggarannya."
                    ),
                )
        if row.status != RowStatus.UNCHANGED and fields["year"] in self.closed_years:
            row.error(
                "tahun",
                _("Siklus monev %(year)s sudah ditutup; datanya tidak dapat diubah.")
                % {"year": fields["year"]},
            )

    def apply_row(self, row: PreviewRow) -> str:
        fields = row.data["fields"]
        if row.status == RowStatus.UNCHANGED:
            return RowStatus.UNCHANGED
        if row.status == RowStatus.NEW:
            line = BudgetLine(unit=row.data["unit"], **fields)
            line.full_clean()
            line.save()
            log_activity(
                actor=self.user,
                action="budget_line.import",
                target=line,
                data=fields,
            )
            return RowStatus.NEW
        line: BudgetLine = row.target
        changes = changed_fields(line, fields)
        line.full_clean()
        line.save(update_fields=[*changes, "updated_at"])
        log_activity(
            actor=self.user, action="budget_line.import", target=line, data=changes
        )
        return RowStatus.UPDATE
