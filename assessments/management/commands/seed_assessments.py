from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessments.demo import seed_assessments


class Command(BaseCommand):
    help = (
        "Load the demo's evaluation instruments and self-assessments (seed_demo runs "
        "it; refused when DEBUG is off)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_assessments refuses to run when DEBUG is off.")
        counts = seed_assessments(today=timezone.localdate())
        self.stdout.write(
            "demo assessments: "
            + ", ".join(f"{name} created {n}" for name, n in counts.items())
        )
