"""Imports from spreadsheets: reading an upload safely, the importer base class and its
registry, and the services behind the upload → preview → commit pages.

An importer validates every row first (the preview) and writes nothing unless every
row is clean; its commit re-validates against the database of that moment and runs in
one transaction, so a failure on any row rolls back every row before it.

Apps declare their importers in an `importers` module (`focal_points/importers.py`,
`evaluations/importers.py`) and register them with `@register`; the registry finds
those modules itself (like the Django admin does), so this module never imports an app.

Safety of uploads (`inspect_upload`): the type comes from the bytes, not the name; the
size is limited (`MAX_UPLOAD_MB`); a zip is examined entry by entry *before* openpyxl
opens it — macros (`vbaProject.bin`) are refused, and so is anything that would inflate
beyond `IMPORT_MAX_UNCOMPRESSED_MB` or at a ratio no real workbook has (a
decompression bomb), without inflating a byte. External links are never followed
(`keep_links=False`) and formulas are read as their cached values, never evaluated.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import IO, Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pug_portal.models import ImportBatch, ImportBatchState
from pug_portal.permissions import user_has_perm

logger = logging.getLogger(__name__)

StrOrPromise = str | Promise

MAX_ROWS = 10_000
# Where the header row may be: SIPD/RKA exports put a title block above the table.
HEADER_SEARCH_ROWS = 10
# A real workbook's sheets compress 5–30×; a bomb compresses hundreds or thousands of
# times. Entries smaller than this are never suspicious, whatever their ratio.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_ZIP_ENTRIES = 2_000


def row_limit() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", MAX_ROWS)


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def max_uncompressed_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_MB", 50) * 1024 * 1024


# --- results -----------------------------------------------------------------------


class TableError(Exception):
    """The file as a whole cannot be read (wrong type, empty, too big, missing
    headers). The message says what to fix."""


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

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }


# --- reading a file safely ---------------------------------------------------------

XLSX = "xlsx"
CSV = "csv"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def inspect_upload(data: bytes, *, name: str = "") -> str:
    """Decide from its bytes whether `data` is an XLSX workbook or a UTF-8 CSV file and
    that it is safe to open; return `XLSX` or `CSV`, or raise TableError.

    Nothing is decompressed here: a zip's directory says how big each entry would
    become, and that is checked against the limits before any reader touches it."""
    if len(data) > max_upload_bytes():
        raise TableError(
            _("Berkas terlalu besar (%(size)s MB). Batas %(limit)s MB.")
            % {"size": _mb(len(data)), "limit": settings.MAX_UPLOAD_MB}
        )
    if not data.strip():
        raise TableError(_("Berkas kosong."))
    suffix = PurePath(name).suffix.lower()
    if data[:4] == b"PK\x03\x04":
        _check_workbook_zip(data)
        return XLSX
    if data[:8] == _OLE2_MAGIC:
        raise TableError(
            _(
                "Format Excel lama (.xls) tidak diterima. Simpan ulang berkas sebagai "
                "Excel Workbook (.xlsx)."
            )
        )
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        raise TableError(
            _("Berkas bernama %(suffix)s tetapi isinya bukan XLSX.")
            % {"suffix": suffix}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(
            _(
                "Isi berkas bukan XLSX, dan bukan CSV berenkode UTF-8. Unggah berkas "
                "XLSX, atau CSV yang disimpan sebagai UTF-8."
            )
        ) from None
    if "\x00" in text:
        raise TableError(_("Isi berkas bukan CSV."))
    return CSV


def _check_workbook_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise TableError(_("Isi berkas bukan XLSX yang sah.")) from None
    names = {entry.filename for entry in entries}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise TableError(
            _(
                "Berkas berisi makro (VBA). Berkas dengan makro (.xlsm) tidak "
                "diterima; simpan ulang sebagai Excel Workbook (.xlsx) tanpa makro."
            )
        )
    too_many = len(entries) > MAX_ZIP_ENTRIES
    total = sum(entry.file_size for entry in entries)
    suspicious = any(
        entry.file_size > RATIO_CHECK_FROM_BYTES
        and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if too_many or suspicious or total > max_uncompressed_bytes():
        raise TableError(
            _(
                "Berkas ditolak: isinya akan membengkak menjadi %(size)s MB saat "
                "dibuka (batas %(limit)s MB, atau rasio kompresi tidak wajar). Berkas "
                "seperti ini tidak dibuat oleh Excel biasa."
            )
            % {"size": _mb(total), "limit": _mb(max_uncompressed_bytes())}
        )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise TableError(_("Isi berkas bukan XLSX yang sah."))
    # Excel never writes a DOCTYPE; one can only be there to declare entities (XXE,
    # "billion laughs"). It must precede the root element, so the head of each part
    # is enough to find it, whatever parser openpyxl ends up using.
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(entry) as part:
                # NULs dropped: a UTF-16 part spells it with a zero byte between.
                if b"<!DOCTYPE" in part.read(4096).replace(b"\x00", b""):
                    raise TableError(
                        _(
                            "Berkas berisi deklarasi XML (DOCTYPE) yang tidak pernah "
                            "dibuat oleh Excel; ditolak demi keamanan."
                        )
                    )
    # The content-types part is tiny (checked above), so reading it is safe.
    content_types = archive.read("[Content_Types].xml")
    if b"macroEnabled" in content_types:
        raise TableError(
            _(
                "Berkas berisi makro (.xlsm) dan tidak diterima; simpan ulang sebagai "
                "Excel Workbook (.xlsx) tanpa makro."
            )
        )


def normalize_header(value: Any) -> str:
    """`"Kode Sub Kegiatan "` → `kode_sub_kegiatan`: headers match whatever their case,
    spacing or punctuation."""
    text = str(value or "").strip().lower()
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def cell_text(value: Any) -> str:
    """A cell as the text a person typed: whole numbers without `.0`, dates as ISO.

    A float too long to be exact (an 18-digit NIP typed as a number) keeps its float
    spelling, so that validation refuses it instead of importing wrong digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def read_table(
    handle: IO[bytes],
    *,
    name: str,
    required: Iterable[str],
    max_rows: int | None = None,
    aliases: dict[str, str] | None = None,
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV or XLSX file as (line number, {column: text}) pairs.

    Headers are matched after `normalize_header` (and through `aliases`, normalized
    header → column); the header row is the first of the top rows that holds every
    required column, so a title block above the table is skipped. Every row has a key
    for every header, so `"code" in row` means the file has that column. The file
    type is decided by its content, not its name (see `inspect_upload`)."""
    limit = max_rows or row_limit()
    required = [normalize_header(column) for column in required]
    aliases = {normalize_header(k): v for k, v in (aliases or {}).items()}
    data = handle.read()
    kind = inspect_upload(data, name=name)
    rows = _xlsx_rows(data) if kind == XLSX else _csv_rows(data)

    top: list[tuple[int, list[str]]] = []
    header: tuple[int, list[str]] | None = None
    for line, values in enumerate(rows, start=1):
        keys = [aliases.get(k, k) for k in map(normalize_header, values)]
        if not any(keys):
            continue
        top.append((line, keys))
        if all(column in keys for column in required):
            header = (line, keys)
            break
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    if not top:
        raise TableError(_("Berkas kosong."))
    if header is None:
        line, keys = top[0]
        missing = [column for column in required if column not in keys]
        raise TableError(
            _(
                "Kolom wajib tidak ada: %(columns)s (baris %(row)s, judul kolom). "
                "Kolom yang ditemukan: %(found)s. Unduh templat untuk melihat judul "
                "kolom yang benar."
            )
            % {
                "row": line,
                "columns": ", ".join(missing),
                "found": ", ".join(k[:40] for k in keys[:30] if k) or "—",
            }
        )
    header_line, keys = header
    seen: set[str] = set()
    for key in keys:
        if key and key in seen:
            raise TableError(
                _("Baris %(row)s (judul kolom): kolom %(column)s muncul dua kali.")
                % {"row": header_line, "column": key}
            )
        seen.add(key)
    width = len(keys)
    table: list[tuple[int, dict[str, str]]] = []
    for line, values in enumerate(rows, start=header_line + 1):
        cells = [cell_text(v) for v in values[:width]]
        if not any(cells):
            continue
        if len(table) >= limit:
            raise TableError(
                _("Terlalu banyak baris (batas %(n)s). Pecah berkas menjadi beberapa.")
                % {"n": limit}
            )
        cells += [""] * (width - len(cells))
        table.append((line, {k: c for k, c in zip(keys, cells, strict=True) if k}))
    if not table:
        raise TableError(
            _("Berkas tidak berisi data: hanya ada judul kolom di baris %(row)s.")
            % {"row": header_line}
        )
    return table


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    text = data.decode("utf-8-sig")
    dialect: type[csv.Dialect] = csv.excel
    # Spreadsheets saved with an Indonesian locale use ";" between columns.
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        yield from reader
    except csv.Error as error:
        raise TableError(
            _("Isi CSV tidak dapat dibaca: %(error)s") % {"error": error}
        ) from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception:  # openpyxl raises many kinds on a malformed package
        logger.info("unreadable xlsx upload", exc_info=True)
        raise TableError(_("Isi berkas bukan XLSX yang sah.")) from None
    try:
        if not workbook.worksheets:
            raise TableError(_("Berkas kosong."))
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    except TableError:
        raise
    except Exception:  # malformed sheet XML, bad cell values
        logger.info("unreadable xlsx sheet", exc_info=True)
        raise TableError(
            _("Isi berkas bukan XLSX yang sah: lembar pertama tidak dapat dibaca.")
        ) from None
    finally:
        workbook.close()


# --- parsing cell values -----------------------------------------------------------


class CellError(ValueError):
    """A cell's text is not what its column needs; the message says what is."""


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")


def parse_date(text: str) -> datetime.date:
    for fmt in _DATE_FORMATS:
        with contextlib.suppress(ValueError):
            return datetime.datetime.strptime(text.strip(), fmt).date()
    raise CellError(
        _("“%(value)s” bukan tanggal; tulis seperti 2026-01-31 atau 31-01-2026")
        % {"value": text}
    )


def parse_amount(text: str) -> Decimal:
    """Rupiah as typed in Indonesia or exported by spreadsheets: `1.250.000`,
    `1.250.000,50`, `Rp 1.250.000`, `1250000`, `1250000.5`, `1,250,000`."""
    raw = text.strip()
    value = re.sub(r"^rp\.?\s*", "", raw, flags=re.IGNORECASE).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", value):
        value = value.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value):
        value = value.replace(",", "")
    elif re.fullmatch(r"-?\d+(,\d+)?", value):
        value = value.replace(",", ".")
    elif not re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", value):
        raise CellError(
            _("“%(value)s” bukan angka; isi dengan angka, misalnya 1250000")
            % {"value": raw}
        )
    try:
        amount = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the patterns above prevent it
        raise CellError(_("“%(value)s” bukan angka") % {"value": raw}) from None
    if amount < 0:
        raise CellError(_("tidak boleh negatif"))
    return amount.quantize(Decimal("0.01"))


