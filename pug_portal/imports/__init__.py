"""Imports from spreadsheets: reading an upload safely, the importer base class and its
registry, and the services behind the upload → preview → commit pages.

An importer reads each row with the page's form (`forms.ImportFormMixin`) and writes
it through the page's services, so an import meets every rule of the page, in the
page's words. The preview is that run inside a transaction that is always rolled
back; the commit is the same run against the database of that moment, kept only when
every row is clean, so a failure on any row rolls back every row.

Apps declare their importers in an `importers` module (`focal_points/importers/`,
`evaluations/importers/`) and register them with `@register`; the registry finds
those modules itself (like the Django admin does), so this module never imports an app.

Safety of uploads (`inspect_upload`): the type comes from the bytes, not the name; the
size is limited (`MAX_UPLOAD_MB`); a zip is examined entry by entry *before* openpyxl
opens it — macros (`vbaProject.bin`) are refused, and so is anything that would inflate
beyond `IMPORT_MAX_UNCOMPRESSED_MB` or at a ratio no real workbook has (a
decompression bomb), without inflating a byte; so are workbooks with external links
and XML DOCTYPEs. Formulas are read as their cached values, never evaluated. A sheet's
declared size is not trusted: rows are read as the file holds them, at most
`MAX_COLUMNS` wide, and reading stops past a fixed number of lines (blank ones
included) per allowed row, so a single cell at row 1,048,576 costs nothing.
"""

from pug_portal.imports.base import (
    ImportColumn,
    Importer,
    ImportResult,
    Preview,
    PreviewRow,
    RowError,
    RowStatus,
    all_importers,
    get_importer,
    importers_for,
    register,
)
from pug_portal.imports.batches import (
    batch_commit,
    batch_commit_enqueue,
    batch_commit_pending,
    batch_create,
    batch_importer,
    batch_is_large,
    batch_preview,
    batches_purge,
)
from pug_portal.imports.reading import (
    CSV,
    XLSX,
    CellError,
    TableError,
    cell_text,
    inspect_upload,
    max_upload_bytes,
    normalize_header,
    parse_amount,
    parse_choice,
    parse_date,
    parse_flag,
    parse_int,
    read_table,
    row_limit,
)

__all__ = [
    "CSV",
    "XLSX",
    "CellError",
    "ImportColumn",
    "ImportResult",
    "Importer",
    "Preview",
    "PreviewRow",
    "RowError",
    "RowStatus",
    "TableError",
    "all_importers",
    "batch_commit",
    "batch_commit_enqueue",
    "batch_commit_pending",
    "batch_create",
    "batch_importer",
    "batch_is_large",
    "batch_preview",
    "batches_purge",
    "cell_text",
    "get_importer",
    "importers_for",
    "inspect_upload",
    "max_upload_bytes",
    "normalize_header",
    "parse_amount",
    "parse_choice",
    "parse_date",
    "parse_flag",
    "parse_int",
    "read_table",
    "register",
    "row_limit",
]
