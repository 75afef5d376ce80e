"""The import framework: safe reading of uploads, the pages, and who sees a batch."""

import datetime
import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from focal_points.models import Unit
from pug_portal import imports as importing
from pug_portal.imports import TableError, inspect_upload, read_table, reading
from pug_portal.models import ActivityLog, ImportBatch, ImportBatchState
from tests.factories import import_batch, xlsx_bytes
from tests.malformed import workbook_parts, zip_with

UNITS = [
    ["short_name", "name", "unit_type", "parent_short_name"],
    ["Kec. A", "Kecamatan A", "KECAMATAN", ""],
    ["Kel. A", "Kelurahan A", "KELURAHAN", "Kec. A"],
]


def read(data: bytes, name: str = "data.xlsx", required=("short_name",), **kwargs):
    return read_table(io.BytesIO(data), name=name, required=required, **kwargs)


def upload(client, data: bytes, name: str = "data.xlsx", importer: str = "units"):
    return client.post(
        reverse("import_upload", args=[importer]),
        {"file": SimpleUploadedFile(name, data)},
    )


# --- what the reader accepts -------------------------------------------------------


def test_the_type_comes_from_the_content_not_the_name():
    assert inspect_upload(xlsx_bytes(UNITS), name="units.csv") == importing.XLSX
    assert inspect_upload(b"short_name\nA\n", name="units.txt") == importing.CSV
    with pytest.raises(TableError, match="bernama .xlsx tetapi isinya bukan XLSX"):
        inspect_upload(b"short_name,name\nA,B\n", name="units.xlsx")
    with pytest.raises(TableError, match="bukan XLSX yang sah"):
        # A zip, but not a workbook (a DOCX, an archive of photos...).
        inspect_upload(zip_with({"word/document.xml": b"<w/>"}), name="a.xlsx")
    with pytest.raises(TableError, match=r"\.xls\) tidak diterima"):
        inspect_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, name="a.xls")
    with pytest.raises(TableError, match="bukan CSV berenkode UTF-8"):
        inspect_upload("nama\nJosé\n".encode("latin-1"), name="a.csv")


def test_an_empty_file_and_a_file_with_only_headers_are_refused():
    with pytest.raises(TableError, match="Berkas kosong"):
        inspect_upload(b"  \n", name="a.csv")
    with pytest.raises(TableError, match="Berkas kosong"):
        read(xlsx_bytes([]))
    with pytest.raises(TableError, match="hanya ada judul kolom di baris 1"):
        read(xlsx_bytes([["short_name"]]))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(TableError, match=r"terlalu besar \(1,1 MB\)\. Batas 1 MB"):
        inspect_upload(b"a,b\n" * 290_000, name="big.csv")


def test_too_many_rows_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["short_name"], *[[f"U{i}"] for i in range(4)]]
    with pytest.raises(TableError, match="Terlalu banyak baris \\(batas 3\\)"):
        read(xlsx_bytes(rows))
    assert len(read(xlsx_bytes(rows[:4]))) == 3


def test_headers_are_matched_loosely_and_may_follow_a_title_block():
    rows = read(
        xlsx_bytes(
            [["Short Name ", "NAME"], ["Dinkes", "Dinas Kesehatan"]],
            above=[["Daftar Perangkat Daerah"], []],
        ),
        required=["short_name", "name"],
    )
    assert rows == [(4, {"short_name": "Dinkes", "name": "Dinas Kesehatan"})]


def test_missing_and_repeated_headers_say_which_and_where():
    with pytest.raises(TableError) as missing:
        read(xlsx_bytes([["nama", "jenis"], ["A", "B"]]), required=["short_name"])
    assert "Kolom wajib tidak ada: short_name (baris 1, judul kolom)" in str(
        missing.value
    )
    assert "Kolom yang ditemukan: nama, jenis" in str(missing.value)
    with pytest.raises(TableError, match="kolom name muncul dua kali"):
        read(xlsx_bytes([["short_name", "name", "Name"], ["A", "B", "C"]]))


def test_cells_read_as_typed():
    rows = read(
        xlsx_bytes(
            [
                ["short_name", "pagu", "nip", "tanggal"],
                ["A", 1250000.0, 198001012005012001.0, "2026-01-05"],
            ]
        )
    )
    values = rows[0][1]
    assert values["pagu"] == "1250000"
    # An 18-digit NIP typed as a number has lost digits: it must not look valid.
    assert values["nip"] != "198001012005012001"
    assert not values["nip"].isdigit()


