"""Imports of the registry: units (idempotent by short name), focal-point
appointments (applied through `focal_points.services.appointment_create`, so every
rule of the appointment form applies to every row) and the attendance of one event
(started from the event's page; its batch carries {"event": pk}).

Both run on `pug_portal.imports.Importer`: every row is checked first and shown in
the preview, and nothing is written unless every row is clean."""

# Importing registers the importers: this order is the order /imports/ lists them in.
# isort: off
from focal_points.importers.units import UNIT_COLUMNS, UnitImporter, import_units
from focal_points.importers.appointments import AppointmentImporter
from focal_points.importers.attendance import AttendanceImporter
from focal_points.importers.common import units_for

# isort: on

__all__ = [
    "UNIT_COLUMNS",
    "AppointmentImporter",
    "AttendanceImporter",
    "UnitImporter",
    "import_units",
    "units_for",
]
