"""Units (Perangkat Daerah), idempotent by short name."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from focal_points.models import (
    Unit,
    UnitType,
)
from pug_portal.activity import log_activity
from pug_portal.imports import (
    CellError,
    ImportColumn,
    Importer,
    ImportResult,
    PreviewRow,
    RowStatus,
    parse_flag,
    register,
)
from pug_portal.models import User

# --- units -------------------------------------------------------------------------

UNIT_COLUMNS = ["short_name", "name", "unit_type"]


@register
class UnitImporter(Importer):
    """Units (Perangkat Daerah), created or updated by short name. A row may name a
    parent listed after it."""

    identifier = "units"
    verbose_name = gettext_lazy("Perangkat daerah")
    description = gettext_lazy(
        "Daftar perangkat daerah, dicocokkan dengan nama singkatnya: yang belum ada "
        "ditambahkan, yang berubah diperbarui."
    )
    permission = "imports:units"
    key_columns = ("short_name",)
    columns = [
        ImportColumn(
            "short_name",
            gettext_lazy("Nama singkat (unik)."),
            required=True,
            example="Dinkes",
        ),
        ImportColumn("name", gettext_lazy("Nama lengkap."), True, "Dinas Kesehatan"),
        ImportColumn(
            "unit_type",
            gettext_lazy("Jenis perangkat daerah."),
            True,
            "DINAS",
            choices=tuple(UnitType.values),
        ),
        ImportColumn(
            "parent_short_name",
            gettext_lazy("Nama singkat induk (Bagian → Setda, Kelurahan → Kecamatan)."),
            example="Setda",
        ),
        ImportColumn(
            "is_coordinator",
            gettext_lazy("Koordinator PUG (DPMPPPAKB): 1 atau 0."),
            example="0",
            choices=("1", "0"),
        ),
        ImportColumn(
            "is_planning_agency",
            gettext_lazy("Badan perencanaan (Bappeda): 1 atau 0."),
            example="0",
            choices=("1", "0"),
        ),
        ImportColumn("code", gettext_lazy("Kode perangkat daerah."), text=True),
        ImportColumn("note", gettext_lazy("Catatan.")),
    ]
    field_columns = {
        "name": "name",
        "short_name": "short_name",
        "unit_type": "unit_type",
        "code": "code",
        "note": "note",
        "parent": "parent_short_name",
    }

    def prepare(self, rows):
        names = set()
        for _line, row in rows:
            names.add(row.get("short_name", "").strip())
            names.add(row.get("parent_short_name", "").strip())
        names.discard("")
        self.existing = {
            unit.short_name: unit
            for unit in Unit.objects.filter(short_name__in=names).select_related(
                "parent"
            )
        }
        self.in_file = {row.get("short_name", "").strip() for _line, row in rows}

    def parse_row(self, row: PreviewRow) -> None:
        values = row.values
        short_name = values["short_name"].strip()
        fields: dict[str, Any] = {
            "name": values["name"].strip(),
            "unit_type": values["unit_type"].strip().upper(),
        }
        if fields["unit_type"] not in UnitType.values:
            row.error(
                "unit_type",
                _("jenis %(t)s tidak dikenal (pilihan: %(choices)s)")
                % {"t": values["unit_type"], "choices": ", ".join(UnitType.values)},
            )
        for flag in ("is_coordinator", "is_planning_agency"):
            if flag in values:
                try:
                    fields[flag] = parse_flag(values[flag])
                except CellError:
                    row.error(flag, _("isi dengan 1 atau 0"))
        for text in ("code", "note"):
            if text in values:
                fields[text] = values[text].strip()
        parent = None
        if "parent_short_name" in values:
            parent = values["parent_short_name"].strip()
            if parent and parent not in self.in_file and parent not in self.existing:
                row.error(
                    "parent_short_name",
                    _("induk %(p)s tidak dikenal") % {"p": parent},
                )
            if parent == short_name:
                row.error("parent_short_name", _("induk tidak boleh dirinya sendiri"))
        try:
            Unit(short_name=short_name, **fields).clean_fields(
                exclude=["parent", "predecessor", "head_user"]
            )
        except ValidationError as error:
            self.add_model_errors(row, error)
        row.data = {"short_name": short_name, "fields": fields, "parent": parent}
        unit = self.existing.get(short_name)
        row.target = unit
        if unit is None:
            row.status = RowStatus.NEW
            return
        changes = {
            k: [getattr(unit, k), v] for k, v in fields.items() if getattr(unit, k) != v
        }
        if parent is not None:
            current = unit.parent.short_name if unit.parent else ""
            if current != parent:
                changes["parent"] = [current, parent]
        row.changes = changes
        row.status = RowStatus.UPDATE if changes else RowStatus.UNCHANGED

    def apply(self, rows: list[PreviewRow], result: ImportResult) -> None:
        # Two passes: every unit exists before parents are set, so a row may name a
        # parent listed after it.
        units = dict(self.existing)
        for row in rows:
            if row.status == RowStatus.NEW:
                unit = Unit(short_name=row.data["short_name"], **row.data["fields"])
                unit.save()
                units[unit.short_name] = unit
        for row in rows:
            unit = units[row.data["short_name"]]
            target = dict(row.data["fields"])
            if row.data["parent"] is not None:
                parent = row.data["parent"]
                target["parent_id"] = units[parent].pk if parent else None
            changes = {k: v for k, v in target.items() if getattr(unit, k) != v}
            if changes:
                for key, value in changes.items():
                    setattr(unit, key, value)
                unit.save(update_fields=list(changes))
            if row.status == RowStatus.NEW:
                log_activity(actor=self.user, action="unit.import", target=unit)
            elif changes:
                log_activity(
                    actor=self.user,
                    action="unit.import",
                    target=unit,
                    data={k: [str(v[0]), str(v[1])] for k, v in row.changes.items()},
                )
            self.count(result, row.status)


def import_units(
    rows: list[tuple[int, dict[str, str]]], *, by: User | None = None
) -> ImportResult:
    """Create or update units from rows; nothing is written when any row is bad."""
    return UnitImporter(user=by).commit(rows)
