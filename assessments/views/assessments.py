"""A self-assessment's pages: list, start, the answers (with autosave), submit, and
the verifier's page with the review actions shared with dossiers. Objects are
fetched through scoped querysets first (→ 404), then the permission (→ 403)."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from assessments.exporters.recap import group_label
from assessments.filters import AssessmentFilter
from assessments.forms.assessments import (
    AnswersForm,
    AssessmentStartForm,
    ItemCommentFormSet,
    VerifyForm,
)
from assessments.models import Instrument, SelfAssessment
from assessments.selectors import assessments as selectors
from assessments.selectors.evidence import library_choices
from assessments.selectors.recap import evaluation_recap
from assessments.services import assessments as services
from assessments.services.co_review import may_co_review_now
from evaluations.forms.budget import ConfirmForm
from evaluations.views.reviewing import ACTIONS, ReviewViews
from evaluations.workflow import Action, Status
from focal_points.models import Unit
from pug_portal.forms import add_service_errors
from pug_portal.models import ActivityLog
from pug_portal.permissions import permission_required, scoped, user_has_perm
from pug_portal.views import ServiceFormView, list_page


def for_page(assessments):
    return assessments.select_related("unit", "instrument")


@permission_required("assessments:view")
def assessment_list(request):
    assessments = AssessmentFilter(
        request.GET, selectors.assessment_list(user=request.user), request=request
    )
    return list_page(
        request,
        "assessments/assessment_list.html",
        assessments,
        can_start=user_has_perm(request.user, "assessments:edit"),
        # city instruments whose evaluation has not started (a started one is a
        # row of the list, under the coordinating unit)
        city_instruments=Instrument.objects.filter(
            scope="CITY", assessments__isnull=True
        ).order_by("-year", "-version")[:3]
        if user_has_perm(request.user, "assessments:city")
        else [],
    )


class AssessmentStartView(ServiceFormView):
    permission = "assessments:edit"
    form_class = AssessmentStartForm
    title = _("Mulai penilaian mandiri")
    success_message = _("Penilaian dibuat. Jawab setiap butir.")

    def get_form_kwargs(self):
        units = Unit.objects.visible_to(self.request.user).order_by("name")
        return {**super().get_form_kwargs(), "units": units}

    def perform(self, form):
        return services.assessment_start(
            by=self.request.user,
            instrument=form.cleaned_data["instrument"],
            unit=form.cleaned_data["unit"],
        )

    def get_success_url(self):
        return reverse("assessments:assessment_edit", args=[self.object.pk])


@scoped(Instrument, "assessments:city")
@require_POST
def city_assessment_start(request, instrument: Instrument):
    """DPMPPPAKB opens the city's evaluation against a city instrument."""
    try:
        assessment = services.assessment_start(by=request.user, instrument=instrument)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(instrument)
    return redirect("assessments:assessment_edit", pk=assessment.pk)


def _context(
    request,
    assessment: SelfAssessment,
    rows=None,
    *,
    with_co_reviews: bool = False,
) -> dict:
    """What every assessment page shows; `rows` when the view has read them already
    (the edit and co-review forms), not read a second time; the co-reviewers' notes
    only where shown (the verifier's and the co-review pages, the detail page
    past submission)."""
    if rows is None:
        rows = selectors.item_rows(assessment, with_co_reviews=with_co_reviews)
    flow = services.workflow_for(assessment)
    user = request.user
    return {
        "assessment": assessment,
        "rows": rows,
        "scores": selectors.scores(rows),
        "can_edit": user_has_perm(user, flow.edit_perm, assessment),
        "can_verify": user_has_perm(user, flow.review_perm, assessment),
        "can_submit": flow.can(user, assessment, "submit"),
        "can_co_review": may_co_review_now(user, assessment),
        "log": ActivityLog.objects.for_object(assessment).select_related("actor")[:20],
    }


