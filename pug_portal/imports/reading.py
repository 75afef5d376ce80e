"""Reading an uploaded table safely: the type from the bytes, the limits, the zip
checks that run before openpyxl opens a workbook, the header row, and the parsing of
cell text into dates, amounts, integers, flags and choices."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from pug_portal.uploads import max_upload_bytes, megabytes

logger = logging.getLogger(__name__)

# Where the header row may be: SIPD/RKA exports put a title block above the table.
HEADER_SEARCH_ROWS = 10
# A real workbook's sheets compress 5–30×; a bomb compresses hundreds or thousands of
# times. Entries smaller than this are never suspicious, whatever their ratio.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
# A sheet is read this many columns wide, whatever it declares: no import has more
# than a few dozen columns, and a cell at column XFD must not widen every row to 16,384.
MAX_COLUMNS = 200
# Blank rows are skipped and do not count towards the row limit, but a sheet may put
# its one cell at row 1,048,576; reading stops past this many lines per allowed row,
# before the reader walks a million empty rows.
LINES_PER_ROW = 2


def row_limit() -> int:
    return settings.IMPORT_MAX_ROWS


def max_line(limit: int) -> int:
    """The last line of a file that is read (blank lines included)."""
    return limit * LINES_PER_ROW + HEADER_SEARCH_ROWS


def max_uncompressed_bytes() -> int:
    return settings.IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024


class TableError(Exception):
    """The file as a whole cannot be read (wrong type, empty, too big, missing
    headers). The message says what to fix."""


XLSX = "xlsx"
CSV = "csv"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def inspect_upload(data: bytes, *, name: str = "") -> str:
    """Decide from its bytes whether `data` is an XLSX workbook or a UTF-8 CSV file and
    that it is safe to open; return `XLSX` or `CSV`, or raise TableError.

    Nothing is decompressed here: a zip's directory says how big each entry would
    become, and that is checked against the limits before any reader touches it."""
    if len(data) > max_upload_bytes():
        raise TableError(
            _("Berkas terlalu besar (%(size)s MB). Batas %(limit)s MB.")
            % {"size": megabytes(len(data)), "limit": settings.MAX_UPLOAD_MB}
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
    if any(n.startswith("xl/externalLinks/") for n in names):
        # Its cells hold values cached from another file, maybe long out of date.
        raise TableError(
            _(
                "Berkas berisi tautan ke berkas lain (external link) dan tidak "
                "diterima. Salin sel-selnya sebagai nilai (Paste Values), hapus "
                "tautannya (Data > Edit Links), lalu simpan ulang."
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
            % {"size": megabytes(total), "limit": megabytes(max_uncompressed_bytes())}
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
    last_line = max_line(limit)
    for line, values in enumerate(rows, start=1):
        _check_line(line, last_line, limit)
        if not any(values):
            continue
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
    while keys and not keys[-1]:  # the sheet is read MAX_COLUMNS wide
        keys.pop()
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
        _check_line(line, last_line, limit)
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


def _check_line(line: int, last_line: int, limit: int) -> None:
    if line > last_line:
        raise TableError(
            _(
                "Tabel berlanjut melewati baris %(last)s (baris kosong atau "
                "berformat ikut dihitung), jauh melampaui batas %(n)s baris data. "
                "Hapus baris dan isi di bawah tabel, lalu unggah lagi."
            )
            % {"last": last_line, "n": limit}
        )


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
        sheet = workbook.worksheets[0]
        # The sheet's declared size (<dimension ref="A1:XFD1048576"/>) is not
        # trusted: openpyxl would pad every row, and every missing row, to it.
        # Rows are read as the file holds them, at most MAX_COLUMNS wide; the
        # gaps between them are cheap and `read_table` stops at its last line.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
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


# The amounts' columns hold 17 digits, 2 of them after the decimal point.
MAX_AMOUNT_DIGITS = 15


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
    # 1e100000 or thirty digits are numbers, but no Rupiah amount: checked before
    # rounding, which cannot hold them (InvalidOperation).
    if amount.adjusted() >= MAX_AMOUNT_DIGITS:
        raise CellError(
            _("“%(value)s” terlalu besar (paling banyak %(n)s digit sebelum koma)")
            % {"value": raw[:40], "n": MAX_AMOUNT_DIGITS}
        )
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
