"""Pages behind Persentase ARG besides the budget lines: a unit's total belanja of a
year (DPMPPPAKB records it; the unit sees it on its dashboard) and the quarterly
realisation of an approved dossier (its focal point records it without reopening
the dossier)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.forms.arg import RealisationForm, TotalBelanjaForm
from evaluations.models import BudgetPhase, Dossier
from evaluations.services import arg as arg_service
from evaluations.workflow import Status
from focal_points.models import Unit
from pug_portal.permissions import scoped_object, user_has_perm
from pug_portal.views import ServiceFormView, query_year


def unit_year_url(unit: Unit, year: int | None) -> str:
    url = reverse("evaluations:unit_dashboard", args=[unit.pk])
    return f"{url}?year={year}" if year else url


class TotalBelanjaView(ServiceFormView):
    permission = "budget:total"
    form_class = TotalBelanjaForm
    title = _("Total belanja perangkat daerah")
    success_message = _("Total belanja tersimpan.")

    def load_object(self):
        self.unit = scoped_object(Unit, self.request.user, self.kwargs["pk"])

    def get_initial(self):
        if year := query_year(self.request):
            return {"year": year}
        return {}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subject", self.unit)
        kwargs.setdefault(
            "cancel_url", unit_year_url(self.unit, self.get_initial().get("year"))
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        self.year = form.cleaned_data["year"]
        return arg_service.total_belanja_set(
            unit=self.unit, by=self.request.user, **form.cleaned_data
        )[0]

    def get_success_url(self):
        return unit_year_url(self.unit, self.year) + "#arg-title"


class RealisationRecordView(ServiceFormView):
    permission = "realisation:record"
    form_class = RealisationForm
    title = _("Catat realisasi triwulan")
    success_message = _("Realisasi tercatat.")

    subject_attr = "dossier"

    def load_object(self):
        self.dossier = scoped_object(
            Dossier,
            self.request.user,
            self.kwargs["pk"],
            query=lambda q: q.select_related("unit", "cycle", "budget_line"),
        )

    def get(self, request, *args, **kwargs):
        if self.dossier.status != Status.APPROVED:
            # Said before anything is typed; the service refuses the save anyway.
            messages.warning(request, arg_service.NOT_APPROVED_MESSAGE)
        return super().get(request, *args, **kwargs)

    def perform(self, form):
        arg_service.realisation_record(
            dossier=self.dossier, by=self.request.user, data=form.cleaned_data
        )
        for warning in arg_service.realisation_warnings(dossier=self.dossier):
            messages.warning(self.request, warning)
        return self.dossier

    def get_success_url(self):
        return self.dossier.get_absolute_url() + "#realisasi"


def total_belanja_inline_form(user, unit: Unit, board) -> TotalBelanjaForm | None:
    """The total belanja form on a unit's year page, for whoever may record it
    (None for everyone else, who only sees the figure): the year is the page's,
    the phase and total start from the figure shown. It posts to TotalBelanjaView,
    which shows any error next to its field. No query."""
    if board.year is None or not user_has_perm(user, "budget:total"):
        return None
    shown = board.total_belanja
    form = TotalBelanjaForm(
        initial={
            "year": board.year,
            "phase": shown.phase if shown else BudgetPhase.MURNI,
            "total": int(shown.total) if shown else None,
        },
        auto_id="id_total_%s",
    )
    form.fields["year"].widget = forms.HiddenInput()
    form.helper.form_action = (
        reverse("evaluations:total_belanja", args=[unit.pk]) + f"?year={board.year}"
    )
    form.helper.form_class = "row g-2 align-items-end"
    return form


def realisation_context(user, dossier: Dossier) -> dict:
    """What the dossier page shows of its realisation: the quarters recorded, the
    warnings, and whether `user` may record one now. One query, none for a dossier
    never approved (realisation is recorded only after approval)."""
    ever_approved = dossier.approved_at is not None or dossier.status == Status.APPROVED
    realisations = list(dossier.realisations.all()) if ever_approved else []
    return {
        "realisations": realisations,
        "realisation_warnings": arg_service.realisation_warnings(
            dossier=dossier, realisations=realisations
        ),
        "can_record_realisation": dossier.status == Status.APPROVED
        and user_has_perm(user, "realisation:record", dossier),
    }
