"""What the evaluation importers share: rows name their unit by short name and
their fiscal year, and each importer looks both up once for the whole file."""

from __future__ import annotations

import contextlib

from django.utils.translation import gettext_lazy

from focal_points.models import Unit
from pug_portal.imports import CellError, ImportColumn, parse_int

UNIT, YEAR = "nama_singkat_pd", "tahun"
YEAR_COLUMN = ImportColumn(YEAR, gettext_lazy("Tahun anggaran."), True, "2026")
# What else the finance spreadsheets call the unit and year columns.
UNIT_AND_YEAR_ALIASES = {
    "tahun_anggaran": YEAR,
    "perangkat_daerah": UNIT,
    "skpd": UNIT,
    "opd": UNIT,
    "unit": UNIT,
}


def unit_column(example: str) -> ImportColumn:
    return ImportColumn(
        UNIT, gettext_lazy("Singkatan perangkat daerah."), True, example
    )


def named_units_and_years(user, rows) -> tuple[dict[str, Unit], set[int]]:
    """The units the rows name (`nama_singkat_pd`) that `user` may import for, by
    lower-case short name, and the years they name (`tahun`). An unreadable year is
    left out here: the row's own form reports it."""
    wanted = {r.get(UNIT, "").strip().lower() for _line, r in rows}
    units = {
        unit.short_name.lower(): unit
        for unit in Unit.objects.visible_to(user)
        if unit.short_name.lower() in wanted
    }
    years = set()
    for _line, row in rows:
        with contextlib.suppress(CellError):
            years.add(parse_int(row.get(YEAR, "")))
    return units, years
