"""Forms of the cycle and budget-line pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    ArgCategory,
    BudgetLine,
    EvaluationCycle,
)
from focal_points.forms.registry import UnitCellField
from focal_points.models import Unit
from pug_portal.forms import PortalFormMixin, RupiahField
from pug_portal.imports.forms import (
    AmountCellField,
    ChoiceCellField,
    FlagCellField,
    ImportFormMixin,
    IntegerCellField,
)

MIN_YEAR, MAX_YEAR = 2000, 2100


class CycleForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = EvaluationCycle
        fields = ["year", "open_date", "submission_deadline", "review_deadline"]

    def clean(self):
        data = super().clean()
        opened = data.get("open_date")
        submit = data.get("submission_deadline")
        review = data.get("review_deadline")
        if opened and submit and submit < opened:
            self.add_error(
                "submission_deadline", _("Batas pengajuan sebelum tanggal dibuka.")
            )
        if submit and review and review < submit:
            self.add_error("review_deadline", _("Batas reviu sebelum batas pengajuan."))
        return data


class ConfirmForm(PortalFormMixin, forms.Form):
    """A page whose only input is the confirming button."""

    def __init__(self, *args, submit_label=None, **kwargs):
        if submit_label:
            self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class BudgetLineForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = [
            "year",
            "program_code",
            "program_name",
            "kegiatan_code",
            "kegiatan_name",
            "sub_kegiatan_code",
            "sub_kegiatan_name",
            "pagu",
            "realisasi",
            "is_arg",
            "arg_category",
        ]
        field_classes = {"pagu": RupiahField, "realisasi": RupiahField}
        help_texts = {
            "sub_kegiatan_code": _(
                "Contoh 2.08.02.2.01.01. Kode yang tidak sesuai pola tetap disimpan "
                "dengan peringatan."
            ),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(
                label=_("Perangkat daerah"), queryset=units.order_by("name")
            )
            self.order_fields(["unit", *self.Meta.fields])
        if "arg_category" in self.fields:  # (an import form may leave it out)
            self.fields["arg_category"].choices = [
                ("", _("— bukan ARG —")),
                *ArgCategory.choices,
            ]


class BudgetLineImportForm(ImportFormMixin, BudgetLineForm):
    """One row of the SIPD/RKA import: the budget-line page's form with cells read
    as spreadsheets write them, and the unit named by its short name among `units`
    (the importer's, in the user's scope)."""

    year = IntegerCellField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    pagu = AmountCellField()
    realisasi = AmountCellField(required=False)
    is_arg = FlagCellField()
    arg_category = ChoiceCellField(
        label=_("Kategori ARG"), choices=ArgCategory.choices, required=False
    )

    unit = UnitCellField()

    def __init__(self, *args, units: dict[str, Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].options = units

    def clean(self):
        data = super().clean()
        # The ARG flag and its category are one answer: a category alone marks the
        # line as ARG, an empty flag follows the category.
        if "is_arg" in self.fields and data.get("is_arg") is None:
            data["is_arg"] = bool(data.get("arg_category"))
        return data
