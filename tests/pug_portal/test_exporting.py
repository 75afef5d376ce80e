"""The exporter foundation: XLSX and CSV from a ListExporter, formula safety, the PDF
renderer and its static-only URL fetcher, the registry, /reports/ and the
export_report command."""

import csv
import datetime
import io
import socket
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pug_portal.reports import exporting
from pug_portal.reports.exporting import (
    SYSTEM_USER,
    Column,
    ExportParams,
    Kind,
    ListExporter,
    OutOfScope,
)
from pug_portal.reports.pdf import (
    PRINT_STATIC,
    ListPdfExporter,
    html_to_pdf,
    resolve_static,
    static_only_fetcher,
)

INJECTIONS = [
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
]


class Budget(ListExporter):
    """A list report over in-memory rows, standing in for the dossier reports."""

    identifier = "test-budget"
    verbose_name = "Anggaran uji"
    columns = (
        Column("Kegiatan", width=30),
        Column("Pagu", Kind.MONEY),
        Column("Tanggal", Kind.DATE),
        Column("Jumlah", Kind.NUMBER),
        Column("ARG", Kind.PERCENT),
    )
    data: list = [
        ["Penyuluhan gizi", Decimal("1250000"), datetime.date(2017, 3, 10), 12, 0.25],
        ["Posyandu", 300000, datetime.date(2026, 1, 5), None, None],
    ]

    def rows(self):
        yield from self.data

    def summary(self):
        return [("Jumlah kegiatan", len(self.data))]


class PrintedBudget(ListPdfExporter, Budget):
    identifier = "test-budget-pdf"
    verbose_name = "Anggaran uji cetak"

    def letterhead_unit(self):
        return "Dinas Kesehatan"


def workbook(exporter) -> object:
    return load_workbook(io.BytesIO(exporter.render()))


def pdf_text(content: bytes) -> str:
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    )


# --- XLSX ------------------------------------------------------------------------------


def test_xlsx_cells_hold_typed_values_with_their_formats():
    ws = workbook(Budget(user=SYSTEM_USER, fmt="xlsx"))["Data"]

    assert [c.value for c in ws[1]] == ["Kegiatan", "Pagu", "Tanggal", "Jumlah", "ARG"]
    name, money, date, number, percent = ws[2]
    assert name.value == "Penyuluhan gizi" and name.data_type == "s"
    assert money.value == 1250000 and money.data_type == "n"
    assert money.number_format == '"Rp" #,##0'
    assert date.is_date and date.value.date() == datetime.date(2017, 3, 10)
    assert date.number_format == "dd/mm/yyyy"
    assert number.value == 12 and number.number_format == "#,##0"
    assert percent.value == 0.25 and percent.number_format == "0.0%"
    assert ws["D3"].value is None


def test_xlsx_has_a_styled_frozen_filtered_header_and_column_widths():
    ws = workbook(Budget(user=SYSTEM_USER, fmt="xlsx"))["Data"]

    header = ws["A1"]
    assert header.font.b is True
    assert header.fill.fill_type == "solid"
    assert header.fill.fgColor.rgb.endswith("1F4E79")
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E3"
    assert ws.column_dimensions["A"].width == 30
    assert ws.column_dimensions["B"].width == 10


def test_xlsx_summary_goes_to_its_own_sheet():
    wb = workbook(Budget(user=SYSTEM_USER, fmt="xlsx"))

    assert wb.sheetnames == ["Data", "Ringkasan"]
    assert [c.value for c in wb["Ringkasan"][2]] == ["Jumlah kegiatan", 2]


@pytest.mark.parametrize("text", INJECTIONS)
def test_formula_like_text_stays_text_in_xlsx(text):
    class Hostile(Budget):
        data = [[text, text, text, text, text]]

    exporter = Hostile(user=SYSTEM_USER, fmt="xlsx")
    content = exporter.render()
    ws = load_workbook(io.BytesIO(content))["Data"]

    for cell in ws[2]:
        # Kept as typed, without a visible apostrophe (a CR comes back as LF when
        # openpyxl writes it raw without lxml, and as CR when lxml escapes it).
        assert cell.value in (text, text.replace("\r", "\n"))
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    assert (
        'quotePrefix="1"'
        in zipfile.ZipFile(io.BytesIO(content)).read("xl/styles.xml").decode()
    )


def test_plain_text_is_not_flagged_and_control_characters_are_dropped():
    class Messy(Budget):
        data = [["Rapat\x00 koor\x07dinasi\x1b", "a-b", None, None, None]]

    ws = workbook(Messy(user=SYSTEM_USER, fmt="xlsx"))["Data"]

    assert ws["A2"].value == "Rapat koordinasi"
    assert ws["A2"].quotePrefix is False
    assert ws["B2"].value == "a-b"  # text in a money column stays text


