"""Forms of the dossier editor: the GAP/GBS/KAK fields in the official order, the action and data rows, evidence."""

import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from evaluations.gap import GAP_STEPS
from evaluations.models import (
    ActionPlanRow,
    DisaggregatedDataRow,
    Dossier,
    Evidence,
)
from pug_portal.forms import CleanTextMixin, PortalFormMixin, TableRowFormSet

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class DossierCreateForm(PortalFormMixin, forms.Form):
    submit_label = _("Mulai dossier")
    budget_line = forms.ModelChoiceField(label=_("Sub kegiatan"), queryset=None)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines


def _step_fieldset(step, comment_html: bool) -> Fieldset:
    parts = [
        HTML(
            '<p class="form-text guidance"><i class="bi bi-lightbulb" '
            f'aria-hidden="true"></i> {step.guidance}</p>'
        )
    ]
    if comment_html:
        parts.append(
            HTML(
                "{% include 'evaluations/includes/open_comments.html' "
                f"with target='{step.key}' %}}"
            )
        )
    parts += [Field(name) for name in step.fields]
    legend = f"{step.number}. {step.label}"
    return Fieldset(legend, *parts, css_class=f"gap-step mb-3 {step.key}")


GBS_FIELDS = [
    "gbs_org_unit",
    "gbs_objective",
    "gbs_situation",
    "gbs_benchmark",
    "gbs_indicators",
    "gbs_amount",
    "gbs_impact",
    "gbs_sign_place",
    "gbs_sign_date",
]


KAK_FIELDS = [
    "kak_included",
    "kak_legal_basis",
    "kak_beneficiaries",
    "kak_beneficiaries_male",
    "kak_beneficiaries_female",
    "kak_purpose",
    "kak_method",
    "kak_location",
    "kak_schedule",
    "kak_pic_name",
    "kak_pic_nip",
]


GAP_FORM_FIELDS = [name for step in GAP_STEPS for name in step.fields]

# The GBS in official order: fixed rows (from the unit and the budget line) are shown
# read-only between the rows the focal point may word differently.


GBS_FIXED = {
    "gbs_unit": ("Nama Perangkat Daerah", "{{ dossier.unit.name }}"),
    "gbs_year": ("Tahun Anggaran", "{{ line.year }}"),
    "gbs_program": ("Program", "{{ line.program_code }} {{ line.program_name }}"),
    "gbs_kegiatan": ("Kegiatan", "{{ line.kegiatan_code }} {{ line.kegiatan_name }}"),
    "gbs_sub_kegiatan": ("Sub Kegiatan", "{{ line.sub_kegiatan_name }}"),
    "gbs_code": ("Kode Sub Kegiatan", "{{ line.sub_kegiatan_code }}"),
}


GBS_EDIT_ORDER = [
    "gbs_unit",
    "gbs_org_unit",
    "gbs_year",
    "gbs_program",
    "gbs_kegiatan",
    "gbs_sub_kegiatan",
    "gbs_objective",
    "gbs_code",
    "gbs_situation",
    "gbs_benchmark",
    "gbs_indicators",
    "gbs_amount",
    "gbs_impact",
    "gbs_sign_place",
    "gbs_sign_date",
]


def _gbs_part(key: str):
    target = "gbs_signature" if key == "gbs_sign_place" else key
    comments = HTML(
        "{% include 'evaluations/includes/open_comments.html' "
        f"with target='{target}' %}}"
    )
    if key in GBS_FIXED:
        label, value = GBS_FIXED[key]
        return HTML(
            '<div class="mb-3 gbs-fixed"><div class="form-label">{% load i18n %}'
            f'{{% translate "{label}" %}}</div>'
            f'<div class="form-control-plaintext">{value}</div></div>'
        )
    return Div(comments, Field(key))


