from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from focal_points.importers import UNIT_COLUMNS, import_units
from pug_portal.importing import TableError, read_table


class Command(BaseCommand):
    help = (
        "Import Perangkat Daerah from a CSV or XLSX file (columns: short_name, name, "
        "unit_type, parent_short_name, is_coordinator, is_planning_agency). Idempotent "
        "by short_name; nothing is imported when any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            with file.open("rb") as handle:
                rows = read_table(handle, name=file.name, required=UNIT_COLUMNS)
        except TableError as error:
            raise CommandError(str(error)) from None
        result = import_units(rows)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, "
            f"unchanged {result.unchanged}"
        )
