"""An instrument's items from a spreadsheet (KemenPPPA's lembar kerja, one row per
item), started from the instrument's page (its batch carries {"instrument": pk}):
read by the item form, written by `item_create` / `item_update`. A code repeated in
the file or an unknown group is a row error, and then nothing is imported."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from assessments.forms.instruments import ItemImportForm, options_text
from assessments.models import (
    AnswerType,
    Instrument,
    InstrumentItem,
    ItemGroup,
    PortalFigure,
)
from assessments.services import instruments as services
from pug_portal.imports import (
    ImportColumn,
    Importer,
    PreviewRow,
    RowStatus,
    register,
)


@register
class InstrumentItemImporter(Importer):
    identifier = "instrument-items"
    verbose_name = gettext_lazy("Butir instrumen evaluasi")
    description = gettext_lazy(
        "Butir satu instrumen evaluasi PUG, satu baris per butir, dicocokkan dengan "
        "kodenya: yang belum ada ditambahkan, yang berubah diperbarui."
    )
    permission = "imports:instruments"
    context_keys = ("instrument",)
    key_columns = ("kode",)
    columns = [
        ImportColumn(
            "kode", gettext_lazy("Kode butir (unik)."), True, "P.1", text=True
        ),
        ImportColumn(
            "kelompok",
            gettext_lazy(
                "Pelembagaan, salah satu 7 proses, atau salah satu 7 prasyarat."
            ),
            True,
            "PELEMBAGAAN",
            choices=tuple(ItemGroup.values),
        ),
        ImportColumn(
            "pertanyaan",
            gettext_lazy("Pertanyaan."),
            True,
            "Apakah ada SK Pokja PUG yang berlaku?",
        ),
        ImportColumn(
            "jenis_jawaban",
            gettext_lazy("Jenis jawaban."),
            True,
            "YES_NO",
            choices=tuple(AnswerType.values),
        ),
        ImportColumn(
            "pilihan",
            gettext_lazy("Untuk jawaban pilihan: label=nilai; label=nilai."),
            example="Belum ada=0; Ada=1; Lengkap=2",
        ),
        ImportColumn(
            "target", gettext_lazy("Untuk jawaban angka: target."), example=""
        ),
        ImportColumn("bobot", gettext_lazy("Bobot (angka, bawaan 1)."), example="2"),
        ImportColumn(
            "bukti_dukung",
            gettext_lazy("Bukti dukung yang diminta."),
            example="SK Pokja PUG",
        ),
        ImportColumn("petunjuk", gettext_lazy("Petunjuk pengisian.")),
        ImportColumn(
            "wajib",
            gettext_lazy("Wajib dijawab: ya atau tidak (bawaan ya)."),
            example="ya",
        ),
        ImportColumn("urutan", gettext_lazy("Urutan (angka)."), example="1"),
        ImportColumn(
            "angka_portal",
            gettext_lazy("Untuk evaluasi kota: angka yang diisikan portal."),
            choices=tuple(PortalFigure.values),
        ),
    ]
    aliases = {"code": "kode", "group": "kelompok", "question": "pertanyaan"}
    form_class = ItemImportForm
    field_columns = {
        "code": "kode",
        "group": "kelompok",
        "question": "pertanyaan",
        "answer_type": "jenis_jawaban",
        "options": "pilihan",
        "target": "target",
        "weight": "bobot",
        "evidence_asked": "bukti_dukung",
        "guidance": "petunjuk",
        "required": "wajib",
        "order": "urutan",
        "figure": "angka_portal",
    }
    row_column = "kode"

    def __init__(self, *, user: Any, context: dict[str, Any] | None = None):
        super().__init__(user=user, context=context)
        # Without a context (the template download) there is no instrument.
        self.instrument: Instrument | None = None
        if "instrument" in self.context:
            self.instrument = get_object_or_404(
                Instrument.objects.visible_to(user), pk=self.context["instrument"]
            )

    def upload_url(self) -> str:
        if self.instrument is None:
            return super().upload_url()
        return reverse("assessments:instrument_import", args=[self.instrument.pk])

    def return_link(self) -> tuple[str, Any] | None:
        if self.instrument is None:
            return None
        return self.instrument.get_absolute_url(), str(self.instrument)

    def prepare(self, rows):
        if self.instrument is None:
            raise Http404  # never started without its instrument (see context_keys)
        self.target_instrument = self.instrument
        self.existing = {
            item.code.lower(): item for item in self.target_instrument.items.all()
        }

    def data_from(self, form) -> dict[str, Any]:
        data = dict(form.cleaned_data)
        if data.get("required") is None:
            data.pop("required", None)
        if data.get("order") is None:
            data.pop("order", None)
        return data

    def find(self, row: PreviewRow) -> InstrumentItem | None:
        return self.existing.get(row.data["code"].lower())

    def changes(self, row: PreviewRow) -> dict[str, list[Any]]:
        item = row.target
        out = {}
        for name, value in row.data.items():
            saved = getattr(item, name)
            if name == "options":
                saved, value = options_text(saved), options_text(value)
            if saved != value:
                out[name] = [saved, value]
        return out

    def apply_row(self, row: PreviewRow) -> None:
        if row.status == RowStatus.NEW:
            services.item_create(
                instrument=self.target_instrument, by=self.user, data=row.data
            )
        else:
            services.item_update(item=row.target, by=self.user, data=row.data)
