from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pug_portal import backups


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump custom format; SQLite: a "
        "consistent copy) and MEDIA_ROOT into a new folder under --out."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="where to create the backup folder (default: $BACKUP_DIR or ./backups)",
        )

    def handle(self, *args, **options):
        try:
            folder = backups.backup(options["out"] or backups.default_out_dir())
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = backups.read_manifest(folder)
        self.stdout.write(
            f"backup written to {folder}: {sum(manifest['rows'].values()):,} rows, "
            f"{len(manifest.get('files', {})):,} files"
        )
