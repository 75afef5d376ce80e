"""The forms of a self-assessment: starting one, the answers (one group of fields per
item, built from the instrument), the verifier's answers, and item comments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import AnswerType, Instrument, InstrumentScope
from assessments.selectors.assessments import ItemRow
from assessments.services.assessments import link_key
from pug_portal.forms import PortalFormMixin

YES_NO = [("ya", _("Ya")), ("tidak", _("Tidak"))]


class AssessmentStartForm(PortalFormMixin, forms.Form):
    submit_label = _("Mulai penilaian")

    instrument = forms.ModelChoiceField(
        label=_("Instrumen"), queryset=Instrument.objects.none()
    )
    unit = forms.ModelChoiceField(
        label=_("Perangkat daerah"), queryset=None, empty_label=None
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.filter(
            scope=InstrumentScope.UNIT
        ).order_by("-year", "name", "-version")
        self.fields["unit"].queryset = units


def answer_widget(item) -> forms.Widget:
    """The input an item's answer type asks for; the service checks the value."""
    kind = item.answer_type
    if kind == AnswerType.YES_NO:
        return forms.RadioSelect(choices=YES_NO)
    if kind == AnswerType.CHOICE:
        return forms.RadioSelect(choices=[(o, o) for o in item.option_labels()])
    if kind in (AnswerType.NUMBER, AnswerType.PERCENT):
        return forms.TextInput(attrs={"inputmode": "decimal", "class": "w-auto"})
    return forms.Textarea(attrs={"rows": 2})


class AnswersForm(forms.Form):
    """Every item's answer, note and evidence (and, where the portal has a figure,
    the reason for a different answer). Values are checked by `assessment_save`,
    whose errors come back keyed "value-<item pk>"."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    edit_seq = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rows: list[ItemRow], evidence: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        choices = [
            (f"L{f.pk}", f"{f.get_kind_display()}: {f.title}")
            for f in evidence["library"]
        ] + [
            (f"D{e.pk}", f"{_('Dossier')} · {e.get_kind_display()}: {e.original_name}")
            for e in evidence["dossier"]
        ]
        for row in rows:
            item, answer, pk = row.item, row.answer, row.item.pk
            self.fields[f"value-{pk}"] = forms.CharField(
                label=f"{item.code} {item.question}",
                required=False,
                widget=answer_widget(item),
                initial=answer.value if answer else "",
            )
            self.fields[f"note-{pk}"] = forms.CharField(
                label=_("Catatan"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=answer.note if answer else "",
            )
            self.fields[f"evidence-{pk}"] = forms.MultipleChoiceField(
                label=_("Bukti dukung dari pustaka"),
                required=False,
                choices=choices,
                widget=forms.SelectMultiple(attrs={"size": min(4, len(choices) or 1)}),
                initial=[f"{k}{n}" for k, n in map(link_key, row.links)],
            )
            if answer is not None and answer.portal_value:
                self.fields[f"override_reason-{pk}"] = forms.CharField(
                    label=_("Alasan bila berbeda dari angka portal"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 1}),
                    initial=answer.override_reason,
                )

    def field_rows(self) -> list[tuple[ItemRow, dict]]:
        """Each item row with its bound fields, for the template."""
        out = []
        for row in self.rows:
            pk = row.item.pk
            fields = {
                name: self[f"{name}-{pk}"]
                for name in ("value", "note", "evidence", "override_reason")
                if f"{name}-{pk}" in self.fields
            }
            out.append((row, fields))
        return out

    def answers(self) -> dict[int, dict]:
        """{item pk: {value, note, evidence, override_reason}} for the service: only
        the items whose fields were posted (an autosave sends them all)."""
        data = self.cleaned_data
        out = {}
        for row in self.rows:
            pk = row.item.pk
            if f"value-{pk}" not in self.data and f"note-{pk}" not in self.data:
                continue
            out[pk] = {
                "value": data.get(f"value-{pk}", ""),
                "note": data.get(f"note-{pk}", ""),
                "evidence": data.get(f"evidence-{pk}", []),
                "override_reason": data.get(f"override_reason-{pk}", ""),
            }
        return out


class VerifyForm(forms.Form):
    """The verifier's answer and note per item, prefilled with the unit's answer."""

    def __init__(self, *args, rows: list[ItemRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            item, answer, pk = row.item, row.answer, row.item.pk
            verified = answer.verified_value if answer and answer.verified_at else None
            self.fields[f"verified_value-{pk}"] = forms.CharField(
                label=_("Jawaban terverifikasi %(code)s") % {"code": item.code},
                required=False,
                widget=answer_widget(item),
                initial=verified
                if verified is not None
                else (answer.value if answer else ""),
            )
            self.fields[f"verified_note-{pk}"] = forms.CharField(
                label=_("Catatan verifikator"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=answer.verified_note if answer else "",
            )

    def field_rows(self):
        return [
            (
                row,
                {
                    "verified_value": self[f"verified_value-{row.item.pk}"],
                    "verified_note": self[f"verified_note-{row.item.pk}"],
                },
            )
            for row in self.rows
        ]

    def answers(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            row.item.pk: {
                "verified_value": data.get(f"verified_value-{row.item.pk}", ""),
                "verified_note": data.get(f"verified_note-{row.item.pk}", ""),
            }
            for row in self.rows
        }


class ItemCommentForm(forms.Form):
    target = forms.TypedChoiceField(label=_("Butir"), coerce=int, choices=())
    text = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (i.pk, f"{i.code} {i.question[:60]}") for i in items
        ]


ItemCommentFormSet = forms.formset_factory(ItemCommentForm, extra=3)
