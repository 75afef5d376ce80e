from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evaluations.demo import seed_evaluations
from focal_points.demo import seed_events, seed_registry


class Command(BaseCommand):
    help = "Load the idempotent demo data set (refused when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with published passwords; it refuses to run "
                "when DEBUG is off."
            )
        today = timezone.localdate()
        counts = seed_registry(today=today)
        counts |= {f"event {k}": n for k, n in seed_events(today=today).items()}
        self.stdout.write(
            "demo registry: "
            + ", ".join(f"{name} created {n}" for name, n in counts.items())
        )
        evaluations = seed_evaluations(today=today)
        self.stdout.write(
            "demo evaluations: "
            + ", ".join(f"{name} created {n}" for name, n in evaluations.items())
        )
        # The apps above this one seed themselves (dependencies point one way).
        if apps.is_installed("assessments"):
            call_command("seed_assessments", stdout=self.stdout)
