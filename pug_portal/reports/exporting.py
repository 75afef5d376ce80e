"""Exporter base classes and the registry of reports.

A report is a small subclass: `ListExporter` subclasses declare their columns and yield
rows, and get XLSX (openpyxl write-only mode) and CSV for free; `pug_portal.reports.pdf.
PdfExporter` renders a template with WeasyPrint. Apps register their exporters in their
`AppConfig.ready()`, so this module never imports an app (`pug_portal` imports neither
`focal_points` nor `evaluations`).

Spreadsheet safety: every string cell goes through `clean_text()` (characters XLSX
cannot hold are dropped) and, when it starts like a formula, is written so that it
stays text (see `FORMULA_TRIGGERS` for how and why).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import IO, Any, ClassVar, NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# SYSTEM_USER is who an export runs as when nobody asked for it (cron,
# `export_report`); it lives with the permissions, re-exported here for the exporters.
from pug_portal.permissions import SYSTEM_USER, SystemUser, user_has_perm  # noqa: F401

StrOrPromise = str | Promise

# --- formats -----------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: StrOrPromise
    content_type: str
    extension: str


FORMATS: dict[str, ExportFormat] = {
    "pdf": ExportFormat("pdf", _("PDF"), "application/pdf", "pdf"),
    "xlsx": ExportFormat(
        "xlsx",
        _("Excel"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "csv": ExportFormat("csv", _("CSV"), "text/csv; charset=utf-8", "csv"),
}


# --- who runs an export and with which parameters -----------------------------------


@dataclass(frozen=True)
class ExportParams:
    """What an export is narrowed to. `unit` is a unit's short name, resolved by the
    exporter inside the user's scope (pug_portal does not know the Unit model)."""

    year: int | None = None
    unit: str | None = None


class OutOfScope(Exception):
    """The export asks for something outside the user's scope (a unit they may not
    see, a year that does not exist). Views answer 404; the command exits non-zero."""


# --- the base ------------------------------------------------------------------------


class BaseExporter:
    """One downloadable report, in one of its `formats`.

    Subclasses set `identifier` (stable, URL-safe), `verbose_name`, `permission` (a
    name from pug_portal/permissions.py, checked on top of "reports:download") and
    `formats`, and provide one `write_<format>(stream)` method per format."""

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[StrOrPromise] = ""
    description: ClassVar[StrOrPromise] = ""
    permission: ClassVar[str] = "reports:download"
    formats: ClassVar[tuple[str, ...]] = ()
    # Templates list exporter classes; without this they would try to call them.
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(
        self, *, user: Any, fmt: str, params: ExportParams | None = None
    ) -> None:
        if fmt not in self.formats:
            raise ValueError(f"{self.identifier} has no {fmt!r} format")
        self.user = user
        self.fmt = fmt
        self.params = params or ExportParams()

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        """True when `user` may download this report (in any format)."""
        return user_has_perm(user, "reports:download") and user_has_perm(
            user, cls.permission
        )

    @classmethod
    def format_choices(cls) -> list[ExportFormat]:
        return [FORMATS[key] for key in cls.formats]

    @property
    def format(self) -> ExportFormat:
        return FORMATS[self.fmt]

    @property
    def content_type(self) -> str:
        return self.format.content_type

    def filename(self) -> str:
        """Download name: identifier, the narrowing parameters, today's date and the
        extension, e.g. `direktori-focal-point-dinkes-2026-20260615.xlsx`."""
        parts = [self.identifier]
        if self.params.unit:
            parts.append(slugify(self.params.unit))
        if self.params.year:
            parts.append(str(self.params.year))
        parts.append(f"{timezone.localdate():%Y%m%d}")
        return "-".join(p for p in parts if p) + f".{self.format.extension}"

    def prepare(self) -> None:
        """Resolve the parameters inside the user's scope before anything is
        written; raise OutOfScope for what the user may not see. Called by write()."""

    def write(self, stream: IO[bytes]) -> None:
        """Write the report in `self.fmt` to a binary stream (a file, a response)."""
        self.prepare()
        getattr(self, f"write_{self.fmt}")(stream)

    def render(self) -> bytes:
        """The whole report as bytes (for an HTTP response or a test)."""
        buffer = io.BytesIO()
        self.write(buffer)
        return buffer.getvalue()


