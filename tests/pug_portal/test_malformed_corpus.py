"""Every registered importer against the malformed-file corpus (tests/malformed.py):
each file is refused at upload without reading it whole (bounded memory), with a
message that says why, and nothing is kept; huge amounts are row errors, never a
500. The bound is on memory, not time: a timed assertion fails on a busy machine
for reasons that have nothing to do with the reader (speed is measured in bench/)."""

import contextlib
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import BudgetLine
from pug_portal import imports as importing
from pug_portal.models import ImportBatch
from tests import malformed
from tests.factories import CycleFactory, EventFactory, import_batch, xlsx_bytes

IMPORTERS = {cls.identifier: cls for cls in importing.all_importers()}
# What the refusal says, by file (the words a user acts on).
REASONS = {
    "sparse-dimension": "melewati baris",
    "wide-rows": "tidak berisi data",
    "zip-bomb": "membengkak",
    "macro": "makro",
    "external-link": "tautan ke berkas lain",
    "doctype": "DOCTYPE",
    "non-utf8-csv": "UTF-8",
}


def test_the_corpus_covers_every_importer_and_the_reasons_every_file():
    assert set(IMPORTERS) == {
        "units",
        "focal-points",
        "budget-lines",
        "attendance",
        "instrument-items",
        "total-belanja",
    }
    assert set(REASONS) == set(malformed.REFUSED)


# A reader that inflated the zip bomb or walked the sparse sheet's million cells
# would allocate 20 MB and more (the bomb inflates to 20 MB); refusing from the
# headers and the first rows takes under 3 MB (measured 1.3–2.7 MB).
PEAK_BYTES = 8 * 1024 * 1024


@contextlib.contextmanager
def bounded_memory(label: str = ""):
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, (label, peak)


def header_of(cls) -> list[str]:
    return [column.key for column in cls.columns]


def context_for(cls) -> dict:
    """The object each context-bound importer starts from."""
    from tests.assessments.factories import InstrumentFactory

    makers = {
        "event": lambda: EventFactory().pk,
        "instrument": lambda: InstrumentFactory().pk,
    }
    return {key: makers[key]() for key in cls.context_keys}


@pytest.mark.parametrize("identifier", sorted(IMPORTERS))
@pytest.mark.parametrize("kind", sorted(malformed.REFUSED))
def test_each_file_is_refused_quickly_by_each_importer(admin, identifier, kind):
    cls = IMPORTERS[identifier]
    data = malformed.REFUSED[kind](header_of(cls))
    name = "data.csv" if kind.endswith("csv") else "data.xlsx"
    context = context_for(cls)
    with bounded_memory(), pytest.raises(ValidationError) as refused:
        importing.batch_create(
            by=admin,
            importer=cls,
            upload=SimpleUploadedFile(name, data),
            context=context,
        )
    assert REASONS[kind] in " ".join(refused.value.message_dict["file"])
    assert not ImportBatch.objects.exists()


def test_the_sparse_file_is_refused_on_every_import_page(client_for, admin):
    client = client_for(admin)
    for identifier, cls in IMPORTERS.items():
        context = context_for(cls)
        url = cls(user=admin, context=context).upload_url()
        data = malformed.sparse_dimension(header_of(cls))
        assert len(data) < 6_000
        with bounded_memory(identifier):
            response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", data)})
        assert response.status_code == 200, identifier
        assert "melewati baris 20010" in response.content.decode(), identifier
    assert not ImportBatch.objects.exists()


def test_blank_rows_inside_the_limit_are_skipped_and_not_counted(settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["short_name"], ["A"], *[[None]] * 4, ["B"]]
    table = importing.read_table(
        __import__("io").BytesIO(xlsx_bytes(rows)),
        name="a.xlsx",
        required=["short_name"],
    )
    assert [line for line, _values in table] == [2, 7]


@pytest.mark.parametrize("amount", malformed.HUGE_AMOUNTS)
def test_a_huge_amount_is_a_row_error_in_the_preview_and_the_commit(
    client_for, reviewer, unit_a, amount
):
    CycleFactory(year=2026)
    cls = IMPORTERS["budget-lines"]
    row = {
        "tahun": 2026,
        "nama_singkat_pd": unit_a.short_name,
        "kode_program": "2.08.02",
        "nama_program": "Program PUG",
        "kode_kegiatan": "2.08.02.2.01",
        "nama_kegiatan": "Pelembagaan PUG",
        "kode_sub_kegiatan": "2.08.02.2.01.01",
        "nama_sub_kegiatan": "Sub kegiatan",
        "pagu": amount,
        "realisasi": amount,
    }
    header = header_of(cls)
    batch = import_batch(
        reviewer,
        importer="budget-lines",
        data=xlsx_bytes([header, [row.get(k, "") for k in header]]),
        name="rka.xlsx",
    )
    client = client_for(reviewer)
    preview = client.get(reverse("import_preview", args=[batch.pk]))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "terlalu besar" in page or "tidak boleh negatif" in page
    commit = client.post(reverse("import_commit", args=[batch.pk]), follow=True)
    assert commit.status_code == 200
    assert "terlalu besar" in commit.content.decode() or (
        "tidak boleh negatif" in commit.content.decode()
    )
    assert not BudgetLine.objects.exists()


def test_parse_amount_refuses_what_no_rupiah_column_holds():
    for text in malformed.HUGE_AMOUNTS:
        with pytest.raises(importing.CellError):
            importing.parse_amount(text)
    assert str(importing.parse_amount("999999999999999")) == "999999999999999.00"
