"""An instrument's items from Excel through the preview → commit import: good rows
land through the services; a duplicate code or an unknown group is a row error and
nothing is imported. The instrument files shipped with the project load cleanly."""

import io

import pytest
from django.urls import reverse

from assessments.demo import FRAMES, load_instrument
from assessments.importers.instruments import InstrumentItemImporter
from assessments.models import AnswerType, InstrumentItem, ItemGroup
from pug_portal.imports.reading import read_table
from tests.assessments.factories import InstrumentFactory
from tests.factories import import_batch, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["kode", "kelompok", "pertanyaan", "jenis_jawaban", "pilihan", "bobot"]


def rows_of(data: list[list]):
    return read_table(
        io.BytesIO(xlsx_bytes([HEADER, *data])),
        name="butir.xlsx",
        required=["kode", "kelompok", "pertanyaan", "jenis_jawaban"],
    )


def test_good_rows_are_imported_with_their_options_and_weights(reviewer):
    instrument = InstrumentFactory()
    importer = InstrumentItemImporter(
        user=reviewer, context={"instrument": instrument.pk}
    )
    result = importer.commit(
        rows_of(
            [
                ["P.1", "PELEMBAGAAN", "Ada SK Pokja?", "YES_NO", "", "3"],
                [
                    "P.2",
                    "Pengawasan",  # by its label
                    "Pengawasan Inspektorat?",
                    "Pilihan bernilai",
                    "Belum=0; Sebagian=1; Penuh=2",
                    "1,5",
                ],
            ]
        )
    )
    assert result.ok, result.errors
    assert result.created == 2
    second = InstrumentItem.objects.get(instrument=instrument, code="P.2")
    assert second.group == ItemGroup.PENGAWASAN
    assert second.answer_type == AnswerType.CHOICE
    assert [o["label"] for o in second.options] == ["Belum", "Sebagian", "Penuh"]
    assert str(second.weight) == "1.50"


def test_a_duplicate_code_or_an_unknown_group_imports_nothing(reviewer):
    instrument = InstrumentFactory()
    importer = InstrumentItemImporter(
        user=reviewer, context={"instrument": instrument.pk}
    )
    result = importer.commit(
        rows_of(
            [
                ["P.1", "PELEMBAGAAN", "Satu?", "YES_NO", "", "1"],
                ["P.1", "PELEMBAGAAN", "Dua?", "YES_NO", "", "1"],
                ["P.3", "PEMBINAAN", "Tiga?", "YES_NO", "", "1"],
            ]
        )
    )
    assert not result.ok
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "duplikat" in messages[(3, "kode")]
    assert "PEMBINAAN" in messages[(4, "kelompok")]
    assert not instrument.items.exists()


def test_the_preview_page_shows_the_row_errors(reviewer, client_for):
    instrument = InstrumentFactory()
    batch = import_batch(
        reviewer,
        importer="instrument-items",
        data=xlsx_bytes([HEADER, ["P.1", "ENTAH", "Satu?", "YES_NO", "", "1"]]),
        name="butir.xlsx",
        context={"instrument": instrument.pk},
    )
    response = client_for(reviewer).get(reverse("import_preview", args=[batch.pk]))
    assert response.status_code == 200
    assert "ENTAH" in response.content.decode()
    assert not instrument.items.exists()


def test_the_template_downloads_with_the_item_columns(reviewer, client_for):
    response = client_for(reviewer).get(
        reverse("import_template", args=["instrument-items"])
    )
    assert response.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == HEADER[:4]


@pytest.mark.parametrize("frame", FRAMES, ids=lambda f: f["file"])
def test_the_shipped_instruments_load_with_every_group_of_their_frame(frame):
    instrument, created = load_instrument(frame, year=2025)
    assert created
    groups = set(instrument.items.values_list("group", flat=True))
    if frame["scope"] == "CITY":
        expected = {
            "PELEMBAGAAN",
            "PERENCANAAN",
            "PENGANGGARAN",
            "PELAKSANAAN",
            "PEMANTAUAN",
            "EVALUASI",
            "PENGAWASAN",
            "PELAPORAN",
        }
        for group in expected:
            items = instrument.items.filter(group=group)
            assert items.count() >= 3, group
            assert all(i.evidence_asked for i in items if i.answer_type != "TEXT")
    else:
        expected = {
            "KOMITMEN",
            "KEBIJAKAN",
            "KELEMBAGAAN",
            "SUMBER_DAYA",
            "DATA_TERPILAH",
            "ALAT_ANALISIS",
            "PARTISIPASI",
        }
    assert groups == expected
    assert load_instrument(frame, year=2025) == (instrument, False)
