from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from focal_points.importers import UnitImporter
from pug_portal.imports import TableError
from pug_portal.permissions import SYSTEM_USER


class Command(BaseCommand):
    help = (
        "Import Perangkat Daerah from a CSV or XLSX file (columns: short_name, name, "
        "unit_type, parent_short_name, is_coordinator, is_planning_agency, code, "
        "note). Idempotent by short_name; nothing is imported when any row is bad. "
        "The same import, with a preview, is on /imports/."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        # An operator's command: it acts as the system user (every unit in scope,
        # every permission; the activity log records no person).
        importer = UnitImporter(user=SYSTEM_USER)
        try:
            with file.open("rb") as handle:
                rows = importer.read(handle, name=file.name)
        except TableError as error:
            raise CommandError(str(error)) from None
        result = importer.commit(rows)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, "
            f"unchanged {result.unchanged}"
        )
