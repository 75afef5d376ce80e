"""The co-reviewers' page: one note per item for each agency the user writes for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import CoReviewAgency
from assessments.selectors.assessments import ItemRow
from pug_portal.validation import NOTE_TEXT


class CoReviewForm(forms.Form):
    """Fields `<agency>-<item pk>`; another agency's note is shown, never edited."""

    def __init__(self, *args, rows: list[ItemRow], agencies: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.agencies = agencies
        for row in rows:
            notes = {n.agency: n.note for n in row.co_review_notes}
            for agency in agencies:
                self.fields[self._name(agency, row)] = forms.CharField(
                    label=_("Catatan %(agency)s %(code)s")
                    % {"agency": CoReviewAgency(agency).label, "code": row.item.code},
                    required=False,
                    max_length=NOTE_TEXT,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=notes.get(agency, ""),
                )

    @staticmethod
    def _name(agency: str, row: ItemRow) -> str:
        return f"{agency.lower()}-{row.item.pk}"

    def field_rows(self):
        """(row, its fields, the other agencies' notes) per item."""
        return [
            (
                row,
                [self[self._name(agency, row)] for agency in self.agencies],
                [n for n in row.co_review_notes if n.agency not in self.agencies],
            )
            for row in self.rows
        ]

    def notes(self) -> dict[str, dict[int, str]]:
        return {
            agency: {
                row.item.pk: self.cleaned_data.get(self._name(agency, row), "")
                for row in self.rows
            }
            for agency in self.agencies
        }
