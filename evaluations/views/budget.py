"""Evaluation cycles and budget lines."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.filters import BudgetLineFilter
from evaluations.forms.budget import (
    BudgetLineForm,
    ConfirmForm,
    CycleForm,
)
from evaluations.models import BudgetLine, EvaluationCycle
from evaluations.selectors import dossiers as selectors
from evaluations.services.budget import (
    budget_line_create,
    budget_line_update,
    cycle_close,
    cycle_create,
    cycle_open,
    cycle_update,
)
from focal_points.models import Unit, today
from pug_portal.models import ActivityLog
from pug_portal.permissions import permission_required, scoped_object
from pug_portal.views import ServiceFormView, ServiceUpdateView, list_page, query_int

# --- cycles ------------------------------------------------------------------------


@permission_required("cycles:view")
def cycle_list(request):
    cycles = EvaluationCycle.objects.order_by("-year")
    return render(request, "evaluations/cycle_list.html", {"cycles": cycles})


class CycleCreateView(ServiceFormView):
    permission = "cycles:manage"
    form_class = CycleForm
    title = _("Siklus monev baru")
    success_message = _("Siklus monev dibuat. Buka siklus bila sudah siap.")

    def get_initial(self):
        year = today().year
        return {"year": year}

    def perform(self, form):
        return cycle_create(by=self.request.user, data=form.cleaned_data)

    def get_success_url(self):
        return reverse("evaluations:cycle_list")


class CycleObjectMixin:
    def load_object(self):
        self.cycle = get_object_or_404(EvaluationCycle, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subject", self.cycle)
        kwargs.setdefault("cancel_url", reverse("evaluations:cycle_list"))
        kwargs.setdefault(
            "log",
            ActivityLog.objects.for_object(self.cycle).select_related("actor")[:20],
        )
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return reverse("evaluations:cycle_list")


class CycleUpdateView(CycleObjectMixin, ServiceUpdateView):
    permission = "cycles:manage"
    form_class = CycleForm
    title = _("Ubah siklus monev")

    edited_attr = "cycle"

    def perform(self, form):
        return cycle_update(
            cycle=self.cycle, by=self.request.user, data=form.cleaned_data
        )


class CycleOpenView(CycleObjectMixin, ServiceFormView):
    permission = "cycles:manage"
    form_class = ConfirmForm
    title = _("Buka siklus monev")
    success_message = _("Siklus dibuka: focal point dapat mengajukan dokumen PPRG.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Buka siklus")}

    def perform(self, form):
        return cycle_open(cycle=self.cycle, by=self.request.user)


class CycleCloseView(CycleObjectMixin, ServiceFormView):
    permission = "cycles:manage"
    form_class = ConfirmForm
    title = _("Tutup siklus monev")
    success_message = _(
        "Siklus ditutup: semua dokumen PPRG di dalamnya hanya dapat dibaca."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Tutup siklus")}

    def perform(self, form):
        return cycle_close(cycle=self.cycle, by=self.request.user)


# --- budget lines ------------------------------------------------------------------


@permission_required("budget:view")
def budget_line_list(request):
    lines = BudgetLineFilter(
        request.GET, selectors.budget_lines(user=request.user), request=request
    )
    return list_page(
        request,
        "evaluations/budget_line_list.html",
        lines,
        seek=True,
        unit=lines.value("unit"),
    )


def _warn_codes(request, line: BudgetLine) -> None:
    for warning in line.code_warnings():
        messages.warning(request, warning)


class BudgetLineCreateView(ServiceFormView):
    permission = "budget:edit"
    form_class = BudgetLineForm
    title = _("Sub kegiatan baru")
    success_message = _("Sub kegiatan tersimpan.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "units": Unit.objects.visible_to(self.request.user).active(),
        }

    def get_initial(self):
        initial = {"year": today().year}
        if unit := query_int(self.request, "unit"):
            initial["unit"] = unit
        return initial

    def perform(self, form):
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        line = budget_line_create(by=self.request.user, unit=unit, data=data)
        _warn_codes(self.request, line)
        return line


class BudgetLineUpdateView(ServiceUpdateView):
    permission = "budget:edit"
    form_class = BudgetLineForm
    title = _("Ubah sub kegiatan")

    def load_object(self):
        self.line = scoped_object(
            BudgetLine,
            self.request.user,
            self.kwargs["pk"],
            query=lambda lines: lines.select_related("unit"),
        )

    edited_attr = "line"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subject", self.line.unit)
        kwargs.setdefault("cancel_url", self.line.get_absolute_url())
        kwargs.setdefault(
            "log",
            ActivityLog.objects.for_object(self.line).select_related("actor")[:20],
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        line = budget_line_update(
            line=self.line, by=self.request.user, data=form.cleaned_data
        )
        _warn_codes(self.request, line)
        return line