def test_xlsx_writes_aware_datetimes_in_jakarta_time():
    class Stamped(Budget):
        data = [
            ["x", 1, datetime.datetime(2026, 6, 15, 20, 0, tzinfo=datetime.UTC), 1, 1]
        ]

    ws = workbook(Stamped(user=SYSTEM_USER, fmt="xlsx"))["Data"]

    assert ws["C2"].value == datetime.datetime(2026, 6, 16, 3, 0)


def test_xlsx_streams_rows_from_a_generator_without_listing_them():
    produced = []

    class Lazy(Budget):
        def rows(self):
            for i in range(5):
                produced.append(i)
                yield [f"baris {i}", i, None, i, None]

    exporter = Lazy(user=SYSTEM_USER, fmt="xlsx")
    assert produced == []  # nothing read before writing starts
    ws = workbook(exporter)["Data"]
    assert ws.max_row == 6 and produced == [0, 1, 2, 3, 4]


# --- CSV -------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_reads_back():
    content = Budget(user=SYSTEM_USER, fmt="csv").render()

    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        ["Kegiatan", "Pagu", "Tanggal", "Jumlah", "ARG"],
        ["Penyuluhan gizi", "1250000", "2017-03-10", "12", "0.25"],
        ["Posyandu", "300000", "2026-01-05", "", ""],
    ]


@pytest.mark.parametrize("text", INJECTIONS)
def test_formula_like_text_gets_an_apostrophe_in_csv(text):
    class Hostile(Budget):
        data = [[text, None, None, None, None]]

    content = Hostile(user=SYSTEM_USER, fmt="csv").render().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline="")))

    assert rows[1][0] == "'" + text


def test_an_exporter_knows_its_content_type_and_filename(frozen_today):
    exporter = Budget(
        user=SYSTEM_USER, fmt="xlsx", params=ExportParams(year=2026, unit="Kec. Setu")
    )

    assert exporter.content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert exporter.filename() == "test-budget-kec-setu-2026-20260615.xlsx"
    assert Budget(user=SYSTEM_USER, fmt="csv").content_type.startswith("text/csv")
    with pytest.raises(ValueError):
        Budget(user=SYSTEM_USER, fmt="pdf")


# --- PDF -------------------------------------------------------------------------------


def test_pdf_has_letterhead_indonesian_formats_and_page_numbers(frozen_today):
    text = pdf_text(PrintedBudget(user=SYSTEM_USER, fmt="pdf").render())

    assert "PEMERINTAH KOTA TANGERANG SELATAN" in text  # settings, upper-cased by CSS
    assert "DINAS KESEHATAN" in text
    assert "Anggaran uji cetak" in text
    assert "Rp\xa01.250.000" in text
    assert "10 Maret 2017" in text
    assert "Dicetak 15 Juni 2026" in text
    assert "Halaman 1 dari 1" in text
    assert "Jumlah kegiatan" in text


def test_pdf_repeats_the_table_header_on_every_page_and_can_be_landscape():
    class Long(PrintedBudget):
        landscape = True
        data = [[f"Kegiatan {i}", i * 1000, None, i, None] for i in range(150)]

    reader = PdfReader(io.BytesIO(Long(user=SYSTEM_USER, fmt="pdf").render()))

    assert len(reader.pages) > 2
    box = reader.pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert "Kegiatan Pagu Tanggal" in text
        assert f"Halaman {number} dari {len(reader.pages)}" in text
    portrait = PdfReader(
        io.BytesIO(PrintedBudget(user=SYSTEM_USER, fmt="pdf").render())
    )
    assert portrait.pages[0].mediabox.height > portrait.pages[0].mediabox.width


def test_pdf_embeds_dejavu_sans():
    reader = PdfReader(io.BytesIO(PrintedBudget(user=SYSTEM_USER, fmt="pdf").render()))

    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("+DejaVu-Sans") for name in fonts), fonts


def test_user_text_is_escaped_in_the_pdf_and_fetches_nothing(monkeypatch):
    fetchers = []

    def spy():
        fetcher = static_only_fetcher()
        fetchers.append(fetcher)
        return fetcher

    monkeypatch.setattr("pug_portal.reports.pdf.static_only_fetcher", spy)

    class Hostile(PrintedBudget):
        data = [['<img src="file:///etc/passwd"> <b>tebal</b>', 1, None, 1, None]]

    text = pdf_text(Hostile(user=SYSTEM_USER, fmt="pdf").render())

    assert '<img src="file:///etc/passwd"> <b>tebal</b>' in text
    assert fetchers[0].served == [f"{PRINT_STATIC}css/print.css"]
    assert fetchers[0].refused == []