@scoped(SelfAssessment, "assessments:view", query=for_page)
def assessment_detail(request, assessment: SelfAssessment):
    # Bappeda's and Inspektorat's notes are written from submission on and stay
    # part of the record after it (returned, approved); a draft has none to show.
    context = _context(
        request, assessment, with_co_reviews=assessment.status != Status.DRAFT
    )
    return render(request, "assessments/assessment_detail.html", context)


def _require_editor(request, assessment: SelfAssessment) -> None:
    """The edit permission of the assessment's workflow (a city evaluation: DPMPPPAKB),
    in its current state."""
    flow = services.workflow_for(assessment)
    if not user_has_perm(request.user, flow.edit_perm):
        raise PermissionDenied


def _answers_form(request, assessment, rows, data=None):
    return AnswersForm(
        data,
        rows=rows,
        evidence=library_choices(user=request.user, unit=assessment.unit),
        initial={
            "version": assessment.version,
            "edit_token": secrets.token_hex(8),
            "edit_seq": 0,
        },
    )


def _save(request, assessment, form):
    data = form.cleaned_data
    return services.assessment_save(
        assessment=SelfAssessment.objects.get(pk=assessment.pk),
        by=request.user,
        version=data["version"],
        edit_token=data.get("edit_token") or "",
        edit_seq=data.get("edit_seq") or 0,
        answers=form.answers(),
    )


