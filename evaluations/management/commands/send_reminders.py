import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evaluations.services.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Mail deadline reminders for unsubmitted PPRG dossiers (daily cron; running "
        "it twice on a day sends nothing twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, **options):
        on = options["date"] or timezone.localdate()
        result = send_reminders(on=on)
        self.stdout.write(
            f"reminders {on.isoformat()}: sent {result.sent}, "
            f"already sent today {result.skipped}, failed {len(result.failed)}"
        )
        if result.failed:
            for problem in result.failed:
                self.stderr.write(problem)
            raise CommandError(f"{len(result.failed)} reminder(s) could not be sent.")
