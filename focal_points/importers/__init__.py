"""Imports of the registry: units (idempotent by short name), focal-point
appointments and the attendance of one event (started from the event's page; its
batch carries {"event": pk}).

Each runs on `pug_portal.imports.Importer`: a row is read by the page's form and
written by the page's services; the preview is the commit rolled back, and nothing
is written unless every row is clean."""

# Importing registers the importers: this order is the order /imports/ lists them in.
# isort: off
from focal_points.importers.units import UNIT_COLUMNS, UnitImporter, import_units
from focal_points.importers.appointments import AppointmentImporter
from focal_points.importers.attendance import AttendanceImporter

# isort: on

__all__ = [
    "UNIT_COLUMNS",
    "AppointmentImporter",
    "AttendanceImporter",
    "UnitImporter",
    "import_units",
]