def parse_int(text: str) -> int:
    if not re.fullmatch(r"\d+", text.strip()):
        raise CellError(
            _("“%(value)s” bukan bilangan bulat; isi dengan angka") % {"value": text}
        )
    return int(text.strip())


_TRUE = {"1", "ya", "y", "true", "x", "v", "✓"}
_FALSE = {"", "0", "tidak", "t", "n", "false", "-"}


def parse_flag(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(_("isi dengan ya atau tidak (1 atau 0)"))


def parse_choice(text: str, choices: Iterable[tuple[str, Any]]) -> str:
    """A choice by its value or its label, case-insensitively."""
    wanted = text.strip().lower()
    options = list(choices)
    for value, label in options:
        if wanted in {str(value).lower(), str(label).lower()}:
            return value
    raise CellError(
        _("“%(value)s” tidak dikenal (pilihan: %(choices)s)")
        % {"value": text, "choices": ", ".join(str(v) for v, _label in options)}
    )


# --- the importer base -------------------------------------------------------------


@dataclass(frozen=True)
class ImportColumn:
    """A column of an import file: `key` is its header in the template (and in row
    errors), `label` says what it holds, `example` fills the instructions sheet."""

    key: str
    label: StrOrPromise
    required: bool = False
    example: str = ""
    help: StrOrPromise = ""
    choices: tuple[str, ...] = ()  # offered as a drop-down in the template
    text: bool = False  # formatted as text in the template (NIP, codes)


class RowStatus:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    LABELS: ClassVar[dict[str, StrOrPromise]] = {
        NEW: gettext_lazy("Baru"),
        UPDATE: gettext_lazy("Diubah"),
        UNCHANGED: gettext_lazy("Tidak berubah"),
        ERROR: gettext_lazy("Galat"),
    }


@dataclass
class PreviewRow:
    """One row of the file as the importer understood it."""

    line: int
    values: dict[str, str]
    status: str = RowStatus.NEW
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)
    key: tuple = ()
    data: dict[str, Any] = field(default_factory=dict)  # cleaned values for apply
    target: Any = None  # the existing object, when there is one

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, str(message)))

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def status_label(self) -> StrOrPromise:
        return RowStatus.LABELS[self.status]

    def errors_for(self, column: str) -> list[RowError]:
        return [e for e in self.errors if e.column == column]


