"""Forms of the verifier's pages: rubric, reasons, field comments."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.gap import CommentTarget
from evaluations.models import (
    RUBRIC_FIELDS,
    RubricScore,
)
from pug_portal.forms import CleanTextMixin, PortalFormMixin


class RubricForm(PortalFormMixin, forms.ModelForm):
    submit_label = _("Simpan nilai")

    class Meta:
        model = RubricScore
        fields = [*RUBRIC_FIELDS, "note"]
        widgets = {
            **dict.fromkeys(RUBRIC_FIELDS, forms.RadioSelect),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_class = "rubric-form"
        self.helper.layout = Layout(
            *[InlineRadios(name) for name in RUBRIC_FIELDS], Field("note")
        )


class ReasonForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), required=True
    )

    def __init__(self, *args, submit_label=None, **kwargs):
        if submit_label:
            self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class CommentForm(CleanTextMixin, forms.Form):
    target = forms.ChoiceField(label=_("Bagian"), choices=CommentTarget.choices)
    text = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


CommentFormSet = forms.formset_factory(CommentForm, extra=3)
