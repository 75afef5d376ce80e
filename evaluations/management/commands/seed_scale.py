from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluations.scale import ScaleConfig, SeedRefused, seed_scale
from evaluations.scale.registry import PASSWORD, USERNAME_PREFIX


class Command(BaseCommand):
    help = (
        "Empty the database and fill it with realistic generated data for benchmarks "
        "and load tests: UNITS units × YEARS fiscal years × K dossiers per unit and "
        "year, in every workflow state (refused when DEBUG is off, and on a database "
        "holding data it did not generate unless --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, required=True)
        parser.add_argument("--years", type=int, required=True)
        parser.add_argument("--dossiers-per-unit", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--last-year",
            type=int,
            default=0,
            help="the open (current) fiscal year; default: this year",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="empty the database even though it holds data seed_scale did not "
            "generate (destroys that data)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_scale empties the database and creates accounts with a "
                "published password; it refuses to run when DEBUG is off."
            )
        for name in ("units", "years", "dossiers_per_unit"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        config = ScaleConfig(
            units=options["units"],
            years=options["years"],
            dossiers_per_unit=options["dossiers_per_unit"],
            seed=options["seed"],
            last_year=options["last_year"],
        )
        try:
            ctx = seed_scale(config, force=options["force"])
        except SeedRefused:
            raise CommandError(
                "This database holds data that seed_scale did not generate (users, "
                "units or dossiers without its marker). seed_scale empties the "
                "database first: point DATABASE_URL at a scratch database, or pass "
                "--force to destroy that data."
            ) from None
        for label, n in sorted(ctx.counts.items()):
            self.stdout.write(f"{label}: created {n:,}")
        self.stdout.write(
            "seconds per step: "
            + ", ".join(f"{name} {s:.1f}" for name, s in ctx.timings.items())
        )
        self.stdout.write(
            f"seed_scale: {config.units} units × {config.years} years × "
            f"{config.dossiers_per_unit} dossiers (seed {config.seed}) in "
            f"{ctx.seconds:.1f} s; accounts {USERNAME_PREFIX}admin, "
            f"{USERNAME_PREFIX}reviewer0…, {USERNAME_PREFIX}fp_0… "
            f"password {PASSWORD}"
        )
