"""Forms of the dossier editor: the GAP/GBS/KAK fields in the official order, the action and data rows, evidence;
the editor's sections (with their completeness) and its error summary."""

import uuid
from dataclasses import dataclass

from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from evaluations.gap import GAP_STEPS
from evaluations.models import (
    ActionPlanRow,
    DisaggregatedDataRow,
    Dossier,
    Evidence,
)
from pug_portal.forms import (
    CleanTextMixin,
    GroupedDecimalField,
    GroupedIntegerField,
    PortalFormMixin,
    RupiahField,
    TableRowFormSet,
)
from pug_portal.nip import NipField

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class DossierCreateForm(PortalFormMixin, forms.Form):
    submit_label = _("Mulai dokumen PPRG")
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
        field_classes = {
            "gbs_amount": RupiahField,
            "kak_beneficiaries_male": GroupedIntegerField,
            "kak_beneficiaries_female": GroupedIntegerField,
            "kak_pic_nip": NipField,
        }
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
            _section(
                "gap",
                HTML(
                    '<h2 class="h4" id="gap-heading">'
                    "{% load i18n %}{% translate 'GAP (Gender Analysis Pathway)' %}"
                    "</h2>"
                ),
                *[_step_fieldset(step, comment_html=True) for step in GAP_STEPS],
                HTML("{% include 'evaluations/includes/editor_actions.html' %}"),
                css_class="dossier-gap",
            ),
            _section(
                "gbs",
                HTML(
                    '<h2 class="h4" id="gbs-heading">{% load i18n %}'
                    "{% translate 'GBS (Pernyataan Anggaran Gender)' %}</h2>"
                    '<p class="form-text">{% translate "Baris yang dikosongkan '
                    'memakai isi GAP (teks abu-abu)." %}</p>'
                ),
                *[_gbs_part(key) for key in GBS_EDIT_ORDER],
                css_class="dossier-gbs",
            ),
            _section(
                "kak",
                HTML("{% include 'evaluations/includes/editor_kak.html' %}"),
                *KAK_FIELDS,
                css_class="dossier-kak",
            ),
            _section(
                "data",
                HTML("{% include 'evaluations/includes/editor_data.html' %}"),
            ),
        )


def _section(key: str, *parts, css_class: str = "") -> Div:
    """One section of the editor: a panel the section navigation shows (with
    JavaScript one at a time; without, all of them one below the other)."""
    return Div(
        *parts,
        css_id=f"section-{key}",
        css_class=f"editor-section {css_class}".strip(),
        data_editor_section=key,
        aria_labelledby=f"{key}-heading",
        role="region",
    )


class ActionRowForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = ActionPlanRow
        fields = ["description", "input_amount", "output", "outcome"]
        field_classes = {"input_amount": RupiahField}
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
        field_classes = dict.fromkeys(["male", "female", "total"], GroupedDecimalField)


