"""`manage.py purge_imports`: delete import batches uploaded more than
IMPORT_BATCH_EXPIRY_DAYS ago, with their files. For cron."""

from django.core.management.base import BaseCommand

from pug_portal.imports import batches_purge


class Command(BaseCommand):
    help = "Delete old import batches and their uploaded files."

    def handle(self, *args, **options) -> None:
        counts = batches_purge()
        self.stdout.write(
            f"Purged {counts['batches']} import batch(es), "
            f"{counts['files']} file(s) deleted."
        )
