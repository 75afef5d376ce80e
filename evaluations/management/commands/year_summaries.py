from django.core.management.base import BaseCommand

from evaluations import board_cache, year_summaries


class Command(BaseCommand):
    help = (
        "Rebuild the stored figures of every closed cycle's year and drop the "
        "cached city boards: after writes to a closed year that bypassed the "
        "services (a bulk update, raw SQL, a restored table). See "
        "evaluations/year_summaries.py."
    )

    def handle(self, *args, **options):
        n = year_summaries.build_closed()
        board_cache.figures_changed_now()
        self.stdout.write(f"year summaries rebuilt: {n}")
