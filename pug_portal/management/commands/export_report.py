"""`manage.py export_report REPORT --format xlsx --out FILE [--year Y] [--unit U]`

Runs a registered report for scheduled jobs, as the system (no user: the full city
scope). Writes to a temporary file next to FILE and renames it when complete, so a
half-written report never replaces a good one. Exits non-zero on any failure."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pug_portal.reports import exporting


class Command(BaseCommand):
    help = "Write a report (see /reports/) to a file, with the full city scope."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "report", help="report identifier, e.g. direktori-focal-point"
        )
        parser.add_argument(
            "--format", dest="fmt", required=True, choices=sorted(exporting.FORMATS)
        )
        parser.add_argument("--out", required=True, type=Path, help="file to write")
        parser.add_argument("--year", type=int, help="fiscal year")
        parser.add_argument("--unit", help="a unit's short name")

    def handle(
        self,
        *,
        report: str,
        fmt: str,
        out: Path,
        year: int | None,
        unit: str | None,
        **options,
    ) -> None:
        exporter_cls = exporting.get_exporter(report)
        if exporter_cls is None:
            known = ", ".join(cls.identifier for cls in exporting.all_exporters())
            raise CommandError(f"Unknown report {report!r}. Known: {known or 'none'}.")
        if fmt not in exporter_cls.formats:
            raise CommandError(
                f"{report} has no {fmt} format; it has: {', '.join(exporter_cls.formats)}."
            )
        exporter = exporter_cls(
            user=exporting.SYSTEM_USER,
            fmt=fmt,
            params=exporting.ExportParams(year=year, unit=unit),
        )
        partial = out.with_name(f".{out.name}.part")
        try:
            with partial.open("wb") as stream:
                exporter.write(stream)
            os.replace(partial, out)
        except exporting.OutOfScope as error:
            raise CommandError(f"No such unit: {error}") from None
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error}") from None
        finally:
            partial.unlink(missing_ok=True)
        size = out.stat().st_size
        self.stdout.write(
            f"Wrote {out} ({fmt}, {size:,} bytes): {exporter_cls.verbose_name}"
        )