class EditorRowFormSet(TableRowFormSet):
    """A table of the editor: Bootstrap's small controls (the table template renders
    bare widgets), and one blank row only while the table has no row at all; the
    "add row" button adds more before saving."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.get_queryset():
            self.extra = 0

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = css


# A dossier's tables have a size, as its texts have a length: the largest allowed
# dossier is what bench/dossier_pdf_limits.py renders.
MAX_ACTION_ROWS = 20
MAX_DATA_ROWS = 30
ActionRowFormSet = inlineformset_factory(
    Dossier,
    ActionPlanRow,
    form=ActionRowForm,
    formset=EditorRowFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ACTION_ROWS,
    validate_max=True,
)
DataRowFormSet = inlineformset_factory(
    Dossier,
    DisaggregatedDataRow,
    form=DataRowForm,
    formset=EditorRowFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_DATA_ROWS,
    validate_max=True,
)


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


# --- the editor's sections and error summary --------------------------------------

SECTION_OF_FIELD = {
    **dict.fromkeys(GAP_FORM_FIELDS, "gap"),
    **dict.fromkeys(GBS_FIELDS, "gbs"),
    **dict.fromkeys(KAK_FIELDS, "kak"),
}
# Which section shows each table (by formset prefix).
SECTION_OF_TABLE = {"actions": "gap", "data": "data"}
TABLE_LABELS = {"actions": _("Rencana aksi"), "data": _("Data terpilah")}


@dataclass(frozen=True)
class EditorSection:
    key: str
    label: str
    summary: str  # "7/9", "2 baris": what the navigation shows next to the label
    complete: bool
    errors: int = 0


@dataclass(frozen=True)
class FieldError:
    section: str
    field_id: str  # the id of the input the summary links to
    label: str
    message: str


def editor_sections(
    dossier: Dossier, errors: list[FieldError], *, files: int
) -> list[EditorSection]:
    """The editor's sections with how complete the saved dossier is in each: the GAP
    steps as the submit checklist counts them, the GBS rows of the dossier's own that
    will print (typed or taken from the GAP), the KAK fields when it is included, the L/P rows and the
    evidence `files` (uploaded and linked); `errors` (of a failed save) are counted per section."""
    checklist = dossier.completeness()
    gap_done = sum(done for _label, done in checklist[: len(GAP_STEPS)])
    # the rows the unit and budget line fill in are always there: not counted
    gbs = [v for k, v in dossier.gbs_values().items() if k not in GBS_FIXED]
    gbs_done = sum(bool(str(value).strip()) for value in gbs)
    kak_fields = [getattr(dossier, name) for name in KAK_FIELDS[1:]]
    kak_done = sum(value not in (None, "") for value in kak_fields)
    data_rows = list(dossier.data_rows.all())
    per_section = {}
    for error in errors:
        per_section[error.section] = per_section.get(error.section, 0) + 1

    def section(key, label, summary, complete):
        return EditorSection(key, label, summary, complete, per_section.get(key, 0))

    return [
        section(
            "gap",
            _("GAP"),
            f"{gap_done}/{len(GAP_STEPS)}",
            gap_done == len(GAP_STEPS),
        ),
        section("gbs", _("GBS"), f"{gbs_done}/{len(gbs)}", gbs_done == len(gbs)),
        section(
            "kak",
            _("KAK/TOR"),
            f"{kak_done}/{len(kak_fields)}" if dossier.kak_included else _("opsional"),
            not dossier.kak_included or kak_done == len(kak_fields),
        ),
        section(
            "data",
            _("Data terpilah"),
            ngettext("%(n)s baris", "%(n)s baris", len(data_rows))
            % {"n": len(data_rows)},
            {"PEMBUKA_WAWASAN", "BASELINE"} <= {row.kind for row in data_rows},
        ),
        section(
            "bukti",
            _("Bukti dukung"),
            ngettext("%(n)s berkas", "%(n)s berkas", files) % {"n": files},
            files > 0,
        ),
    ]


def error_summary(form, formsets) -> list[FieldError]:
    """Every error of a failed save, in page order, each with the input it belongs
    to: the summary at the top of the editor links to them."""
    errors = []
    for name, messages in form.errors.items():
        if name == "__all__" or name not in form.fields:
            target, label, section = "dossier-form", _("Dokumen PPRG"), "gap"
        else:
            target = form[name].auto_id
            label = form.fields[name].label
            section = SECTION_OF_FIELD.get(name, "gap")
        errors += [FieldError(section, target, label, m) for m in messages]
    order = {key: n for n, key in enumerate(("gap", "gbs", "kak", "data", "bukti"))}
    for formset in formsets:
        prefix = formset.prefix
        section = SECTION_OF_TABLE.get(prefix, "gap")
        table = TABLE_LABELS.get(prefix, prefix)
        for message in formset.non_form_errors():
            errors.append(FieldError(section, f"{prefix}-table", table, message))
        for number, row in enumerate(formset.forms, start=1):
            for name, messages in row.errors.items():
                field = name if name in row.fields else next(iter(row.fields))
                label = f"{table}, " + _("baris %(n)s") % {"n": number}
                if name in row.fields:
                    label += f": {row.fields[name].label}"
                errors += [
                    FieldError(section, row[field].auto_id, label, m) for m in messages
                ]
    return sorted(errors, key=lambda error: order[error.section])
