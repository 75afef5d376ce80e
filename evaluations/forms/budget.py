"""Forms of the cycle and budget-line pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    ArgCategory,
    BudgetLine,
    EvaluationCycle,
)
from pug_portal.forms import PortalFormMixin


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
        self.fields["arg_category"].choices = [
            ("", _("— bukan ARG —")),
            *ArgCategory.choices,
        ]
        for name in ("pagu", "realisasi"):
            self.fields[name].widget.attrs.update({"min": "0", "step": "1"})
            self.fields[name].error_messages["invalid"] = _(
                "Masukkan angka Rupiah tanpa titik atau huruf, misalnya 125000000."
            )
