"""The importer base class (row → form → service; the preview as the commit rolled
back; the XLSX template), its result types, and the registry apps add their
importers to."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, ClassVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pug_portal.imports.reading import read_table
from pug_portal.permissions import user_has_perm

StrOrPromise = str | Promise

# --- results -----------------------------------------------------------------------


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RowError:
        return cls(data["row"], data["column"], data["message"])


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
        ERROR: gettext_lazy("Kesalahan"),
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

    def as_dict(self) -> dict[str, Any]:
        """What the preview page shows of the row (not `data` nor `target`, which
        only the run that writes it needs)."""
        return {
            "line": self.line,
            "values": self.values,
            "status": self.status,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [str(w) for w in self.warnings],
            "changes": {
                name: [_plain(old), _plain(new)]
                for name, (old, new) in self.changes.items()
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PreviewRow:
        return cls(
            line=data["line"],
            values=data["values"],
            status=data["status"],
            errors=[RowError.from_dict(e) for e in data["errors"]],
            warnings=data["warnings"],
            changes={
                name: [_restored(old), _restored(new)]
                for name, (old, new) in data["changes"].items()
            },
        )


def _plain(value: Any) -> Any:
    """A saved or imported value as JSON that `_restored` turns back into what the
    page formats (a Decimal stays a Decimal, so it is shown as a number)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    return str(value)


def _restored(value: Any) -> Any:
    if isinstance(value, dict):
        if "decimal" in value:
            return Decimal(value["decimal"])
        if "date" in value:
            return datetime.date.fromisoformat(value["date"])
    return value


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

    def as_dict(self) -> dict[str, Any]:
        return {"rows": [row.as_dict() for row in self.rows]}

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        *,
        columns: list[ImportColumn],
        field_columns: dict[str, str],
    ) -> Preview:
        return cls(
            rows=[PreviewRow.from_dict(row) for row in data["rows"]],
            columns=columns,
            field_columns=field_columns,
        )

    def table(self, rows: list[PreviewRow] | None = None) -> list[dict[str, Any]]:
        """Rows for the preview page (`rows`: a page of them; default every row):
        every column's value with its errors."""
        known = {c.key for c in self.columns}
        out = []
        for row in self.rows if rows is None else rows:
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