@dataclass
class Preview:
    rows: list[PreviewRow]
    columns: list[ImportColumn]
    field_columns: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[RowError]:
        return [e for row in self.rows for e in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {
            status: self.count(status)
            for status in (
                RowStatus.NEW,
                RowStatus.UPDATE,
                RowStatus.UNCHANGED,
                RowStatus.ERROR,
            )
        }

    def table(self) -> list[dict[str, Any]]:
        """Rows for the preview page: every column's value with its errors."""
        known = {c.key for c in self.columns}
        out = []
        for row in self.rows:
            changed = {
                self.field_columns.get(name, name): old
                for name, (old, _new) in row.changes.items()
            }
            cells = [
                {
                    "column": column,
                    "value": row.values.get(column.key, ""),
                    "errors": row.errors_for(column.key),
                    "changed": column.key in changed,
                    "previous": changed.get(column.key),
                }
                for column in self.columns
            ]
            out.append(
                {
                    "row": row,
                    "cells": cells,
                    "other_errors": [e for e in row.errors if e.column not in known],
                }
            )
        return out


class _Rollback(Exception):
    """Raised inside the commit transaction to undo every row."""


class Importer:
    """One kind of import. Subclasses set `identifier`, `verbose_name`, `permission`
    and `columns`, and implement:

    - `prepare(rows)`: load once what every row needs (existing objects, units in the
      user's scope), so parsing costs a few queries, not a few per row;
    - `parse_row(row)`: check one row, fill `row.data`, `row.target` and the status
      (`NEW`, or `UPDATE` with `row.changes`, or `UNCHANGED`); add errors with
      `row.error(column, message)`;
    - `apply_row(row)`: write one parsed, clean row (inside the commit transaction),
      raising ValidationError if the database disagrees after all.

    Rows whose `key` (built from `key_columns`) repeats inside the file are errors."""

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[StrOrPromise] = ""
    description: ClassVar[StrOrPromise] = ""
    permission: ClassVar[str] = "imports:use"
    columns: ClassVar[list[ImportColumn]] = []
    key_columns: ClassVar[tuple[str, ...]] = ()
    duplicate_column: ClassVar[str] = (
        ""  # where a duplicate is shown; default: first key
    )
    aliases: ClassVar[dict[str, str]] = {}
    # Service ValidationError keys → the column a row error is shown in.
    field_columns: ClassVar[dict[str, str]] = {}

    def __init__(self, *, user: Any = None) -> None:
        self.user = user

    # -- who may use it and what it reads --

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        return user_has_perm(user, "imports:use") and user_has_perm(
            user, cls.permission
        )

    @classmethod
    def required_columns(cls) -> list[str]:
        return [c.key for c in cls.columns if c.required]

    @classmethod
    def optional_columns(cls) -> list[str]:
        return [c.key for c in cls.columns if not c.required]

    def read(self, handle: IO[bytes], *, name: str) -> list[tuple[int, dict[str, str]]]:
        return read_table(
            handle, name=name, required=self.required_columns(), aliases=self.aliases
        )

    # -- preview --

    def prepare(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        """Hook: bulk-load what `parse_row` needs."""

    def parse_row(self, row: PreviewRow) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def row_key(self, row: PreviewRow) -> tuple:
        return tuple(row.values.get(c, "").strip().lower() for c in self.key_columns)

    def parse(self, rows: list[tuple[int, dict[str, str]]]) -> Preview:
        """Every row with its status and its errors; writes nothing."""
        self.prepare(rows)
        parsed: list[PreviewRow] = []
        first_line: dict[tuple, int] = {}
        for line, values in rows:
            row = PreviewRow(line=line, values=values)
            for column in self.required_columns():
                if not values.get(column, "").strip():
                    row.error(column, _("wajib diisi"))
            if self.key_columns and all(self.row_key(row)):
                key = self.row_key(row)
                row.key = key
                if key in first_line:
                    row.error(
                        self.duplicate_column or self.key_columns[0],
                        _("duplikat: data yang sama sudah ada di baris %(row)s")
                        % {"row": first_line[key]},
                    )
                else:
                    first_line[key] = line
            if row.ok:
                self.parse_row(row)
            if row.errors:
                row.status = RowStatus.ERROR
            parsed.append(row)
        return Preview(
            rows=parsed, columns=list(self.columns), field_columns=self.field_columns
        )

    # -- commit --

    def apply_row(self, row: PreviewRow) -> str:  # pragma: no cover - abstract
        """Write one clean row; return RowStatus.NEW / UPDATE / UNCHANGED."""
        raise NotImplementedError

    def apply(self, rows: list[PreviewRow], result: ImportResult) -> None:
        """Write every row in order (hook for importers that need two passes)."""
        for row in rows:
            self.count(result, self.apply_row_checked(row))

    def apply_row_checked(self, row: PreviewRow) -> str:
        try:
            return self.apply_row(row)
        except ValidationError as error:
            row.errors.extend(self.row_errors(row.line, error))
            raise _Rollback from None

    @staticmethod
    def count(result: ImportResult, status: str) -> None:
        if status == RowStatus.NEW:
            result.created += 1
        elif status == RowStatus.UPDATE:
            result.updated += 1
        else:
            result.unchanged += 1

    def add_model_errors(self, row: PreviewRow, error: ValidationError) -> None:
        """Add a model's validation errors to `row`, except on columns that already
        have one (the same problem is not reported twice)."""
        taken = {e.column for e in row.errors}
        row.errors.extend(
            e for e in self.row_errors(row.line, error) if e.column not in taken
        )

    def row_errors(self, line: int, error: ValidationError) -> list[RowError]:
        if hasattr(error, "error_dict"):
            return [
                RowError(line, self.field_columns.get(name, ""), message)
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        return [RowError(line, "", message) for message in error.messages]

    def commit(self, rows: list[tuple[int, dict[str, str]]]) -> ImportResult:
        """Validate again and write every row in one transaction; on any row error
        nothing is written and the result carries the errors (counts stay 0)."""
        result = ImportResult()
        preview: Preview | None = None
        try:
            with transaction.atomic():
                preview = self.parse(rows)
                if not preview.ok:
                    raise _Rollback
                self.apply(preview.rows, result)
        except _Rollback:
            failed = ImportResult()
            failed.errors = sorted(
                preview.errors if preview else [], key=lambda e: e.row
            )
            return failed
        return result

    # -- the template --

    def template_workbook(self) -> bytes:
        """An XLSX with the header row to fill (first sheet) and the column help."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(_("Data"))[:31]
        bold = Font(bold=True, color="FFFFFF")
        fill = PatternFill("solid", fgColor="5B2C83")
        for index, column in enumerate(self.columns, start=1):
            cell = sheet.cell(row=1, column=index, value=column.key)
            cell.font = bold
            cell.fill = fill
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(len(column.key) + 4, 14)
            if column.text:
                for row in range(2, 1002):
                    sheet.cell(row=row, column=index).number_format = "@"
            if column.choices:
                validation = DataValidation(
                    type="list",
                    formula1='"' + ",".join(column.choices) + '"',
                    allow_blank=not column.required,
                )
                validation.add(f"{letter}2:{letter}1001")
                sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"
        help_sheet = workbook.create_sheet(str(_("Petunjuk"))[:31])
        help_sheet.append(
            [str(_("Kolom")), str(_("Isi")), str(_("Wajib")), str(_("Contoh"))]
        )
        for cell in help_sheet[1]:
            cell.font = Font(bold=True)
        for column in self.columns:
            help_sheet.append(
                [
                    column.key,
                    " ".join(p for p in (str(column.label), str(column.help)) if p),
                    str(_("ya") if column.required else _("tidak")),
                    column.example,
                ]
            )
        help_sheet.append([])
        help_sheet.append(
            [
                str(
                    _(
                        "Isi lembar pertama mulai baris 2, satu baris per data. Jangan "
                        "mengubah judul kolom. Mengimpor berkas yang sama dua kali "
                        "tidak mengubah apa pun."
                    )
                )
            ]
        )
        for letter, width in zip("ABCD", (24, 70, 8, 28), strict=True):
            help_sheet.column_dimensions[letter].width = width
        for row in help_sheet.iter_rows(min_row=2):
            row[1].alignment = Alignment(wrap_text=True, vertical="top")
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def template_filename(self) -> str:
        return f"templat-impor-{self.identifier}.xlsx"


# --- the registry ------------------------------------------------------------------

_REGISTRY: dict[str, type[Importer]] = {}
_discovered = False


def register(importer: type[Importer]) -> type[Importer]:
    """Class decorator: make an importer available on /imports/."""
    if not importer.identifier:
        raise ValueError(f"{importer.__name__} has no identifier")
    _REGISTRY[importer.identifier] = importer
    return importer


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("importers")
        _discovered = True


def get_importer(identifier: str) -> type[Importer] | None:
    _discover()
    return _REGISTRY.get(identifier)


def importers_for(user: Any) -> list[type[Importer]]:
    """The importers `user` may use, in a stable order."""
    _discover()
    return [cls for cls in _REGISTRY.values() if cls.is_available_to(user)]


# --- batches: the services behind the pages -----------------------------------------


def batch_create(*, by: Any, importer: type[Importer], upload: Any) -> ImportBatch:
    """Check an uploaded file (type, size, safety, headers) and keep it for preview.

    A file that cannot be read at all raises ValidationError keyed "file" and is not
    kept; row problems are for the preview to show."""
    if not importer.is_available_to(by):
        raise PermissionDenied
    size = getattr(upload, "size", None)
    if size is not None and size > max_upload_bytes():
        raise ValidationError(
            {
                "file": _("Berkas terlalu besar (%(size)s MB). Batas %(limit)s MB.")
                % {"size": _mb(size), "limit": settings.MAX_UPLOAD_MB}
            }
        )
    data = upload.read(max_upload_bytes() + 1)
    name = PurePath(getattr(upload, "name", "") or "").name[:200]
    try:
        kind = inspect_upload(data, name=name)
        importer(user=by).read(io.BytesIO(data), name=name)
    except TableError as error:
        raise ValidationError({"file": str(error)}) from None
    batch = ImportBatch(user=by, importer=importer.identifier, original_name=name)
    batch.file.save(f"{importer.identifier}.{kind}", ContentFile(data), save=False)
    batch.save()
    return batch


def _batch_rows(batch: ImportBatch, importer: Importer):
    with batch.file.open("rb") as handle:
        return importer.read(handle, name=batch.original_name)


def batch_importer(batch: ImportBatch) -> type[Importer]:
    importer = get_importer(batch.importer)
    if importer is None:  # an importer removed since the upload
        raise Http404
    return importer


def batch_preview(*, batch: ImportBatch, by: Any) -> Preview:
    """Parse the batch's file against the database as it is now. Raises TableError
    when the kept file can no longer be read."""
    importer = batch_importer(batch)(user=by)
    return importer.parse(_batch_rows(batch, importer))


def batch_commit(*, batch: ImportBatch, by: Any) -> ImportResult:
    """Import the batch's file in one transaction, once. The result (counts or row
    errors) is kept on the batch; nothing is written unless every row is clean, and an
    unexpected failure on any row rolls every row back."""
    importer_cls = batch_importer(batch)
    # Administrators may look at anyone's batch; only the uploader imports it.
    if batch.user_id != getattr(by, "pk", None) or not importer_cls.is_available_to(by):
        raise PermissionDenied
    importer = importer_cls(user=by)
    with transaction.atomic():
        # Held until the end: a second click (or a second tab) waits, then sees the
        # batch committed instead of importing it twice.
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state == ImportBatchState.COMMITTED:
            raise ValidationError(_("Berkas ini sudah diimpor."), code="committed")
        try:
            result = importer.commit(_batch_rows(locked, importer))
        except TableError as error:
            result = ImportResult(errors=[RowError(0, "", str(error))])
        except Exception:
            # importer.commit's own transaction has rolled every row back.
            logger.exception("import batch %s failed", batch.pk)
            result = ImportResult(
                errors=[
                    RowError(
                        0,
                        "",
                        _(
                            "Terjadi kesalahan tak terduga saat mengimpor; tidak ada "
                            "data yang disimpan. Coba lagi atau hubungi administrator."
                        ),
                    )
                ]
            )
        locked.result = result.as_dict()
        locked.finished_at = timezone.now()
        locked.state = (
            ImportBatchState.COMMITTED if result.ok else ImportBatchState.FAILED
        )
        locked.save(update_fields=["result", "finished_at", "state"])
    batch.refresh_from_db()
    return result