# --- the URL fetcher -------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything opens a socket connection."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_fetcher_serves_only_files_of_the_static_directories(settings):
    assert resolve_static(f"{PRINT_STATIC}css/print.css") == (
        settings.BASE_DIR / "static" / "css" / "print.css"
    )
    refused = [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.png",
        "data:text/css,body{color:red}",
        "ftp://example.com/x",
        f"{PRINT_STATIC}../../etc/passwd",
        f"{PRINT_STATIC}css/../../../etc/passwd",
        f"{PRINT_STATIC}css/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{PRINT_STATIC}/etc/passwd",
        f"{PRINT_STATIC}css\\..\\..\\etc\\passwd",
        f"{PRINT_STATIC}css/does-not-exist.css",
        f"{PRINT_STATIC}",
        "../../etc/passwd",
        "/etc/passwd",
    ]
    for url in refused:
        assert resolve_static(url) is None, url


def test_rendering_hostile_html_fetches_nothing_and_still_succeeds(
    tmp_path, no_network
):
    # If any of these were fetched, its text would appear in the PDF.
    leak = tmp_path / "leak.css"
    leak.write_text('body::after { content: "BOCOR-FILE"; }')
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    data_css = "data:text/css,body::before{content:'BOCOR-DATA'}"
    html = f"""<!doctype html><html><head>
      <link rel="stylesheet" href="{PRINT_STATIC}css/print.css">
      <link rel="stylesheet" href="file://{leak}">
      <link rel="stylesheet" href="{data_css}">
      <link rel="stylesheet" href="http://example.com/x.css">
      <link rel="stylesheet" href="{PRINT_STATIC}../../../../../../{leak}">
      </head><body>
      <p>Isi dokumen</p>
      <img src="file:///etc/passwd">
      <img src="http://example.com/x.png">
      <img src="https://example.com/x.png">
      <img src="data:image/png;base64,iVBORw0KGgo=">
      <img src="../../etc/passwd">
      <img src="{PRINT_STATIC}../../../../../../{outside}">
      <img src="{PRINT_STATIC}css/../../../../../../{outside}">
      </body></html>"""
    fetcher = static_only_fetcher()
    out = io.BytesIO()

    html_to_pdf(html, out, fetcher)

    text = pdf_text(out.getvalue())
    assert "Isi dokumen" in text
    assert "BOCOR" not in text
    assert fetcher.served == [f"{PRINT_STATIC}css/print.css"]
    refused = " ".join(fetcher.refused)
    for needle in ("file://", "http://example.com", "https://", "data:", ".."):
        assert needle in refused
    assert no_network == []


# --- the registry ----------------------------------------------------------------------


@pytest.fixture
def registered():
    """Register the test exporters for one test; a restricted one needs accounts:manage."""

    class AdminOnly(Budget):
        identifier = "test-admin-only"
        verbose_name = "Khusus admin"
        permission = "accounts:manage"

    class Scoped(Budget):
        identifier = "test-scoped"
        verbose_name = "Terbatas"

        def prepare(self):
            if self.params.unit and self.params.unit != "Dinkes":
                raise OutOfScope(self.params.unit)

    classes = [Budget, PrintedBudget, AdminOnly, Scoped]
    for cls in classes:
        exporting.register(cls)
    yield {cls.identifier: cls for cls in classes}
    for cls in classes:
        exporting.unregister(cls.identifier)


def test_register_refuses_a_second_class_with_the_same_identifier(registered):
    class Impostor(ListExporter):
        identifier = "test-budget"
        verbose_name = "Palsu"

    with pytest.raises(Exception, match="Two exporters"):
        exporting.register(Impostor)
    exporting.register(Budget)  # the same class again is fine
    assert exporting.get_exporter("test-budget") is Budget


def test_register_refuses_bad_identifiers_and_formats():
    class NoSlug(ListExporter):
        identifier = "Bukan Slug"

    class BadFormat(ListExporter):
        identifier = "bad-format"
        formats = ("docx",)

    for cls in (NoSlug, BadFormat):
        with pytest.raises(Exception, match="identifier|formats"):
            exporting.register(cls)


def test_exporters_for_follows_each_reports_permission(registered, admin, reviewer):
    assert "test-admin-only" in {c.identifier for c in exporting.exporters_for(admin)}
    mine = {c.identifier for c in exporting.exporters_for(reviewer)}
    assert {"test-budget", "test-budget-pdf"} <= mine
    assert "test-admin-only" not in mine
    assert exporting.exporters_for(None) == []