# --- list reports: XLSX and CSV ------------------------------------------------------


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"  # a count or an amount: whole, with thousands separators
    DECIMAL = "decimal"  # a figure with one decimal (an average score)
    INTEGER = "integer"  # a whole number read as a code: a year, an ID
    MONEY = "money"  # Rupiah
    PERCENT = "percent"  # a fraction: 0.25 shows as 25%
    DATE = "date"


class Typed(NamedTuple):
    """A value that brings its own kind, in a column of mixed figures (a summary's
    "value" column: a count, an amount, a percentage), so each is written as a
    number with its own number format, and printed as its kind."""

    value: Any
    kind: Kind


@dataclass(frozen=True)
class Column:
    """A column of a list report: its header, how its values are typed and formatted,
    its width in characters (None: from the header, at least 10), and whether the
    printed (PDF) version shows it too."""

    title: StrOrPromise
    kind: Kind = Kind.TEXT
    width: float | None = None
    print: bool = True

    def display_width(self) -> float:
        return self.width or max(len(str(self.title)) + 4, 10)


NUMBER_FORMATS: dict[Kind, str] = {
    Kind.NUMBER: "#,##0",
    Kind.DECIMAL: "#,##0.0",
    Kind.INTEGER: "0",
    # Excel shows the thousands separator of the reader's locale, so an Indonesian
    # Excel shows "Rp 1.250.000" from this format and the cell stays a number.
    Kind.MONEY: '"Rp" #,##0',
    Kind.PERCENT: "0.0%",
    Kind.DATE: "dd/mm/yyyy",
}

# Formula injection (CWE-1236). A string cell that starts with one of these may be
# taken for a formula: `=` always, `+ - @` by Excel and LibreOffice when a user edits
# the cell or opens a CSV, tab and CR because some importers strip them first.
#  * XLSX: the cell is written with an explicit string type (inlineStr, never <f>)
#    and the `quotePrefix` style flag. The string type alone stops evaluation on
#    open in Excel and LibreOffice (checked with LibreOffice 7.4: a naive openpyxl
#    file computes `=HYPERLINK(…)`, ours shows the text). quotePrefix is what Excel
#    stores when a user types a leading apostrophe, so the cell also stays text after
#    F2 + Enter; LibreOffice keeps it a text cell and shows the apostrophe when
#    editing. The value is kept exactly (no visible apostrophe, reads back unchanged).
#  * CSV has no types: both programs parse each field as if typed (LibreOffice 7.4
#    turns `=HYPERLINK(…)` into a formula and `-2` into a number), so the only thing
#    that keeps it text is a leading apostrophe, which is then shown. That is the
#    OWASP recommendation and the price of a typeless format.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Characters an XLSX file (XML 1.0) cannot hold; openpyxl refuses them. Same set as
# openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE. CSV gets the same text for consistency.
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037\ufffe\uffff]")


# What a formula-like text or an error code ("#N/A") can start with.
_CAREFUL_FIRST = frozenset("".join(FORMULA_TRIGGERS) + "#")
assert all(code.startswith("#") for code in ERROR_CODES)


def clean_text(value: str) -> str:
    """`value` without the control characters a workbook cannot hold."""
    return _ILLEGAL_CHARACTERS.sub("", value)


def is_formula_like(text: str) -> bool:
    """Starts like a formula, or is an error code such as "#N/A" (which Excel reads
    from a CSV, and openpyxl writes, as an error value instead of text)."""
    return text.startswith(FORMULA_TRIGGERS) or text in ERROR_CODES


def csv_safe(text: str) -> str:
    """Cleaned text, prefixed with an apostrophe when it starts like a formula."""
    text = clean_text(text)
    return "'" + text if is_formula_like(text) else text


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: aware datetimes are written in local (Jakarta) time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


