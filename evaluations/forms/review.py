"""Forms of the verifier's pages: rubric, reasons, field comments, queue filter."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.gap import CommentTarget
from evaluations.models import (
    RUBRIC_FIELDS,
    ArgCategory,
    EvaluationCycle,
    RubricScore,
)
from evaluations.workflow import Status
from pug_portal.forms import FilterFormMixin, PortalFormMixin


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


class CommentForm(forms.Form):
    target = forms.ChoiceField(label=_("Bagian"), choices=CommentTarget.choices)
    text = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


CommentFormSet = forms.formset_factory(CommentForm, extra=3)


class QueueFilterForm(FilterFormMixin, forms.Form):
    cycle = forms.ModelChoiceField(label=_("Siklus"), queryset=None)
    unit = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=None)
    status = forms.ChoiceField(label=_("Status"))
    arg_category = forms.ChoiceField(label=_("Kategori ARG"))

    def __init__(self, *args, units, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = EvaluationCycle.objects.order_by("-year")
        self.fields["unit"].queryset = units.order_by("name")
        choices = statuses or Status.choices
        self.fields["status"].choices = [("", _("Semua status")), *choices]
        self.fields["arg_category"].choices = [
            ("", _("Semua kategori")),
            *ArgCategory.choices,
        ]
