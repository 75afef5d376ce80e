"""`manage.py purge_reports`: delete background reports past their expiry date
(PUG_REPORT_EXPIRY_DAYS after they were asked for), with their files. For cron."""

from django.core.management.base import BaseCommand

from pug_portal.reports.runs import report_runs_purge


class Command(BaseCommand):
    help = "Delete expired background reports and their files."

    def handle(self, *args, **options) -> None:
        counts = report_runs_purge()
        self.stdout.write(
            f"Purged {counts['runs']} expired report run(s), "
            f"{counts['files']} file(s) deleted."
        )