@scoped(SelfAssessment, "assessments:view", query=for_page)
def assessment_edit(request, assessment: SelfAssessment):
    _require_editor(request, assessment)
    if request.method != "POST":
        try:
            services.require_editable(assessment, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.warning(request, message)
            return redirect(assessment)
    # A returned assessment is revised with Bappeda's and Inspektorat's notes in
    # view, as the detail page shows them past draft.
    rows = selectors.item_rows(
        assessment, with_co_reviews=assessment.status != Status.DRAFT
    )
    data = request.POST if request.method == "POST" else None
    form = _answers_form(request, assessment, rows, data)
    if data is not None and form.is_valid():
        try:
            _save(request, assessment, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Jawaban tersimpan."))
            if request.POST.get("then") == "submit":
                return redirect("assessments:assessment_submit", pk=assessment.pk)
            return redirect("assessments:assessment_edit", pk=assessment.pk)
    context = _context(request, assessment, rows)
    context["form"] = form
    return render(
        request,
        "assessments/assessment_edit.html",
        context,
        status=400 if form.errors else 200,
    )


@scoped(SelfAssessment, "assessments:view", query=for_page)
@require_POST
def assessment_autosave(request, assessment: SelfAssessment):
    """htmx: save the answers a few seconds after typing, with the editor's version
    check (evaluations.workflow.checked_update)."""
    _require_editor(request, assessment)
    form = _answers_form(
        request, assessment, selectors.item_rows(assessment), request.POST
    )
    context = {"saved_at": None, "errors": []}
    if form.is_valid():
        try:
            saved = _save(request, assessment, form)
        except ValidationError as error:
            context["superseded"] = any(
                e.code == "superseded" for e in getattr(error, "error_list", [])
            )
            context["errors"] = error.messages
        else:
            context["saved_at"] = timezone.localtime(timezone.now())
            context["version"] = saved.version
    else:
        context["errors"] = [" ".join(e) for e in form.errors.values()]
    return render(request, "evaluations/includes/autosave_status.html", context)


@scoped(SelfAssessment, "assessments:city", query=for_page)
@require_POST
def assessment_prefill(request, assessment: SelfAssessment):
    """Read the portal's figures of the year again (the city's evaluation)."""
    try:
        n = services.city_prefill(assessment=assessment, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Angka portal diperbarui untuk %(n)s butir.") % {"n": n}
        )
    return redirect("assessments:assessment_edit", pk=assessment.pk)


@scoped(SelfAssessment, "assessments:view", query=for_page)
def assessment_submit(request, assessment: SelfAssessment):
    _require_editor(request, assessment)
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        submit_label=_("Ajukan ke verifikator"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_submit(assessment=assessment, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Penilaian diajukan. Verifikator DPMPPPAKB telah diberi tahu."),
            )
            return redirect(assessment)
    return render(
        request,
        "assessments/assessment_submit.html",
        {
            "assessment": assessment,
            "form": form,
            "missing": services.missing_items(assessment),
        },
        status=400 if form.errors else 200,
    )


# --- the verifier ------------------------------------------------------------------


class AssessmentReviewViews(ReviewViews):
    """The verifier's page: the workflow's forms (shared with dossiers) beside the
    verification of each item."""

    template_name = "assessments/assessment_review.html"
    page_url_name = "assessments:assessment_review"
    url_names = {action: f"assessments:review_{action}" for action in ACTIONS}
    object_kwarg = "assessment"
    services = {
        Action.START_REVIEW: services.assessment_start_review,
        Action.RETURN: services.assessment_return,
        Action.APPROVE: services.assessment_approve,
        Action.REOPEN: services.assessment_reopen,
    }
    done_messages = {
        Action.START_REVIEW: _("Verifikasi dimulai; focal point diberi tahu."),
        Action.RETURN: _("Penilaian dikembalikan; focal point diberi tahu."),
        Action.APPROVE: _("Penilaian disetujui dan dikunci."),
        Action.REOPEN: _("Penilaian dibuka kembali."),
    }

    def workflow(self, obj):
        return services.workflow_for(obj)

    def base_context(self, request, obj):
        return _context(request, obj, with_co_reviews=True)

    def comment_formset(self, obj, data=None, context=None):
        rows = context["rows"] if context else selectors.item_rows(obj)
        items = [row.item for row in rows]
        return ItemCommentFormSet(data, prefix="comments", form_kwargs={"items": items})

    def comments(self, formset):
        return [
            {"item": c["target"], "text": c["text"]} for c in formset.cleaned_data if c
        ]

    def extra_context(self, request, obj, forms, context):
        return {
            "verify_form": forms.get("verify_form") or VerifyForm(rows=context["rows"])
        }


ASSESSMENT_REVIEW = AssessmentReviewViews()
verifier_action = scoped(SelfAssessment, "assessments:verify", query=for_page)
_views = ASSESSMENT_REVIEW.bind(verifier_action)
assessment_review = _views["review"]
review_start_review = _views["start"]
review_return = _views["return"]
review_approve = _views["approve"]
review_reopen = _views["reopen"]


@verifier_action
@require_POST
def review_verify(request, assessment: SelfAssessment):
    form = VerifyForm(request.POST, rows=selectors.item_rows(assessment))
    if form.is_valid():
        try:
            services.assessment_verify(
                assessment=assessment, by=request.user, answers=form.answers()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return ASSESSMENT_REVIEW.done(
                request, assessment, _("Hasil verifikasi tersimpan.")
            )
    return ASSESSMENT_REVIEW.page(request, assessment, verify_form=form)


# --- the recap ---------------------------------------------------------------------


@permission_required("reports:city")
def evaluation_recap_page(request):
    """The year's evaluation on screen (city and unit × group, self beside
    verified), with the PDF and Excel downloads of the same recap."""
    year = request.GET.get("year", "")
    years = list(
        SelfAssessment.objects.order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    chosen = int(year) if year.isdecimal() and int(year) in years else None
    chosen = chosen or (years[0] if years else None)
    recap = evaluation_recap(year=chosen) if chosen else None
    return render(
        request,
        "assessments/recap.html",
        {
            "recap": recap,
            "years": years,
            "year": chosen,
            "rows": [
                (row, [row.scores.group(g) for g in recap.groups], row.scores.total)
                for row in recap.units
            ]
            if recap
            else [],
            "group_labels": [group_label(g) for g in recap.groups] if recap else [],
        },
    )