@dataclass
class Sheet:
    """One worksheet of a list report."""

    title: StrOrPromise
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    freeze: bool = True
    autofilter: bool = True
    style_header: bool = True


HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))


class ListExporter(BaseExporter):
    """A report that is a table: subclasses set `columns` and implement `rows()`.

    `rows()` must stream (a generator, `queryset.iterator()`): the XLSX writer keeps
    one row in memory at a time, so memory stays flat whatever the row count.
    `summary()` may return (label, value) pairs, written as a second sheet."""

    formats: ClassVar[tuple[str, ...]] = ("xlsx", "csv")
    columns: ClassVar[Sequence[Column]] = ()
    sheet_title: ClassVar[StrOrPromise] = _("Data")
    summary_title: ClassVar[StrOrPromise] = _("Ringkasan")

    def get_columns(self) -> Sequence[Column]:
        """The columns of the main sheet (override when they depend on parameters)."""
        return self.columns

    def rows(self) -> Iterable[Sequence[Any]]:  # pragma: no cover - abstract
        """Yield one sequence of values per row, in column order."""
        raise NotImplementedError

    def summary(self) -> list[tuple[StrOrPromise, Any]]:
        """Totals shown next to the table (a second sheet in XLSX, a block in PDF)."""
        return []

    def sheets(self) -> Iterator[Sheet]:
        """The worksheets of the XLSX file: the data, then the summary if any."""
        yield Sheet(self.sheet_title, self.get_columns(), self.rows())
        if pairs := self.summary():
            yield Sheet(
                self.summary_title,
                (Column(_("Uraian"), width=40), Column(_("Jumlah"), Kind.NUMBER)),
                ([label, value] for label, value in pairs),
                freeze=False,
                autofilter=False,
            )

    # -- XLSX

    def write_xlsx(self, stream: IO[bytes]) -> None:
        """Write every sheet with openpyxl in write-only mode to `stream`."""
        workbook = StreamingWorkbook()
        for sheet in self.sheets():
            _write_sheet(workbook, sheet)
        workbook.save(stream)

    # -- CSV

    def write_csv(self, stream: IO[bytes]) -> None:
        """Write the main sheet as CSV: UTF-8 with a BOM (so Excel detects the
        encoding), comma-separated, dates ISO 8601, numbers without separators."""
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        try:
            writer = csv.writer(text)
            columns = self.get_columns()
            writer.writerow([csv_safe(str(c.title)) for c in columns])
            for row in self.rows():
                writer.writerow([_csv_value(v) for v in row])
            text.flush()
        finally:
            # Leave the caller's stream open (BytesIO, response, file).
            text.detach()


def _csv_value(value: Any) -> Any:
    if isinstance(value, Typed):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_safe(value)
    if isinstance(value, bool):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(value, datetime.datetime):
        return local_naive(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date | int | float | Decimal):
        return value
    return csv_safe(str(value))


class StreamingWorksheet(WriteOnlyWorksheet):
    """openpyxl's write-only worksheet, taking a ready cell as it is.

    openpyxl's own `_values_to_row` first binds every value to a scratch cell and
    takes a cell object only on the ValueError that binding it raises, formatting
    that error's message each time: 3–5 µs per styled cell, which made the bench's
    export about 15 % slower than this (bench/README.md). Everything else — the
    scratch cell for plain values, a new one once a date has styled it — is
    openpyxl's behaviour."""

    def _values_to_row(self, values: Sequence[Any], row_idx: int) -> Iterator[Cell]:
        scratch = WriteOnlyCell(self)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                scratch.value = value
                cell = scratch
            cell.column = col_idx
            cell.row = row_idx
            yield cell
            if cell is scratch and scratch.has_style:
                scratch = WriteOnlyCell(self)