class DossierForm(PortalFormMixin, forms.ModelForm):
    """GAP, GBS and KAK of a dossier, with the version the editor loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    edit_token = forms.CharField(
        widget=forms.HiddenInput, max_length=32, required=False
    )
    # Counted up by the page's script before every save (static/js/portal.js), so
    # the server can tell which of two saves of this page the user made last.
    edit_seq = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, required=False
    )

    class Meta:
        model = Dossier
        fields = [*GAP_FORM_FIELDS, *GBS_FIELDS, *KAK_FIELDS]
        widgets = dict.fromkeys(
            GAP_FORM_FIELDS
            + [
                "gbs_objective",
                "gbs_situation",
                "gbs_benchmark",
                "gbs_indicators",
                "gbs_impact",
                "kak_legal_basis",
                "kak_beneficiaries",
                "kak_purpose",
                "kak_method",
                "kak_schedule",
            ],
            TEXTAREA,
        )

    PAGE_FIELDS = ("version", "edit_token", "edit_seq")

    def content_data(self) -> dict:
        """The cleaned dossier fields, without the page's bookkeeping."""
        return {k: v for k, v in self.cleaned_data.items() if k not in self.PAGE_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["edit_token"] = uuid.uuid4().hex
        self.fields["gbs_amount"].widget.attrs.update({"min": "0", "step": "1"})
        self.fields["gbs_amount"].error_messages["invalid"] = _(
            "Masukkan angka Rupiah tanpa titik atau huruf, misalnya 125000000."
        )
        # GBS rows default from the GAP: show what will be used when left blank.
        if self.instance.pk:
            derived = self.instance.gbs_values()
            for name in (
                "gbs_org_unit",
                "gbs_objective",
                "gbs_situation",
                "gbs_benchmark",
                "gbs_indicators",
            ):
                self.fields[name].widget.attrs["placeholder"] = derived[name][:500]
        self.helper.form_tag = False
        self.helper.inputs = []
        self.helper.layout = Layout(
            "version",
            "edit_token",
            "edit_seq",
            Div(
                HTML(
                    '<h2 class="h4" id="gap-heading">'
                    "{% load i18n %}{% translate 'GAP (Gender Analysis Pathway)' %}"
                    "</h2>"
                ),
                *[_step_fieldset(step, comment_html=True) for step in GAP_STEPS],
                css_class="dossier-gap",
            ),
            Div(
                HTML(
                    '<h2 class="h4" id="gbs-heading">{% load i18n %}'
                    "{% translate 'GBS (Pernyataan Anggaran Gender)' %}</h2>"
                    '<p class="form-text">{% translate "Baris yang dikosongkan '
                    'memakai isi GAP (teks abu-abu)." %}</p>'
                ),
                *[_gbs_part(key) for key in GBS_EDIT_ORDER],
                css_class="dossier-gbs",
            ),
            Fieldset(
                _("KAK/TOR (opsional)"),
                HTML(
                    "{% include 'evaluations/includes/open_comments.html' "
                    "with target='kak' %}"
                ),
                *KAK_FIELDS,
                css_class="dossier-kak",
            ),
        )


class ActionRowForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = ActionPlanRow
        fields = ["description", "input_amount", "output", "outcome"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "output": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }


class DataRowForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = DisaggregatedDataRow
        fields = [
            "label",
            "kind",
            "aspect",
            "male",
            "female",
            "total",
            "age_group",
            "disability",
            "unit_of_measure",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("male", "female", "total"):
            self.fields[name].widget.attrs["min"] = "0"


ActionRowFormSet = inlineformset_factory(
    Dossier,
    ActionPlanRow,
    form=ActionRowForm,
    formset=TableRowFormSet,
    extra=1,
    can_delete=True,
)
DataRowFormSet = inlineformset_factory(
    Dossier,
    DisaggregatedDataRow,
    form=DataRowForm,
    formset=TableRowFormSet,
    extra=1,
    can_delete=True,
)


def table_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.template = "bootstrap5/table_inline_formset.html"
    return helper


def formset_rows(formset) -> list[dict]:
    """A validated formset as the row dicts the dossier service takes."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        data = {name: form.cleaned_data.get(name) for name in form._meta.fields}
        data["id"] = form.instance.pk
        data["DELETE"] = bool(form.cleaned_data.get("DELETE"))
        rows.append(data)
    return rows


class EvidenceForm(PortalFormMixin, forms.ModelForm):
    submit_label = _("Unggah")

    class Meta:
        model = Evidence
        fields = ["kind", "file", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
