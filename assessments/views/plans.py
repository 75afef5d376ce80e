"""The Rencana Pokja PUG pages: the list, a plan's matrix with its achievements,
the plan form, the matrix editor, adoption, the achievements of a year and the
plan's PDF and Excel. Plans are the city's: read by the city readers, kept by
DPMPPPAKB; every write goes through assessments.services.plans."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from assessments.exporters.plans import PokjaPlanExporter
from assessments.filters import PlanFilter
from assessments.forms.plans import (
    AchievementFormSet,
    PlanForm,
    PlanRowFormSet,
    PlanYearForm,
    row_initial,
)
from assessments.models import PokjaPlan
from assessments.selectors import plans as selectors
from assessments.services import plans as services
from evaluations.forms.budget import ConfirmForm
from focal_points.models import Unit, today
from pug_portal.models import ActivityLog
from pug_portal.permissions import (
    permission_required,
    scoped,
    scoped_object,
    user_has_perm,
)
from pug_portal.reports.views import download_response
from pug_portal.views import ServiceFormView, ServiceUpdateView, list_page


@permission_required("pokja_plans:view")
def plan_list(request):
    plans = PlanFilter(
        request.GET, selectors.plan_list(user=request.user), request=request
    )
    return list_page(request, "assessments/plan_list.html", plans)


def _default_year(plan: PokjaPlan) -> int:
    year = today().year
    return year if year in plan.years else plan.start_year


@scoped(PokjaPlan, "pokja_plans:view", query=lambda q: q.select_related("decree"))
def plan_detail(request, plan: PokjaPlan):
    years = plan.years
    return render(
        request,
        "assessments/plan_detail.html",
        {
            "plan": plan,
            "years": years,
            "matrix": [
                (entry, entry.target_cells(years), entry.achievement_cells(years))
                for entry in selectors.plan_matrix(plan)
            ],
            "progress": selectors.plan_progress_by_year(plan, years),
            "definition": selectors.PROGRESS_DEFINITION,
            "default_year": _default_year(plan),
            "can_manage": user_has_perm(request.user, "pokja_plans:manage"),
            "can_record": user_has_perm(request.user, "pokja_plans:achievement"),
            "annual_plans": plan.annual_plans.all(),
            "log": ActivityLog.objects.for_object(plan).select_related("actor")[:10],
        },
    )


class PlanCreateView(ServiceFormView):
    permission = "pokja_plans:manage"
    form_class = PlanForm
    title = _("Rencana Pokja PUG baru")
    success_message = _("Rencana dibuat. Isi matriksnya.")

    def perform(self, form):
        return services.plan_create(by=self.request.user, data=form.cleaned_data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class PlanUpdateView(ServiceUpdateView):
    permission = "pokja_plans:manage"
    form_class = PlanForm
    edited_attr = "plan"
    title = _("Ubah Rencana Pokja PUG")
    success_message = _("Rencana tersimpan.")
    subject_attr = "plan"

    def load_object(self):
        self.plan = scoped_object(PokjaPlan, self.request.user, self.kwargs["pk"])

    def perform(self, form):
        return services.plan_update(
            plan=self.plan, by=self.request.user, data=form.cleaned_data
        )


def _units():
    return Unit.objects.filter(valid_to__isnull=True).order_by("name")


@scoped(PokjaPlan, "pokja_plans:manage")
def plan_rows_edit(request, plan: PokjaPlan):
    """The matrix editor: every row of a draft plan with its yearly targets, saved
    all or nothing."""
    if plan.is_adopted:
        messages.error(request, services.ADOPTED_MESSAGE)
        return redirect(plan)
    kwargs = {"years": plan.years, "units": _units(), "prefix": "rows"}
    if request.method == "POST":
        formset = PlanRowFormSet(request.POST, **kwargs)
        if formset.is_valid():
            rows = formset.rows()
            try:
                count = services.plan_rows_save(plan=plan, by=request.user, rows=rows)
            except services.PlanRowsInvalid as error:
                formset.add_service_errors(error)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Matriks tersimpan: %(n)s baris.") % {"n": count},
                )
                return redirect(plan)
    else:
        initial = row_initial(selectors.plan_matrix(plan))
        formset = PlanRowFormSet(initial=initial, **kwargs)
    return render(
        request,
        "assessments/plan_rows.html",
        {"plan": plan, "formset": formset, "years": plan.years},
    )


class PlanAdoptView(ServiceFormView):
    permission = "pokja_plans:manage"
    form_class = ConfirmForm
    title = _("Tetapkan Rencana Pokja PUG")
    success_message = _("Rencana ditetapkan; sejak kini hanya capaiannya yang dicatat.")
    subject_attr = "plan"

    def load_object(self):
        self.plan = scoped_object(PokjaPlan, self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Tetapkan")}

    def perform(self, form):
        return services.plan_adopt(plan=self.plan, by=self.request.user)


@scoped(PokjaPlan, "pokja_plans:achievement")
def plan_achievements(request, plan: PokjaPlan):
    """The achievements of one year (?year=, one of the plan's years) on every row
    of the plan, recorded together; the targets are shown, never changed."""
    year_form = PlanYearForm(
        request.GET or {"year": _default_year(plan)}, years=plan.years
    )
    if not year_form.is_valid():
        raise Http404
    year = year_form.cleaned_data["year"]
    matrix = selectors.plan_matrix(plan)
    if request.method == "POST":
        formset = AchievementFormSet(request.POST, prefix="achievements")
        if formset.is_valid():
            try:
                count = services.achievements_record(
                    plan=plan,
                    by=request.user,
                    year=year,
                    entries=[f.as_input() for f in formset.forms],
                )
            except services.PlanRowsInvalid as error:
                for position, errors in error.rows.items():
                    form = formset.forms[position]
                    for name, msgs in errors.items():
                        form.add_error(name if name in form.fields else None, msgs)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Capaian %(year)s tersimpan: %(n)s baris.")
                    % {"year": year, "n": count},
                )
                return redirect(plan)
    else:
        initial = []
        for entry in matrix:
            recorded = entry.achievements.get(year)
            initial.append(
                {
                    "row": entry.row.pk,
                    "percent": recorded.percent if recorded else None,
                    "value": recorded.value if recorded else "",
                    "note": recorded.note if recorded else "",
                }
            )
        formset = AchievementFormSet(initial=initial, prefix="achievements")
    rows = {entry.row.pk: entry for entry in matrix}
    pairs = []
    for form in formset.forms:
        pk = form["row"].value()
        try:
            entry = rows.get(int(pk))
        except (TypeError, ValueError):
            entry = None
        target = entry.targets.get(year, "") if entry else ""
        pairs.append((form, entry, target))
    return render(
        request,
        "assessments/plan_achievements.html",
        {
            "plan": plan,
            "year": year,
            "year_form": year_form,
            "formset": formset,
            "pairs": pairs,
        },
    )


@scoped(PokjaPlan, "pokja_plans:view")
def plan_download(request, plan: PokjaPlan, fmt: str):
    """The plan's matrix as PDF or Excel: the exporter of the reports page, for
    this plan."""
    if fmt not in PokjaPlanExporter.formats:
        raise Http404
    return download_response(PokjaPlanExporter(user=request.user, fmt=fmt, plan=plan))
