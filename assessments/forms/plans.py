"""Forms of the Rencana Pokja PUG pages: the plan, its matrix (one form per row,
with a target field per year of the plan) and the achievements of one year.

Each row form only parses what was typed; the services check the rows together
and save them all or none (assessments/services/plans.py)."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from assessments.models import PLAN_AREAS, PlanKind, PokjaPlan
from assessments.models.plans import MAX_ACHIEVEMENT_PERCENT
from assessments.services.plans import AchievementInput, PlanRowsInvalid, RowInput
from focal_points.models import Decree, Unit
from pug_portal.forms import (
    CleanTextMixin,
    GroupedDecimalField,
    PortalFormMixin,
    RupiahField,
)

# A plan's matrix has a size, as a dossier's tables do: what one page and one
# printed matrix hold.
MAX_PLAN_ROWS = 80
BLANK_ROWS = 3


class PlanForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = PokjaPlan
        fields = ["kind", "title", "start_year", "end_year", "parent", "decree"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = PokjaPlan.objects.filter(
            kind=PlanKind.FIVE_YEAR
        )
        self.fields["decree"].queryset = Decree.objects.pokja()
        self.fields["end_year"].required = False
        self.fields["end_year"].help_text = _(
            "Rencana lima tahunan: tahun awal + 4. Rencana tahunan: kosongkan atau "
            "sama dengan tahun awal."
        )
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and not end:
            if data.get("kind") == PlanKind.FIVE_YEAR:
                data["end_year"] = start + 4
            else:
                data["end_year"] = start
        return data

    def _post_clean(self):
        """The service validates the model and the years, and saves."""


class PlanRowForm(CleanTextMixin, forms.Form):
    """One row of the matrix. `years` are the plan's years: one target field each
    (`target_<year>`)."""

    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    order = forms.IntegerField(
        label=_("No."), required=False, min_value=1, max_value=999
    )
    area = forms.ChoiceField(label=_("Area"), choices=[("", "—"), *PLAN_AREAS])
    program = forms.CharField(
        label=_("Program/kegiatan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    baseline = forms.CharField(label=_("Data dasar"), max_length=255, required=False)
    target_total = forms.CharField(
        label=_("Target lima tahun"), max_length=255, required=False
    )
    indicator = forms.CharField(label=_("Indikator"), max_length=500)
    budget = RupiahField(
        label=_("Alokasi anggaran (Rp)"),
        required=False,
        max_digits=17,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("Anggaran tidak boleh negatif."))],
    )
    unit = forms.ModelChoiceField(
        label=_("PD penanggung jawab"), queryset=Unit.objects.none()
    )

    def __init__(self, *args, years, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["unit"].queryset = units
        for year in years:
            self.fields[f"target_{year}"] = forms.CharField(
                label=_("Target %(year)s") % {"year": year},
                max_length=255,
                required=False,
            )

    def as_input(self) -> RowInput:
        data = self.cleaned_data
        return RowInput(
            pk=data.get("pk"),
            delete=bool(data.get("DELETE")),
            data={
                "order": data.get("order") or 0,
                "area": data["area"],
                "program": data["program"],
                "baseline": data.get("baseline", ""),
                "target_total": data.get("target_total", ""),
                "indicator": data["indicator"],
                "budget": data.get("budget"),
                "unit": data["unit"],
            }
            if not data.get("DELETE")
            else {},
            targets=[(y, data.get(f"target_{y}", "")) for y in self.years],
        )


class BasePlanRowFormSet(forms.BaseFormSet):
    def __init__(self, *args, years, units, **kwargs):
        self.years, self.units = years, units
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"years": self.years, "units": self.units}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            years=self.years,
            units=self.units,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def rows(self) -> list[RowInput]:
        """The rows typed, in order (blank new rows left out); a row without a
        number takes its position. `row_forms` keeps the form of each."""
        rows, self.row_forms = [], []
        for position, form in enumerate(self.forms, start=1):
            pk = form.cleaned_data.get("pk")
            if not pk and (not form.has_changed() or form.cleaned_data.get("DELETE")):
                continue
            row = form.as_input()
            if not row.delete and not row.data["order"]:
                row.data["order"] = position
            rows.append(row)
            self.row_forms.append(form)
        return rows

    def add_service_errors(self, error: PlanRowsInvalid) -> None:
        """Put the service's errors of each row next to the fields of its form
        (the errors of its targets at the top of the row)."""
        for position, errors in error.rows.items():
            form = self.row_forms[position]
            for name, messages in errors.items():
                form.add_error(name if name in form.fields else None, messages)


PlanRowFormSet = forms.formset_factory(
    PlanRowForm,
    formset=BasePlanRowFormSet,
    extra=BLANK_ROWS,
    can_delete=True,
    max_num=MAX_PLAN_ROWS,
    validate_max=True,
)


def row_initial(matrix) -> list[dict]:
    """The formset's initial data from the plan's matrix (selectors.plan_matrix)."""
    initial = []
    for entry in matrix:
        row = entry.row
        data = {
            "pk": row.pk,
            "order": row.order,
            "area": row.area,
            "program": row.program,
            "baseline": row.baseline,
            "target_total": row.target_total,
            "indicator": row.indicator,
            "budget": row.budget,
            "unit": row.unit_id,
        }
        data.update({f"target_{y}": v for y, v in entry.targets.items()})
        initial.append(data)
    return initial


class AchievementForm(CleanTextMixin, forms.Form):
    """The achievement of one row in one year."""

    row = forms.IntegerField(widget=forms.HiddenInput)
    percent = GroupedDecimalField(
        label=_("Capaian (% dari target)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(0, message=_("Capaian tidak boleh negatif.")),
            MaxValueValidator(
                MAX_ACHIEVEMENT_PERCENT,
                message=_("Capaian paling tinggi 999,99 persen dari target."),
            ),
        ],
        error_messages={"invalid": _("Masukkan angka persen, misalnya 75 atau 87,5.")},
    )
    value = forms.CharField(label=_("Uraian capaian"), max_length=255, required=False)
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def as_input(self) -> AchievementInput:
        data = self.cleaned_data
        percent = data.get("percent")
        return AchievementInput(
            row_pk=data["row"],
            percent=Decimal(percent) if percent is not None else None,
            value=data.get("value", ""),
            note=data.get("note", ""),
        )


AchievementFormSet = forms.formset_factory(AchievementForm, extra=0, max_num=200)


class PlanYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