def test_a_workbook_with_macros_is_refused():
    parts = workbook_parts(xlsx_bytes(UNITS))
    with pytest.raises(TableError, match="makro"):
        inspect_upload(zip_with({**parts, "xl/vbaProject.bin": b"\0" * 64}))
    macro_types = parts["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
    )
    assert macro_types != parts["[Content_Types].xml"]
    with pytest.raises(TableError, match="makro"):
        inspect_upload(zip_with({**parts, "[Content_Types].xml": macro_types}))


def test_external_links_are_not_followed(monkeypatch):
    calls = []
    real = reading.load_workbook

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(reading, "load_workbook", spy)
    read(xlsx_bytes(UNITS))
    assert calls == [{"read_only": True, "data_only": True, "keep_links": False}]


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A valid workbook whose sheet inflates to 300 MB from ~300 KB."""
    parts = workbook_parts(xlsx_bytes(UNITS))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, content)
        # Well-formed: one inline-string cell of 300 MB, which a parser would hold.
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData><row r="1">'
                b'<c r="A1" t="inlineStr"><is><t>'
            )
            for _ in range(300):
                sheet.write(b"A" * 1024 * 1024)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def test_a_decompression_bomb_is_refused_with_flat_memory(bomb):
    """Bounded by memory, not by a clock (a wall-clock bound fails on a busy
    machine): reading the 300 MB sheet would show in the peak."""
    assert len(bomb) < 2 * 1024 * 1024
    tracemalloc.start()
    with pytest.raises(TableError, match="membengkak menjadi 300,0 MB"):
        read(bomb)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Only the compressed upload itself was held, never the inflated sheet.
    assert peak < 3 * len(bomb) + 1024 * 1024


def test_a_small_bomb_is_caught_by_its_ratio(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 500
    parts = workbook_parts(xlsx_bytes(UNITS))
    parts["xl/worksheets/sheet1.xml"] = b" " * (20 * 1024 * 1024)
    with pytest.raises(TableError, match="rasio kompresi tidak wajar"):
        inspect_upload(zip_with(parts))


# --- the pages -----------------------------------------------------------------------


def test_the_list_shows_only_the_importers_a_role_may_use(
    client_for, reviewer, focal_a
):
    reviewer_page = client_for(reviewer).get(reverse("import_list"))
    assert [i.identifier for i in reviewer_page.context["importers"]] == [
        "units",
        "focal-points",
        "budget-lines",
        "total-belanja",
    ]
    focal_page = client_for(focal_a).get(reverse("import_list"))
    assert [i.identifier for i in focal_page.context["importers"]] == ["budget-lines"]
    assert (
        client_for(focal_a).get(reverse("import_upload", args=["units"])).status_code
        == 403
    )
    assert (
        client_for(reviewer)
        .get(reverse("import_upload", args=["no-such-importer"]))
        .status_code
        == 404
    )


def test_units_upload_preview_commit_and_result(client_for, reviewer):
    client = client_for(reviewer)
    response = upload(client, xlsx_bytes(UNITS))
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    assert batch.user == reviewer and batch.state == ImportBatchState.PREVIEWED
    preview = client.get(batch.get_absolute_url())
    assert "Impor sekarang" in preview.text
    assert preview.context["preview"].counts["new"] == 2
    assert not Unit.objects.exists()

    result = client.post(reverse("import_commit", args=[batch.pk]), follow=True)
    assert result.redirect_chain[-1][0] == reverse("import_result", args=[batch.pk])
    assert result.context["result"]["created"] == 2
    assert Unit.objects.get(short_name="Kel. A").parent.short_name == "Kec. A"
    log = ActivityLog.objects.for_object(batch).get()
    assert (log.action, log.actor, log.data["created"]) == (
        "import.commit",
        reviewer,
        2,
    )
    # The list shows the batch with its state as text.
    listing = client.get(reverse("import_list"))
    assert "Diimpor" in listing.text and "data.xlsx" in listing.text
    # The preview of a committed batch is its result; a second commit does nothing.
    assert client.get(reverse("import_preview", args=[batch.pk])).status_code == 302
    again = client.post(reverse("import_commit", args=[batch.pk]), follow=True)
    assert "Berkas ini sudah diimpor." in again.text
    assert Unit.objects.count() == 2


def test_an_unreadable_upload_is_an_error_on_the_form_and_is_not_kept(
    client_for, reviewer
):
    client = client_for(reviewer)
    response = upload(client, b"short_name,name\nA,B\n", name="units.xlsx")
    assert response.status_code == 200
    assert "bernama .xlsx tetapi isinya bukan XLSX" in response.text
    response = upload(client, xlsx_bytes([["nama"], ["A"]]))
    assert "Kolom wajib tidak ada: short_name, name, unit_type" in response.text
    assert not ImportBatch.objects.exists()


def test_a_bomb_uploaded_through_the_page_is_refused(client_for, reviewer, bomb):
    response = upload(client_for(reviewer), bomb)
    assert response.status_code == 200
    assert "membengkak" in response.text
    assert not ImportBatch.objects.exists()


def test_a_macro_workbook_uploaded_through_the_page_is_refused(client_for, reviewer):
    parts = workbook_parts(xlsx_bytes(UNITS))
    xlsm = zip_with({**parts, "xl/vbaProject.bin": b"\0" * 64})
    response = upload(client_for(reviewer), xlsm, name="units.xlsm")
    assert "Berkas berisi makro" in response.text
    assert not ImportBatch.objects.exists()


def test_bad_rows_block_the_commit_and_write_nothing(client_for, reviewer):
    client = client_for(reviewer)
    rows = [
        *UNITS,
        ["Kec. A", "Lagi", "KECAMATAN", ""],
        ["Kel. B", "B", "KELURAHAN", "Kec. X"],
    ]
    upload(client, xlsx_bytes(rows))
    batch = ImportBatch.objects.get()
    preview = client.get(batch.get_absolute_url())
    errors = {(e.row, e.column) for e in preview.context["preview"].errors}
    assert errors == {(4, "short_name"), (5, "parent_short_name")}
    assert "Impor sekarang" not in preview.text
    only_errors = client.get(batch.get_absolute_url() + "?tampil=galat")
    assert [r["row"].line for r in only_errors.context["rows"]] == [4, 5]
    # Posting anyway is refused by the service, which re-validates.
    result = client.post(reverse("import_commit", args=[batch.pk]), follow=True)
    assert "tidak ada data yang disimpan" in result.text
    assert "induk Kec. X tidak dikenal" in result.text
    assert not Unit.objects.exists()
    batch.refresh_from_db()
    assert batch.state == ImportBatchState.FAILED


def test_a_batch_is_404_for_anyone_but_its_uploader_and_admins(
    client_for, reviewer, admin, focal_a, focal_b
):
    other_reviewer = type(reviewer).objects.create(username="t_rev2", role="reviewer")
    batch = import_batch(
        reviewer, importer="units", data=xlsx_bytes(UNITS), name="units.xlsx"
    )
    for url in (
        reverse("import_preview", args=[batch.pk]),
        reverse("import_result", args=[batch.pk]),
    ):
        assert client_for(other_reviewer).get(url).status_code == 404
        assert client_for(focal_a).get(url).status_code == 404
    commit = reverse("import_commit", args=[batch.pk])
    assert client_for(other_reviewer).post(commit).status_code == 404
    # Administrators may look, but the import stays the uploader's to run.
    assert client_for(admin).get(batch.get_absolute_url()).status_code == 200
    assert client_for(admin).post(commit).status_code == 403
    assert not Unit.objects.filter(short_name__in=["Kec. A", "Kel. A"]).exists()


def test_commit_is_post_only(client_for, reviewer):
    batch = import_batch(
        reviewer, importer="units", data=xlsx_bytes(UNITS), name="units.xlsx"
    )
    response = client_for(reviewer).get(reverse("import_commit", args=[batch.pk]))
    assert response.status_code == 405


def test_the_list_page_costs_a_fixed_number_of_queries(
    client_for, reviewer, django_assert_num_queries
):
    client = client_for(reviewer)
    client.get(reverse("import_list"))  # warm the session
    for size in (1, 5):
        for _ in range(size):
            import_batch(
                reviewer, importer="units", data=xlsx_bytes(UNITS), name="u.xlsx"
            )
        # session, user, the batches
        with django_assert_num_queries(3):
            client.get(reverse("import_list"))


@pytest.mark.parametrize(
    "doctype",
    [
        # XXE: an external entity naming a local file
        b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        # "billion laughs": nested entities that expand exponentially
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
    ],
    ids=["xxe", "billion-laughs"],
)
def test_xml_entity_declarations_are_refused(doctype):
    parts = workbook_parts(xlsx_bytes(UNITS))
    sheet = parts["xl/worksheets/sheet1.xml"]
    declaration_end = sheet.index(b"?>") + 2 if sheet.startswith(b"<?xml") else 0
    parts["xl/worksheets/sheet1.xml"] = (
        sheet[:declaration_end] + doctype + sheet[declaration_end:]
    )
    with pytest.raises(TableError, match="DOCTYPE"):
        read(zip_with(parts))
    utf16 = parts["xl/worksheets/sheet1.xml"].decode().encode("utf-16")
    with pytest.raises(TableError, match="DOCTYPE"):
        read(zip_with({**parts, "xl/worksheets/sheet1.xml": utf16}))


# --- a large preview -----------------------------------------------------------------


def test_a_large_preview_is_paged_and_read_once(client_for, reviewer, monkeypatch):
    rows = [["short_name", "name", "unit_type", "parent_short_name"]] + [
        [f"Kel. {n}", f"Kelurahan {n}", "KELURAHAN" if n % 50 else "X", ""]
        for n in range(250)
    ]
    batch = import_batch(
        reviewer, importer="units", data=xlsx_bytes(rows), name="units.xlsx"
    )
    reads = []
    real = importing.Importer.read
    monkeypatch.setattr(
        importing.Importer,
        "read",
        lambda self, *a, **kw: reads.append(1) or real(self, *a, **kw),
    )
    client = client_for(reviewer)
    url = reverse("import_preview", args=[batch.pk])
    first = client.get(url)
    assert [r["row"].line for r in first.context["rows"]] == list(range(2, 102))
    assert first.context["preview"].counts["error"] == 5
    assert "Halaman 1 dari 3" in first.content.decode()
    last = client.get(url, {"page": 3})
    assert [r["row"].line for r in last.context["rows"]] == list(range(202, 252))
    errors = client.get(url, {"tampil": "galat", "page": "2"})
    assert [r["row"].line for r in errors.context["rows"]] == [2, 52, 102, 152, 202]
    # no pagination (the page also carries "Halaman belum diperbarui.", the
    # request-error text of base.html)
    assert not re.search(r"Halaman \d+ dari", errors.content.decode())
    assert 'aria-label="Halaman"' not in errors.content.decode()
    # The file was read and its rows run once, at the first view.
    assert reads == [1]
    batch.refresh_from_db()
    assert len(batch.preview["rows"]) == 250


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_large_files_preview_is_made_by_the_background_worker(
    client_for, reviewer, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    rows = [["short_name", "name", "unit_type"]] + [
        [f"Kel. {n}", f"Kelurahan {n}", "KELURAHAN"] for n in range(5)
    ]
    client = client_for(reviewer)
    # With a worker that has not run yet: the page says so and reloads itself.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(client, xlsx_bytes(rows))
    assert response.status_code == 302 and len(queued) == 1
    batch = ImportBatch.objects.get()
    waiting = client.get(response["Location"])
    assert "sedang disiapkan di latar belakang" in waiting.content.decode()
    assert '<meta http-equiv="refresh" content="5">' in waiting.content.decode()
    assert "pending" in ImportBatch.objects.get().preview
    # The worker makes and keeps it; the page shows it.
    settings.TASKS = IMMEDIATE
    from pug_portal.imports.tasks import build_import_preview

    assert build_import_preview.enqueue(batch.pk).return_value == "5 rows"
    assert build_import_preview.enqueue(batch.pk).return_value == "skipped"
    shown = client.get(response["Location"])
    assert shown.context["preview"].counts["new"] == 5
    assert "refresh" not in shown.content.decode()


def test_a_preview_the_worker_never_made_is_made_by_the_page(
    client_for, reviewer, settings, time_machine
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    time_machine.move_to(timezone.now(), tick=False)
    client = client_for(reviewer)
    response = upload(client, xlsx_bytes(UNITS))
    assert "pending" in ImportBatch.objects.get().preview
    time_machine.shift(datetime.timedelta(minutes=settings.IMPORT_PREVIEW_WAIT_MINUTES))
    shown = client.get(response["Location"])
    assert shown.context["preview"].counts["new"] == 2
    assert "rows" in ImportBatch.objects.get().preview


def test_a_large_file_is_imported_by_the_background_worker(
    client_for, reviewer, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    client = client_for(reviewer)
    batch = import_batch(
        reviewer, importer="units", data=xlsx_bytes(UNITS), name="units.xlsx"
    )
    assert client.get(reverse("import_preview", args=[batch.pk])).status_code == 200
    commit_url = reverse("import_commit", args=[batch.pk])
    result_url = reverse("import_result", args=[batch.pk])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(commit_url)
        again = client.post(commit_url)  # a second click queues nothing more
    assert response["Location"] == result_url and again["Location"] == result_url
    assert len(queued) == 1
    waiting = client.get(result_url).content.decode()
    assert "impornya berjalan di latar belakang" in waiting
    assert client.get(reverse("import_preview", args=[batch.pk]))["Location"] == (
        result_url
    )
    assert not Unit.objects.filter(short_name="Kec. A").exists()
    settings.TASKS = IMMEDIATE
    from pug_portal.imports.tasks import commit_import

    assert commit_import.enqueue(batch.pk, reviewer.pk).return_value == "committed"
    assert commit_import.enqueue(batch.pk, reviewer.pk).return_value == "skipped"
    done = client.get(result_url)
    assert done.context["committed"] and done.context["result"]["created"] == 2
    assert Unit.objects.filter(short_name__in=["Kec. A", "Kel. A"]).count() == 2
