"""A corpus of malformed and hostile upload files, generated here (nothing binary is
committed): each builder returns the bytes of one file, small enough to build in a
few milliseconds, shaped like the file an attacker or a broken tool would send.

Every file starts from a real workbook (openpyxl's own output), so the one defect
it carries is the only reason to refuse it."""

from __future__ import annotations

import io
import zipfile

from tests.factories import xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def zip_with(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def workbook_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def sparse_dimension(header: list[str]) -> bytes:
    """4–5 KB: the sheet declares A1:XFD1048576 and holds the header in row 1 and one
    cell at row 1,048,576. A reader that trusts the dimension pads a million rows to
    16,384 columns."""
    parts = workbook_parts(xlsx_bytes([header]))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    cells = b"".join(
        _inline(f"{letters[i]}1", name) for i, name in enumerate(header[:26])
    )
    parts[SHEET] = (
        b'<worksheet xmlns="' + MAIN_NS + b'"><dimension ref="A1:XFD1048576"/>'
        b'<sheetData><row r="1">' + cells + b"</row>"
        b'<row r="1048576">' + _inline("A1048576", "x") + b"</row>"
        b"</sheetData></worksheet>"
    )
    return zip_with(parts)


def wide_rows(header: list[str], rows: int = 5_000) -> bytes:
    """Every row has one cell at column XFD (16,384): a reader that pads each row to
    its last cell builds 80 million empty cells."""
    parts = workbook_parts(xlsx_bytes([header]))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = [
        b'<row r="1">'
        + b"".join(_inline(f"{letters[i]}1", n) for i, n in enumerate(header[:26]))
        + b"</row>"
    ]
    body += [
        f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>'.encode()
        for r in range(2, rows + 2)
    ]
    parts[SHEET] = (
        b'<worksheet xmlns="'
        + MAIN_NS
        + b'"><sheetData>'
        + b"".join(body)
        + b"</sheetData></worksheet>"
    )
    return zip_with(parts)


def zip_bomb(header: list[str]) -> bytes:
    """~20 KB that inflate to 20 MB at a ratio of ~1,000 (real sheets: 5–30)."""
    parts = workbook_parts(xlsx_bytes([header]))
    parts[SHEET] = b" " * (20 * 1024 * 1024)
    return zip_with(parts)


def macro_workbook(header: list[str]) -> bytes:
    """An .xlsm: a VBA project inside, the content type says macro-enabled."""
    parts = workbook_parts(xlsx_bytes([header]))
    parts["xl/vbaProject.bin"] = b"\0" * 64
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
    )
    return zip_with(parts)


def external_link(header: list[str]) -> bytes:
    """A workbook whose cells are formulas into another file on a share."""
    parts = workbook_parts(xlsx_bytes([header, ["x"] * len(header)]))
    parts["xl/externalLinks/externalLink1.xml"] = (
        b'<externalLink xmlns="' + MAIN_NS + b'"><externalBook '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships" r:id="rId1"><sheetNames><sheetName val="Data"/>'
        b"</sheetNames></externalBook></externalLink>"
    )
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.'
        b"openxmlformats.org/officeDocument/2006/relationships/externalLinkPath"
        b'" Target="file:///\\\\server\\share\\anggaran.xlsx" TargetMode="External"/>'
        b"</Relationships>"
    )
    return zip_with(parts)


def doctype(header: list[str]) -> bytes:
    """The sheet declares entities ("billion laughs")."""
    parts = workbook_parts(xlsx_bytes([header]))
    parts[SHEET] = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + parts[SHEET]
    )
    return zip_with(parts)


def non_utf8_csv(header: list[str]) -> bytes:
    """A CSV saved as Windows-1252 (Excel's "CSV" on an Indonesian Windows)."""
    row = ["Déwi Ästuti"] * len(header)
    return (",".join(header) + "\n" + ",".join(row) + "\n").encode("cp1252")


# name → builder; every one of them is refused at upload, whatever the importer.
REFUSED = {
    "sparse-dimension": sparse_dimension,
    "wide-rows": wide_rows,
    "zip-bomb": zip_bomb,
    "macro": macro_workbook,
    "external-link": external_link,
    "doctype": doctype,
    "non-utf8-csv": non_utf8_csv,
}
HUGE_AMOUNTS = ("1e100000", "1" * 30, "-1e100000", "9" * 16 + ",5")
