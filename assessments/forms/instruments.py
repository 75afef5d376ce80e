"""Forms of the instrument pages, and the item form an instrument import reads each
row with."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    AnswerType,
    Instrument,
    InstrumentItem,
    ItemGroup,
    PortalFigure,
)
from assessments.scoring import parse_decimal
from assessments.services.instruments import ITEM_FIELDS
from pug_portal.forms import PortalFormMixin
from pug_portal.imports.forms import (
    CellField,
    ChoiceCellField,
    FlagCellField,
    ImportFormMixin,
    IntegerCellField,
)
from pug_portal.imports.reading import CellError


class InstrumentForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["name", "legal_basis", "year", "scope", "co_reviewers", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


def options_text(options: list[dict]) -> str:
    """[{"label": "Ada", "score": 2}, …] → "Ada=2; …" (how the form and the
    import file write them)."""
    return "; ".join(f"{o['label']}={o['score']}" for o in options or [])


class OptionsField(forms.CharField):
    """Scored options written "Belum ada=0; Ada, belum lengkap=1; Lengkap=2"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            gettext_lazy(
                "Untuk jawaban pilihan: label=nilai, dipisah titik koma. Contoh: "
                "Belum ada=0; Ada, belum lengkap=1; Lengkap=2"
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return options_text(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return []
        options, seen = [], set()
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            label, sep, number = part.rpartition("=")
            label = label.strip()
            if not sep or not label:
                raise ValidationError(
                    _("Tulis setiap pilihan sebagai label=nilai: “%(part)s”.")
                    % {"part": part}
                )
            try:
                score = parse_decimal(number)
            except ValidationError:
                raise ValidationError(
                    _("Nilai pilihan “%(label)s” bukan angka.") % {"label": label}
                ) from None
            if label.lower() in seen:
                raise ValidationError(
                    _("Pilihan “%(label)s” tertulis dua kali.") % {"label": label}
                )
            seen.add(label.lower())
            options.append({"label": label, "score": float(score)})
        return options


class ItemForm(PortalFormMixin, forms.ModelForm):
    options = OptionsField(label=gettext_lazy("Pilihan"))

    class Meta:
        model = InstrumentItem
        # What a user sets on an item is what "copy for next year" carries over.
        fields = list(ITEM_FIELDS)
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "guidance": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "order" in self.fields:
            self.fields["order"].required = False

    def clean(self):
        data = super().clean()
        kind, options = data.get("answer_type"), data.get("options")
        if kind == AnswerType.CHOICE and options is not None and len(options) < 2:
            self.add_error(
                "options", _("Jawaban pilihan memerlukan sedikitnya dua pilihan.")
            )
        if kind and kind != AnswerType.CHOICE and options:
            self.add_error(
                "options", _("Pilihan hanya untuk jenis jawaban pilihan bernilai.")
            )
        return data


class DecimalCellField(CellField):
    """A number as spreadsheets hold it ("1,5", "1.5"), not negative."""

    def parse(self, text: str) -> Decimal:
        try:
            value = parse_decimal(text)
        except ValidationError as error:
            raise CellError(error.messages[0]) from None
        if value < 0:
            raise CellError(_("tidak boleh negatif"))
        return value


class ItemImportForm(ImportFormMixin, ItemForm):
    """One row of an instrument import: the item form, with the group and answer
    type read by value or label and "ya"/"tidak" for required."""

    group = ChoiceCellField(choices=ItemGroup.choices, required=True)
    answer_type = ChoiceCellField(choices=AnswerType.choices, required=True)
    required = FlagCellField(empty=True)
    figure = ChoiceCellField(choices=PortalFigure.choices, required=False)
    order = IntegerCellField(min_value=0, max_value=9999, required=False)
    weight = DecimalCellField(required=False)
    target = DecimalCellField(required=False)

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        return Decimal(1) if weight is None else weight
