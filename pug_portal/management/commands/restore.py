from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pug_portal import backups


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a folder written by "
        "`manage.py backup`, then check every row count and file against its "
        "manifest. Stop the web servers and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--yes",
            action="store_true",
            help="do not ask: the current data is replaced",
        )

    def handle(self, *args, **options):
        folder = options["folder"]
        if not (folder / backups.MANIFEST).exists():
            raise CommandError(f"{folder} is not a backup folder (no manifest.json).")
        question = "This replaces the database and the files. Type 'yes' to go on: "
        if not options["yes"] and input(question) != "yes":
            raise CommandError("Restore cancelled.")
        try:
            manifest = backups.restore(folder)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"restored {folder} (backup of {manifest['created_at']}): "
            f"{sum(manifest['rows'].values()):,} rows, "
            f"{len(manifest.get('files', {})):,} files, all as backed up"
        )
