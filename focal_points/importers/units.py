"""Units (Perangkat Daerah), idempotent by short name: read by the unit page's form,
written by `unit_create` / `unit_update`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from focal_points.forms.registry import UnitImportForm
from focal_points.models import Unit, UnitType
from focal_points.services import registry
from pug_portal.imports import (
    ImportColumn,
    Importer,
    ImportResult,
    PreviewRow,
    RowStatus,
    register,
)
from pug_portal.permissions import SYSTEM_USER

UNIT_COLUMNS = ["short_name", "name", "unit_type"]


@register
class UnitImporter(Importer):
    """Units (Perangkat Daerah), created or updated by short name. A row may name a
    parent listed after it."""

    identifier = "units"
    verbose_name = gettext_lazy("Perangkat daerah")
    description = gettext_lazy(
        "Daftar perangkat daerah, dicocokkan dengan singkatannya: yang belum ada "
        "ditambahkan, yang berubah diperbarui."
    )
    permission = "imports:units"
    key_columns = ("short_name",)
    columns = [
        ImportColumn(
            "short_name",
            gettext_lazy("Singkatan (unik)."),
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
            gettext_lazy("Singkatan induk (Bagian → Setda, Kelurahan → Kecamatan)."),
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
            gettext_lazy("Badan perencanaan daerah: 1 atau 0."),
            example="0",
            choices=("1", "0"),
        ),
        ImportColumn("code", gettext_lazy("Kode perangkat daerah."), text=True),
        ImportColumn("note", gettext_lazy("Catatan.")),
    ]
    form_class = UnitImportForm
    field_columns = {
        "name": "name",
        "short_name": "short_name",
        "unit_type": "unit_type",
        "parent": "parent_short_name",
        "is_coordinator": "is_coordinator",
        "is_planning_agency": "is_planning_agency",
        "code": "code",
        "note": "note",
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
        in_file = {row.get("short_name", "").strip() for _line, row in rows}
        self.parents = {name.lower(): name for name in {*self.existing, *in_file}}

    def form_kwargs(self, row: PreviewRow) -> dict[str, Any]:
        return {"parents": self.parents}

    def find(self, row: PreviewRow) -> Unit | None:
        return self.existing.get(row.data["short_name"])

    def changes(self, row: PreviewRow) -> dict[str, list[Any]]:
        unit = row.target
        saved = {name: getattr(unit, name) for name in row.data if name != "parent"}
        if "parent" in row.data:  # compared by short name, as the file names it
            saved["parent"] = unit.parent.short_name if unit.parent else None
        return {
            name: [saved[name], value]
            for name, value in row.data.items()
            if saved[name] != value
        }

    def apply(self, rows: list[PreviewRow]) -> None:
        # Two passes: every unit exists before parents are set, so that a row may
        # name a parent listed after it.
        units = dict(self.existing)
        for row in rows:
            data = {k: v for k, v in row.data.items() if k != "parent"}
            with self.writing(row):
                if row.status == RowStatus.NEW:
                    unit = registry.unit_create(by=self.user, data=data)
                    units[unit.short_name] = unit
                elif row.status == RowStatus.UPDATE:
                    registry.unit_update(unit=row.target, by=self.user, data=data)
        for row in rows:
            unit = units.get(row.data["short_name"])
            if not row.ok or unit is None or "parent" not in row.data:
                continue
            parent = units.get(row.data["parent"] or "")
            if unit.parent_id != (parent.pk if parent else None):
                with self.writing(row):
                    registry.unit_update(
                        unit=unit, by=self.user, data={"parent": parent}
                    )


def import_units(
    rows: list[tuple[int, dict[str, str]]], *, by: Any = SYSTEM_USER
) -> ImportResult:
    """Create or update units from rows; nothing is written when any row is bad.
    The demo seeder and `manage.py import_units` import as the system user."""
    return UnitImporter(user=by).commit(rows)
