"""Reading tabular uploads (CSV or XLSX) into plain row dicts, and the result types
every importer shares. Importers validate all rows first and write nothing unless
every row is clean."""

import contextlib
import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_ROWS = 10_000


class TableError(Exception):
    """The file as a whole cannot be read (wrong type, empty, missing headers)."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line in the file, header = 1
    column: str
    message: str

    def __str__(self) -> str:
        return _("baris %(row)s, kolom %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column or "—",
            "message": self.message,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_table(
    handle: IO[bytes], *, name: str, required: list[str], max_rows: int = MAX_ROWS
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV or XLSX file as (line number, {header: text}) pairs.

    Headers are matched case-insensitively after trimming. The file type is decided by
    its content, not its name."""
    data = handle.read()
    if not data.strip():
        raise TableError(_("Berkas kosong."))
    suffix = PurePath(name).suffix.lower()
    if data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data)
    elif suffix == ".xlsx":
        raise TableError(_("Berkas bernama .xlsx tetapi isinya bukan XLSX."))
    else:
        rows = _csv_rows(data)
    try:
        header = next(rows)
    except StopIteration:
        raise TableError(_("Berkas kosong.")) from None
    keys = [str(h or "").strip().lower() for h in header]
    missing = [column for column in required if column not in keys]
    if missing:
        raise TableError(
            _("Kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    table: list[tuple[int, dict[str, str]]] = []
    for line, values in enumerate(rows, start=2):
        cells = ["" if v is None else str(v).strip() for v in values]
        if not any(cells):
            continue
        if len(table) >= max_rows:
            raise TableError(_("Terlalu banyak baris (batas %(n)s).") % {"n": max_rows})
        table.append((line, dict(zip(keys, cells, strict=False))))
    return table


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(_("Berkas CSV harus berenkode UTF-8.")) from None
    if "\x00" in text:
        raise TableError(_("Isi berkas bukan CSV."))
    dialect: type[csv.Dialect] = csv.excel
    # Spreadsheets saved with an Indonesian locale use ";" between columns.
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return iter(csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError(_("Isi berkas bukan XLSX yang sah.")) from None
    sheet = workbook.worksheets[0]
    return sheet.iter_rows(values_only=True)