class StreamingWorkbook(Workbook):
    """A write-only workbook whose sheets are `StreamingWorksheet`s."""

    def __init__(self) -> None:
        super().__init__(write_only=True)

    def create_sheet(self, title: str | None = None, index: int | None = None) -> Any:
        sheet = StreamingWorksheet(parent=self, title=title)
        self._add_sheet(sheet, index)
        return sheet


def _write_sheet(workbook: StreamingWorkbook, sheet: Sheet) -> None:
    ws = workbook.create_sheet(title=_sheet_title(str(sheet.title)))
    columns = list(sheet.columns)
    # Column widths and the frozen pane are written before the rows in the XML, so
    # in write-only mode they must be set before the first append.
    for index, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.display_width()
    if sheet.freeze:
        ws.freeze_panes = "A2"

    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=clean_text(str(column.title)))
        cell.data_type = "s"
        if sheet.style_header:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = HEADER_ALIGNMENT
            cell.border = HEADER_BORDER
        header.append(cell)
    ws.append(header)

    converters = [_converter(ws, column.kind) for column in columns]
    texts = [i for i, c in enumerate(columns) if c.kind == Kind.TEXT]
    others = [i for i, c in enumerate(columns) if c.kind != Kind.TEXT]
    width, careful, illegal = len(columns), _CAREFUL_FIRST, _ILLEGAL_CHARACTERS
    count = 1
    for row in sheet.rows:
        values = list(row)
        if len(values) != width:  # a bug in the report
            raise ValueError(f"row {count + 1} has {len(values)} values, not {width}")
        # The converters below only see what needs them: most cells of a big
        # export are clean text that starts like text, decided here without a
        # function call per cell (those calls were most of the export's own time).
        for i in texts:
            value = values[i]
            if value.__class__ is str:
                if value and (value[0] in careful or illegal.search(value)):
                    values[i] = converters[i](value)
            elif value is not None:
                values[i] = converters[i](value)
        for i in others:
            value = values[i]
            if value is not None:
                values[i] = converters[i](value)
        ws.append(values)
        count += 1
    # The autofilter is written after the rows, so the final row count is known.
    if sheet.autofilter and columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count}"


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\ .
    return re.sub(r"[\[\]:*?/\\]", " ", clean_text(title))[:31] or "Sheet"


class _FixedStyleCell(Cell):
    """A write-only cell (what openpyxl's WriteOnlyCell() makes) whose style is
    set once, at creation: its style id is looked up in the workbook's style
    table once, not again for every value written through it (openpyxl hashes
    the style on every write)."""

    __slots__ = ("_fixed_style_id",)

    def __init__(self, ws: Any, **style: Any) -> None:
        super().__init__(worksheet=ws, column=1, row=1)
        for name, value in style.items():
            if value is not None:
                setattr(self, name, value)

    @property
    def style_id(self) -> int:
        # Looked up on the first write (as openpyxl would), so the workbook's
        # style table lists the same styles in the same order as before.
        try:
            return self._fixed_style_id
        except AttributeError:
            self._fixed_style_id = super().style_id
            return self._fixed_style_id