class Importer:
    """One kind of import: a row of the file is bound to a form built on the page's
    form, then written by the same services as the page.

    Subclasses set `identifier`, `verbose_name`, `permission`, `columns`,
    `form_class` (see `pug_portal.imports.forms.ImportFormMixin`) and
    `field_columns` (form field or service error key → the column it is shown in),
    and implement:

    - `prepare(rows)`: load once what every row needs (existing objects, units in the
      user's scope), so that reading the rows costs a few queries, not a few per row;
    - `find(row)`: the saved object the row stands for (None: a new one), from what
      `prepare` loaded; the row is then new, updated (`changes`) or unchanged;
    - `apply_row(row)`: write a new or updated row through the app's services.

    The preview and the commit are one run (`_run`): every row's form, then every
    clean row written by the services, in file order, inside a transaction. The
    preview always rolls it back, so it shows exactly what the commit would do, each
    service rule included, and writes nothing; the commit keeps it only when every
    row is clean. Rows whose `key` (from `key_columns`) repeats inside the file are
    errors."""

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
    form_class: ClassVar[type[forms.BaseForm]]
    # Form fields and service ValidationError keys → the column an error is shown
    # in; a field whose column is in the file is bound to its cell.
    field_columns: ClassVar[dict[str, str]] = {}
    # Where errors about the whole row are shown (a service's non-field error).
    row_column: ClassVar[str] = ""
    # What the importer needs in its context (the object every row belongs to, e.g.
    # {"event": pk}); such an importer starts from that object's page, not /imports/.
    context_keys: ClassVar[tuple[str, ...]] = ()
    # Templates list importer classes: read their attributes, do not call them.
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(self, *, user: Any, context: dict[str, Any] | None = None):
        self.user = user
        self.context = dict(context or {})

    # -- where its pages lead --

    def upload_url(self) -> str:
        """Where another file is uploaded for the same import."""
        return reverse("import_upload", args=[self.identifier])

    def return_link(self) -> tuple[str, StrOrPromise] | None:
        """(url, label) of the page the import belongs to; None: the import list."""
        return None

    # -- who may use it and what it reads --

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        return user_has_perm(user, "imports:use") and user_has_perm(
            user, cls.permission
        )

    @classmethod
    def required_columns(cls) -> list[str]:
        return [c.key for c in cls.columns if c.required]

    def read(self, handle: IO[bytes], *, name: str) -> list[tuple[int, dict[str, str]]]:
        return read_table(
            handle, name=name, required=self.required_columns(), aliases=self.aliases
        )

    # -- the hooks --

    def prepare(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        """Hook: bulk-load what the forms and `find` need."""

    def form_data(self, row: PreviewRow) -> dict[str, str]:
        """{form field: cell text} for the fields whose column is in the file."""
        return {
            name: row.values[column]
            for name, column in self.field_columns.items()
            if column in row.values
        }

    def form_kwargs(self, row: PreviewRow) -> dict[str, Any]:
        """Hook: what the form needs besides the data (the objects `prepare`
        loaded, for instance)."""
        return {}

    def data_from(self, form: forms.BaseForm) -> dict[str, Any]:
        """Hook: what a clean row's form gives the services (`row.data`)."""
        return form.cleaned_data

    def find(self, row: PreviewRow) -> Any:
        """Hook: the saved object `row.data` stands for, or None for a new one."""
        return None

    def changes(self, row: PreviewRow) -> dict[str, list[Any]]:
        """{field: [saved, from the file]} for what the row would change."""
        return {
            name: [getattr(row.target, name), value]
            for name, value in row.data.items()
            if getattr(row.target, name) != value
        }

    def warnings(self, row: PreviewRow) -> list[str]:
        """Hook: what the preview should point out about a clean row."""
        return []

    def apply_row(self, row: PreviewRow) -> None:  # pragma: no cover - abstract
        """Write one new or updated row through the services (`row.status` says
        which); a refusal raises ValidationError or PermissionDenied."""
        raise NotImplementedError

    def apply(self, rows: list[PreviewRow]) -> None:
        """Write every clean, changed row in file order (a hook for importers that
        need two passes)."""
        for row in rows:
            if row.status in (RowStatus.NEW, RowStatus.UPDATE):
                with self.writing(row):
                    self.apply_row(row)

    # -- reading the rows --

    def row_key(self, row: PreviewRow) -> tuple:
        return tuple(row.values.get(c, "").strip().lower() for c in self.key_columns)

    def duplicate_error(self, row: PreviewRow, first_line: int) -> None:
        row.error(
            self.duplicate_column or self.key_columns[0],
            _("duplikat: data yang sama sudah ada di baris %(row)s")
            % {"row": first_line},
        )

    def check(self, rows: list[tuple[int, dict[str, str]]]) -> Preview:
        """Every row read by its form, with its status; writes nothing."""
        parsed: list[PreviewRow] = []
        first_line: dict[tuple, int] = {}
        for line, values in rows:
            row = PreviewRow(line=line, values=values)
            for column in self.required_columns():
                if not values.get(column, "").strip():
                    row.error(column, _("wajib diisi"))
            key = self.row_key(row)
            if key and all(key):
                row.key = key
                if key in first_line:
                    self.duplicate_error(row, first_line[key])
                else:
                    first_line[key] = line
            if row.ok:
                self.bind(row)
            parsed.append(row)
        return Preview(
            rows=parsed, columns=list(self.columns), field_columns=self.field_columns
        )

    def bind(self, row: PreviewRow) -> None:
        """Bind `row` to the form; its errors go to their columns; a clean row gets
        its data, the saved object it stands for and its status."""
        data = self.form_data(row)
        form = self.form_class(data, present=set(data), **self.form_kwargs(row))
        if not form.is_valid():
            for name, errors in form.errors.as_data().items():
                for error in errors:
                    for message in error.messages:
                        row.error(self.column_for(name), message)
            return
        row.data = self.data_from(form)
        row.target = self.find(row)
        if row.target is None:
            row.status = RowStatus.NEW
        else:
            row.changes = self.changes(row)
            row.status = RowStatus.UPDATE if row.changes else RowStatus.UNCHANGED
        row.warnings = self.warnings(row)

    def column_for(self, name: str) -> str:
        return self.field_columns.get(name, self.row_column)

    @contextmanager
    def writing(self, row: PreviewRow) -> Iterator[None]:
        """Run the services for `row`: a refusal becomes the row's errors, in the
        columns of their fields. (Each service undoes its own writes when it
        refuses, in its own atomic block; a second savepoint per row would add two
        queries to every row of a large file.)"""
        try:
            yield
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    for message in messages:
                        row.error(self.column_for(name), message)
            else:
                for message in error.messages:
                    row.error(self.row_column, message)
        except PermissionDenied:
            row.error(self.row_column, _("Anda tidak berwenang mengubah data ini."))

    # -- preview and commit --

    def _run(self, rows: list[tuple[int, dict[str, str]]], *, keep: bool) -> Preview:
        with transaction.atomic():
            self.prepare(rows)
            preview = self.check(rows)
            self.apply([row for row in preview.rows if row.ok])
            for row in preview.rows:
                if row.errors:
                    row.status = RowStatus.ERROR
            if not (keep and preview.ok):
                transaction.set_rollback(True)
        return preview

    def parse(self, rows: list[tuple[int, dict[str, str]]]) -> Preview:
        """The preview: every row with its status and errors, found by running the
        commit inside a transaction that is always rolled back (mail and other
        `on_commit` work is dropped with it)."""
        return self._run(rows, keep=False)

    def commit(self, rows: list[tuple[int, dict[str, str]]]) -> ImportResult:
        """Validate and write every row in one transaction against the database of
        this moment; on any row error nothing is written and the result carries the
        errors (counts stay 0)."""
        preview = self._run(rows, keep=True)
        if not preview.ok:
            return ImportResult(errors=sorted(preview.errors, key=lambda e: e.row))
        return ImportResult(
            created=preview.count(RowStatus.NEW),
            updated=preview.count(RowStatus.UPDATE),
            unchanged=preview.count(RowStatus.UNCHANGED),
        )

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


def register(importer: type[Importer]) -> type[Importer]:
    """Class decorator: make an importer available on /imports/."""
    if not importer.identifier:
        raise ValueError(f"{importer.__name__} has no identifier")
    _REGISTRY[importer.identifier] = importer
    return importer


def get_importer(identifier: str) -> type[Importer] | None:
    return _REGISTRY.get(identifier)


def all_importers() -> list[type[Importer]]:
    """Every registered importer, in registration order."""
    return list(_REGISTRY.values())


def importers_for(user: Any) -> list[type[Importer]]:
    """The importers `user` may start from /imports/, in a stable order (those that
    need a context start from their object's page)."""
    return [
        cls
        for cls in _REGISTRY.values()
        if not cls.context_keys and cls.is_available_to(user)
    ]