def test_the_directory_report_is_registered_by_its_app():
    assert exporting.get_exporter("direktori-focal-point") is not None


# --- /reports/ ---------------------------------------------------------------------------


def test_reports_page_lists_what_the_user_may_download(
    registered, client_for, reviewer
):
    response = client_for(reviewer).get(reverse("reports"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Anggaran uji cetak" in html
    assert reverse("report_download", args=["test-budget-pdf", "pdf"]) in html
    assert reverse("report_download", args=["test-budget", "csv"]) in html
    assert "Khusus admin" not in html


def test_download_sends_the_file_as_an_attachment(registered, client_for, reviewer):
    response = client_for(reviewer).get(
        reverse("report_download", args=["test-budget", "xlsx"])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "test-budget-" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content))["Data"]
    assert ws["A2"].value == "Penyuluhan gizi"


def test_download_answers_403_without_the_reports_permission(
    registered, client_for, reviewer, admin
):
    url = reverse("report_download", args=["test-admin-only", "xlsx"])

    assert client_for(reviewer).get(url).status_code == 403
    assert client_for(admin).get(url).status_code == 200


@pytest.mark.parametrize(
    "identifier, fmt",
    [("no-such-report", "xlsx"), ("test-budget", "pdf"), ("test-budget", "docx")],
)
def test_download_answers_404_for_unknown_reports_and_formats(
    registered, client_for, reviewer, identifier, fmt
):
    url = reverse("report_download", args=[identifier, fmt])

    assert client_for(reviewer).get(url).status_code == 404


def test_download_answers_404_outside_scope_and_400_for_bad_parameters(
    registered, client_for, reviewer
):
    url = reverse("report_download", args=["test-scoped", "csv"])
    client = client_for(reviewer)

    assert client.get(url, {"unit": "Dinkes"}).status_code == 200
    assert client.get(url, {"unit": "Kec. Setu"}).status_code == 404
    assert client.get(url, {"year": "dua ribu"}).status_code == 400


def test_download_sends_anonymous_users_to_login(registered, client):
    response = client.get(reverse("report_download", args=["test-budget", "xlsx"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- manage.py export_report -------------------------------------------------------------


def test_export_report_writes_the_file_and_says_so(registered, tmp_path, db):
    out = tmp_path / "anggaran.csv"
    stdout = io.StringIO()

    call_command(
        "export_report",
        "test-budget",
        "--format",
        "csv",
        "--out",
        str(out),
        stdout=stdout,
    )

    assert out.read_bytes().startswith(b"\xef\xbb\xbfKegiatan,Pagu")
    assert str(out) in stdout.getvalue()
    assert list(tmp_path.iterdir()) == [out]  # no partial file left behind


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-report", "--format", "xlsx"], "Unknown report"),
        (["test-budget", "--format", "pdf"], "has no pdf format"),
        (["test-scoped", "--format", "csv", "--unit", "Kec. Setu"], "No such unit"),
    ],
)
def test_export_report_fails_loudly(registered, tmp_path, db, args, message):
    out = tmp_path / "out.bin"

    with pytest.raises(CommandError, match=message):
        call_command("export_report", *args, "--out", str(out))
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def extra_static(settings, tmp_path):
    """A second static directory with a logo and a symlink pointing out of it."""
    from PIL import Image

    root = tmp_path / "static_extra"
    (root / "img").mkdir(parents=True)
    Image.new("RGB", (8, 8), "navy").save(root / "img" / "logo.png")
    (root / "img" / "escape.css").symlink_to("/etc/passwd")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, root]
    return root


def test_the_logo_setting_puts_the_logo_in_the_letterhead(
    extra_static, settings, monkeypatch
):
    settings.PUG_LOGO_STATIC = "img/logo.png"
    fetchers = []

    def spy():
        fetchers.append(static_only_fetcher())
        return fetchers[-1]

    monkeypatch.setattr("pug_portal.reports.pdf.static_only_fetcher", spy)

    reader = PdfReader(io.BytesIO(PrintedBudget(user=SYSTEM_USER, fmt="pdf").render()))

    assert f"{PRINT_STATIC}img/logo.png" in fetchers[0].served
    images = reader.pages[0]["/Resources"]["/XObject"].values()
    assert any(x.get_object()["/Subtype"] == "/Image" for x in images)


def test_fetcher_refuses_a_symlink_out_of_the_static_directories(extra_static):
    assert resolve_static(f"{PRINT_STATIC}img/logo.png") is not None
    assert resolve_static(f"{PRINT_STATIC}img/escape.css") is None