def _converter(ws: Any, kind: Kind) -> Callable[[Any], Any]:
    """A function turning one value of a `kind` column into what `ws.append` takes.

    Plain values go through unchanged (openpyxl's own fast path). A value that needs
    a style (a number format, or text that must stay text) is put into a cell made
    once per column and filled again for every row: the write-only sheet writes a
    row's cells out before the next row is built, so one cell per column is never
    needed twice at once. Its type is set after the value, because openpyxl's
    inference is what would turn "=…" into a formula."""
    quoted = _FixedStyleCell(ws, quotePrefix=True)
    number = _FixedStyleCell(
        ws, number_format=NUMBER_FORMATS[kind] if kind != Kind.TEXT else None
    )

    def as_text(value: str) -> Any:
        # Nearly every value is clean text: one regex scan and a look at the
        # first character decide that (the full checks below only run on the
        # rest), which took a third of the export's own time as three calls.
        if _ILLEGAL_CHARACTERS.search(value) is not None:
            value = clean_text(value)
        if not value or value[0] not in _CAREFUL_FIRST or not is_formula_like(value):
            return value
        quoted.value = value  # truncated to Excel's cell limit by openpyxl
        quoted.data_type = "s"
        return quoted

    by_own_kind: dict[Kind, Callable[[Any], Any]] = {}

    def other(value: Any) -> Any:
        if isinstance(value, Typed):
            if value.kind not in by_own_kind:
                by_own_kind[value.kind] = _converter(ws, value.kind)
            return by_own_kind[value.kind](value.value)
        if isinstance(value, bool):
            return str(_("Ya") if value else _("Tidak"))
        if isinstance(value, datetime.datetime):
            value = local_naive(value)
        if isinstance(value, datetime.date | int | float | Decimal):
            return value
        return as_text(str(value))

    if kind == Kind.TEXT:

        def convert_text(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, str):
                return as_text(value)
            return other(value)

        return convert_text

    def convert_number(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            return as_text(value)
        if isinstance(value, bool):
            return other(value)
        if isinstance(value, datetime.datetime):
            value = local_naive(value)
        if isinstance(value, int | float | Decimal):
            number.value = value
            return number
        if isinstance(value, datetime.date) and kind == Kind.DATE:
            # The serial number Excel stores for a date, as openpyxl would write it;
            # binding the date itself would re-check the number format every time.
            number.value = to_excel(value)
            return number
        return other(value)

    return convert_number


# --- the registry --------------------------------------------------------------------

_registry: dict[str, type[BaseExporter]] = {}


def register(exporter_cls: type[BaseExporter]) -> type[BaseExporter]:
    """Add a report to the registry (usable as a class decorator). Registering the
    same class twice is harmless; two classes with one identifier are a mistake."""
    identifier = exporter_cls.identifier
    if not identifier or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", identifier):
        raise ImproperlyConfigured(
            f"{exporter_cls.__name__}.identifier must be a lower-case slug"
        )
    unknown = set(exporter_cls.formats) - FORMATS.keys()
    if not exporter_cls.formats or unknown:
        raise ImproperlyConfigured(
            f"{exporter_cls.__name__}.formats must be chosen from {sorted(FORMATS)}"
        )
    existing = _registry.get(identifier)
    if existing is not None and (existing.__module__, existing.__qualname__) != (
        exporter_cls.__module__,
        exporter_cls.__qualname__,
    ):
        raise ImproperlyConfigured(f"Two exporters claim {identifier!r}")
    _registry[identifier] = exporter_cls
    return exporter_cls


def unregister(identifier: str) -> None:
    """Remove a report (for tests that register their own)."""
    _registry.pop(identifier, None)


def get_exporter(identifier: str) -> type[BaseExporter] | None:
    return _registry.get(identifier)


def all_exporters() -> list[type[BaseExporter]]:
    return sorted(_registry.values(), key=lambda cls: str(cls.verbose_name))


def exporters_for(user: Any) -> list[type[BaseExporter]]:
    """The reports `user` may download, by name."""
    return [cls for cls in all_exporters() if cls.is_available_to(user)]


# --- what the report parameters may be ------------------------------------------------
# pug_portal knows neither units nor evaluation cycles: the apps tell the reports page
# what `unit` and `year` may be, so it can offer them as selects.

ParamChoices = Callable[[Any], list[tuple[str, str]]]
_param_choices: dict[str, ParamChoices] = {}


def register_param_choices(name: str, provider: ParamChoices) -> None:
    """Offer the report parameter `name` ("unit", "year") as a select on the reports
    page: `provider(user)` returns its (value, label) pairs for `user`, in one
    query. The values are what `ExportParams` takes (a unit's short name, a year)."""
    _param_choices[name] = provider


def param_choices(name: str, user: Any) -> list[tuple[str, str]]:
    """The choices of the report parameter `name` for `user` (none if no app
    registered any)."""
    provider = _param_choices.get(name)
    return provider(user) if provider else []
