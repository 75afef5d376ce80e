"""The dashboards' GET forms: the fiscal year shown, and the board's unit-type
filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.selectors.dashboard_city import ALL_UNITS
from focal_points.filters import PERANGKAT_DAERAH
from focal_points.models import UnitType
from pug_portal.forms import FilterFormMixin


class YearForm(FilterFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun anggaran"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class CityFilterForm(YearForm):
    unit_type = forms.ChoiceField(label=_("Jenis PD"))
    sort = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, years=years, **kwargs)
        self.fields["unit_type"].choices = [
            (PERANGKAT_DAERAH, _("Perangkat Daerah")),
            (ALL_UNITS, _("Semua unit")),
            *UnitType.choices,
        ]
