"""Forms of the verifier's pages: rubric, reasons, field comments."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.gap import CommentTarget
from evaluations.models import RubricScore
from evaluations.models.review import RUBRIC_LEVELS, TYPED_CRITERIA
from pug_portal.forms import CleanTextMixin, PortalFormMixin


class RubricForm(PortalFormMixin, forms.ModelForm):
    """The criteria a person judges (the computed ones are filled from the data).
    Nothing is preset: every radio starts empty and an unanswered criterion refuses
    the save, listing what is missing."""

    submit_label = _("Simpan nilai")

    class Meta:
        model = RubricScore
        fields = [*TYPED_CRITERIA, "note"]
        widgets = {
            **dict.fromkeys(TYPED_CRITERIA, forms.RadioSelect),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TYPED_CRITERIA:
            field = self.fields[name]
            field.required = True
            field.error_messages["required"] = _("Pilih 0, 1 atau 2.")
            # Each choice says what it means, so the verifier need not guess.
            field.choices = [
                (value, f"{value}: {meaning}")
                for value, meaning in enumerate(RUBRIC_LEVELS[name])
            ]
        self.helper.form_class = "rubric-form"
        self.helper.layout = Layout(
            *[InlineRadios(name) for name in TYPED_CRITERIA], Field("note")
        )

    def clean(self):
        data = super().clean()
        missing = [
            str(self.fields[name].label)
            for name in TYPED_CRITERIA
            if data.get(name) is None
        ]
        if missing:
            raise forms.ValidationError(
                _("Nilai belum lengkap; belum dinilai: %(items)s.")
                % {"items": "; ".join(missing)}
            )
        return data


class ReasonForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), required=True
    )

    def __init__(self, *args, submit_label=None, **kwargs):
        if submit_label:
            self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class CommentForm(CleanTextMixin, forms.Form):
    target = forms.ChoiceField(
        label=_("Bagian"), choices=[("", "—"), *CommentTarget.choices]
    )
    text = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


CommentFormSet = forms.formset_factory(CommentForm, extra=3)
