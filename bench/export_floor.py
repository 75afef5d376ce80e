"""The exports section's helper processes (bench/exports.py), each a whole process
as the export_report command is:

  dump-rows FILE          the all-dossiers export's rows, every sheet of it,
                          pickled in chunks (untimed: it only prepares the floor's
                          values)
  dump-html YEAR FILE     the city recap's final HTML (untimed)
  xlsx FILE OUT           floor: a bare openpyxl write-only loop over those rows
  pdf FILE OUT            floor: WeasyPrint on that HTML, with the portal's fetcher
  clear-cache             empty the cache (untimed: a cold recap, as after a write)
"""

import datetime
import os
import pickle
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pug_portal.settings")
django.setup()

from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from pug_portal.reports import exporting  # noqa: E402
from pug_portal.reports.exporting import SYSTEM_USER, ExportParams  # noqa: E402

CHUNK = 1_000


def exporter(identifier: str, fmt: str, year: int | None = None):
    cls = exporting.get_exporter(identifier)
    return cls(user=SYSTEM_USER, fmt=fmt, params=ExportParams(year=year))


def dump_rows(path: str) -> None:
    """Every sheet the export writes (the dossiers with their totals row, then the
    L/P data rows), as (title, header) and chunks of rows."""
    e = exporter("semua-dossier", "xlsx")
    e.prepare()
    with open(path, "wb") as out:
        for sheet in e.sheets():
            pickle.dump(
                ("sheet", str(sheet.title), [str(c.title) for c in sheet.columns]), out
            )
            chunk = []
            for row in sheet.rows:
                # Excel has no time zones: the exporter writes local times, and so
                # the floor is given them ready (the conversion is not the floor's
                # work).
                chunk.append([_naive(v) for v in row])
                if len(chunk) == CHUNK:
                    pickle.dump(("rows", chunk), out)
                    chunk = []
            pickle.dump(("rows", chunk), out)


def _naive(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx(path: str, out: str) -> None:
    wb = Workbook(write_only=True)
    ws = None
    with open(path, "rb") as rows:
        while True:
            try:
                kind, *payload = pickle.load(rows)
            except EOFError:
                break
            if kind == "sheet":
                title, header = payload
                ws = wb.create_sheet(title[:31])
                ws.append(header)
            else:
                for row in payload[0]:
                    ws.append(row)
    wb.save(out)


def dump_html(year: str, path: str) -> None:
    e = exporter("rekap-kota", "pdf", int(year))
    with open(path, "w", encoding="utf-8") as out:
        out.write(e.render_html())


def pdf(path: str, out: str) -> None:
    from pug_portal.reports.pdf import html_to_pdf

    with open(path, encoding="utf-8") as html, open(out, "wb") as stream:
        html_to_pdf(html.read(), stream)


def clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {
        "dump-rows": dump_rows,
        "dump-html": dump_html,
        "xlsx": xlsx,
        "pdf": pdf,
        "clear-cache": clear_cache,
    }[command.replace("_", "-")](*args)
