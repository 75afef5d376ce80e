"""Forms of total belanja (on a unit's dashboard, and one row of its import) and of
a dossier's quarterly realisation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.budget import MAX_YEAR, MIN_YEAR
from evaluations.models import BudgetPhase, Realisation, TotalBelanja
from focal_points.forms.registry import UnitCellField
from focal_points.models import Unit
from pug_portal.forms import PortalFormMixin
from pug_portal.imports.forms import (
    AmountCellField,
    ChoiceCellField,
    ImportFormMixin,
    IntegerCellField,
)

RUPIAH_INVALID = _("Masukkan angka Rupiah tanpa titik atau huruf, misalnya 125000000.")


class TotalBelanjaForm(PortalFormMixin, forms.ModelForm):
    """A unit's total belanja of one year and phase (the unit is the page's)."""

    submit_label = _("Simpan total belanja")

    class Meta:
        model = TotalBelanja
        fields = ["year", "phase", "total"]
        help_texts = {
            "total": _(
                "Total belanja perangkat daerah menurut APBD/DPA; penyebut Persentase "
                "ARG. Angka tahapan terakhir yang dicatat yang dipakai."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "year" in self.fields:
            self.fields["year"].min_value = MIN_YEAR
            self.fields["year"].max_value = MAX_YEAR
        if "total" in self.fields:
            self.fields["total"].widget.attrs.update({"min": "1", "step": "1"})
            self.fields["total"].error_messages["invalid"] = RUPIAH_INVALID

    def validate_unique(self):
        """The service replaces the figure of the same year and phase."""


class TotalBelanjaImportForm(ImportFormMixin, TotalBelanjaForm):
    """One row of the total belanja import: the unit page's form with cells read as
    spreadsheets write them, and the unit by its short name among `units` (the
    importer's, in the user's scope)."""

    year = IntegerCellField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    phase = ChoiceCellField(choices=BudgetPhase.choices)
    total = AmountCellField()
    unit = UnitCellField()

    def __init__(self, *args, units: dict[str, Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].options = units

    def clean_total(self):
        total = self.cleaned_data.get("total")
        if total is not None and total <= 0:
            raise forms.ValidationError(
                _("Total belanja harus lebih dari nol (Rupiah).")
            )
        return total


class RealisationForm(PortalFormMixin, forms.ModelForm):
    submit_label = _("Catat realisasi")

    class Meta:
        model = Realisation
        fields = [
            "quarter",
            "amount",
            "physical_percent",
            "beneficiaries_male",
            "beneficiaries_female",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs.update({"min": "0", "step": "1"})
        self.fields["amount"].error_messages["invalid"] = RUPIAH_INVALID
        for name in ("beneficiaries_male", "beneficiaries_female"):
            self.fields[name].error_messages["min_value"] = _(
                "Jumlah penerima manfaat tidak boleh negatif."
            )

    def validate_unique(self):
        """The service refuses a quarter recorded twice (with its own message)."""
