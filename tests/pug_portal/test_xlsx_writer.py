"""The XLSX writer writes the rows it can as one element each
(StreamingWorksheet._row_element): the files must be the very bytes openpyxl's own
path writes, whatever the values, and a row it cannot write goes through openpyxl."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from pug_portal.reports import exporting
from pug_portal.reports.exporting import (
    SYSTEM_USER,
    Column,
    Kind,
    ListExporter,
    StreamingWorkbook,
    StreamingWorksheet,
    Typed,
)


def members(content: bytes) -> dict[str, bytes]:
    """Every file of the archive but its creation time."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name != "docProps/core.xml"
        }


def stock_path(monkeypatch) -> None:
    """Every row through openpyxl's own cell writer."""
    monkeypatch.setattr(StreamingWorksheet, "_row_element", lambda *a: None)


def write(rows, workbook_class=StreamingWorkbook) -> bytes:
    workbook = workbook_class(
        **({} if workbook_class is StreamingWorkbook else {"write_only": True})
    )
    ws = workbook.create_sheet("Data")
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


TRICKY = [
    ["plain", " leading", "trailing ", "\tTab", "line\nbreak", "cr\r\nlf", "a&b<c>d"],
    ["", "é ñ 漢字 😀", "x" * 40_000, "\"quoted\" 'single'", "]]>", "&amp;", None],
    [0, -1, 2**53 + 1, 10**20, 1.5, -0.000123, 1e300],
    [
        Decimal("1250000.50"),
        Decimal("0"),
        Decimal("-3.14159265358979323846"),
        True,
        False,
    ],
    [None, None, None],
    [],
    ["=", "=1+1", "#N/A", "#REF!", "-2", "+x", "@SUM(A1)"],
    [float("nan"), float("inf"), Decimal("NaN"), 1],
    [datetime.date(2026, 3, 10), datetime.datetime(2026, 3, 10, 8, 30), "after"],
    ["\ufffe bad", "ok"],
]


def test_plain_values_give_openpyxls_own_bytes():
    ours = write(TRICKY[:8] + TRICKY[8:9])
    stock = write(TRICKY[:8] + TRICKY[8:9], Workbook)

    assert members(ours) == members(stock)


def test_characters_xml_cannot_hold_fail_as_openpyxl_fails():
    for row in (["a\x01b"], ["\ufffe bad"]):
        with pytest.raises(Exception) as ours:
            write([row])
        with pytest.raises(Exception) as stock:
            write([row], Workbook)
        assert type(ours.value) is type(stock.value)


def test_rows_it_cannot_write_go_through_openpyxl(monkeypatch):
    taken = []
    original = StreamingWorksheet._row_element

    def spy(self, values, row_idx):
        element = original(self, values, row_idx)
        taken.append(element is not None)
        return element

    monkeypatch.setattr(StreamingWorksheet, "_row_element", spy)
    write([["text", 1], ["=1+1"], [datetime.date(2026, 1, 1)], ["#N/A"], [2.5]])

    # the formula, the date (openpyxl styles it) and the error value are not its
    assert taken == [True, False, False, False, True]


class Everything(ListExporter):
    """Every kind of column and of value the exporters write."""

    identifier = "test-writer-everything"
    verbose_name = "Uji penulis"
    columns = (
        Column("Teks", width=30),
        Column("Pagu", Kind.MONEY),
        Column("Tanggal", Kind.DATE),
        Column("Jumlah", Kind.NUMBER),
        Column("Persen", Kind.PERCENT),
        Column("Bilangan", Kind.INTEGER),
        Column("Desimal", Kind.DECIMAL),
    )
    data: list = []

    def rows(self):
        yield from self.data

    def summary(self):
        return [("Jumlah", len(self.data)), ("Catatan", "=bukan rumus")]


EXPORTER_ROWS = [
    ["Penyuluhan", Decimal("1250000"), datetime.date(2017, 3, 10), 12, 0.25, 7, 1.5],
    [None, None, None, None, None, None, None],
    ["=HYPERLINK(1)", "-2", "teks", "@x", "#N/A", "\r=1", "\t=1"],
    [
        "Rapat\x00 koor\x07dinasi",
        1,
        datetime.datetime(2026, 6, 15, 20, 0, tzinfo=datetime.UTC),
        True,
        False,
        "",
        " ",
    ],
    [
        Typed(5, Kind.MONEY),
        Typed(0.5, Kind.PERCENT),
        Typed("x", Kind.TEXT),
        Typed(None, Kind.NUMBER),
        1,
        2,
        3,
    ],
    ["", "", "", "", "", "", ""],
    [
        "a&b <c>",
        10**15,
        datetime.datetime(2026, 1, 1, 7, 0),
        -1,
        -0.5,
        0,
        Decimal("-0.001"),
    ],
]


def test_an_export_is_the_same_file_either_way(monkeypatch):
    Everything.data = EXPORTER_ROWS
    ours = Everything(user=SYSTEM_USER, fmt="xlsx").render()
    stock_path(monkeypatch)
    stock = Everything(user=SYSTEM_USER, fmt="xlsx").render()

    assert members(ours) == members(stock)
    ws = load_workbook(io.BytesIO(ours))["Data"]
    assert [c.value for c in ws[2]] == [
        "Penyuluhan",
        1250000,
        datetime.datetime(2017, 3, 10),
        12,
        0.25,
        7,
        1.5,
    ]
    assert ws["A4"].value == "=HYPERLINK(1)" and ws["A4"].data_type == "s"


cell_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.booleans(),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell_values, max_size=6), max_size=4))
def test_any_rows_give_the_bytes_of_openpyxls_path(rows):
    columns = (Column("a"), Column("b", Kind.MONEY), Column("c", Kind.NUMBER))
    padded = [(row + [None] * 3)[:3] for row in rows]

    class Any(Everything):
        identifier = "test-writer-any"

    Any.columns, Any.data = columns, padded

    def render(fast: bool):
        original = StreamingWorksheet._row_element
        if not fast:
            StreamingWorksheet._row_element = lambda *a: None
        try:
            return Any(user=SYSTEM_USER, fmt="xlsx").render()
        except Exception as error:  # noqa: BLE001 - both paths must fail alike
            return type(error)
        finally:
            StreamingWorksheet._row_element = original

    ours, stock = render(True), render(False)
    if isinstance(ours, bytes) and isinstance(stock, bytes):
        assert members(ours) == members(stock)
    else:
        assert ours == stock
    # raw values straight into a sheet, as openpyxl's own write-only sheet takes them
    try:
        raw_ours = members(write(rows))
    except Exception as error:  # noqa: BLE001
        raw_ours = type(error)
    try:
        raw_stock = members(write(rows, Workbook))
    except Exception as error:  # noqa: BLE001
        raw_stock = type(error)
    assert raw_ours == raw_stock


def test_without_lxml_every_row_goes_through_openpyxl(monkeypatch):
    exporting._row_xml_parser.cache_clear()
    monkeypatch.setattr("openpyxl.LXML", False)
    try:
        assert exporting._row_xml_parser() is None
        Everything.data = EXPORTER_ROWS[:1]
        ws = load_workbook(
            io.BytesIO(Everything(user=SYSTEM_USER, fmt="xlsx").render())
        )["Data"]
        assert ws["A2"].value == "Penyuluhan"
    finally:
        exporting._row_xml_parser.cache_clear()
