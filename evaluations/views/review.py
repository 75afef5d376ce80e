"""The reviewer's side: the queue and the review page with its actions (start, score,
return with comments, approve, reopen). Each action is a POST to its own URL; an
invalid form re-renders the review page with the message next to it."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from evaluations.filters import QueueFilter
from evaluations.forms.budget import ConfirmForm
from evaluations.forms.review import (
    CommentFormSet,
    ReasonForm,
    RubricForm,
)
from evaluations.models import Dossier, ScoreKind
from evaluations.models.review import computed_criteria_items
from evaluations.selectors import dossiers as selectors
from evaluations.services import review as review_service
from evaluations.services.dossiers import DOSSIER_WORKFLOW
from evaluations.views.dossiers import _detail_context, for_page
from evaluations.workflow import QUEUE_STATES
from pug_portal.forms import add_service_errors
from pug_portal.permissions import permission_required, scoped
from pug_portal.views import list_page


@permission_required("dossiers:review")
def review_queue(request):
    dossiers = QueueFilter(
        request.GET, selectors.review_queue(user=request.user), request=request
    )
    return list_page(
        request,
        "evaluations/review_queue.html",
        dossiers,
        queue_states=QUEUE_STATES,
    )


# action → the name of the URL its form posts to (evaluations:review_<name>)
REVIEW_URL_NAMES = {
    "start_review": "start",
    "return": "return",
    "approve": "approve",
    "reopen": "reopen",
}


def _review_page(request, dossier, **forms):
    reviewer = dossier.scores.filter(kind=ScoreKind.REVIEWER).first()
    context = _detail_context(request, dossier)
    context.update(
        {
            "rubric_form": forms.get("rubric_form") or RubricForm(instance=reviewer),
            "return_form": forms.get("return_form")
            or ReasonForm(submit_label=_("Kembalikan untuk perbaikan")),
            "comment_formset": forms.get("comment_formset")
            or CommentFormSet(prefix="comments"),
            "reopen_form": forms.get("reopen_form")
            or ReasonForm(submit_label=_("Buka kembali")),
            "start_form": ConfirmForm(submit_label=_("Mulai reviu")),
            # the queue's filters, carried from the queue to the next dossier
            "queue": request.GET.get("queue") or request.POST.get("queue", ""),
            "approve_form": forms.get("approve_form")
            or ConfirmForm(submit_label=_("Setujui dan kunci")),
            "changes": selectors.changes_since_return(dossier),
            "computed_criteria": computed_criteria_items(dossier),
            "rubric_good": settings.PUG_RUBRIC_BAIK_MIN,
            "rubric_fair": settings.PUG_RUBRIC_CUKUP_MIN,
            "may": {
                action: DOSSIER_WORKFLOW.can(request.user, dossier, action)
                for action in ("start_review", "return", "approve", "reopen")
            },
            "review_urls": {
                action: reverse(f"evaluations:review_{name}", args=[dossier.pk])
                for action, name in REVIEW_URL_NAMES.items()
            },
        }
    )
    for form in (
        context["rubric_form"],
        context["return_form"],
        context["reopen_form"],
        context["start_form"],
        context["approve_form"],
    ):
        form.helper.form_tag = False
        form.helper.inputs = []
    status = 400 if forms else 200
    return render(request, "evaluations/dossier_review.html", context, status=status)


# Every view below acts on one dossier: in the reviewer's scope (→ 404), with the
# permission to review (→ 403).
reviewer_action = scoped(Dossier, "dossiers:review", query=for_page)


@reviewer_action
def dossier_review(request, dossier: Dossier):
    return _review_page(request, dossier)


def _review_url(request, dossier) -> str:
    """The dossier's review page, still carrying the queue's filters."""
    url = reverse("evaluations:dossier_review", args=[dossier.pk])
    if queue := request.POST.get("queue", ""):
        url += "?" + urlencode({"queue": queue})
    return url


def _done(request, dossier, message):
    messages.success(request, message)
    return redirect(_review_url(request, dossier))


def _decided(request, dossier, message):
    """After a return or an approval the reviewer goes on with the queue, filtered
    as it was when the dossier was opened from it: its first dossier, or the (empty)
    queue itself."""
    filters = QueryDict(request.POST.get("queue", ""))
    queue = QueueFilter(
        filters, selectors.review_queue(user=request.user), request=request
    ).qs
    following = selectors.next_in_queue(queue, after=dossier)
    if following is None:
        messages.success(
            request, _("%(done)s Antrean reviu kosong.") % {"done": message}
        )
        url = reverse("evaluations:review_queue")
        return redirect(f"{url}?{filters.urlencode()}" if filters else url)
    messages.success(
        request,
        _("%(done)s Berikutnya dalam antrean: %(next)s.")
        % {"done": message, "next": following.budget_line.sub_kegiatan_name},
    )
    url = reverse("evaluations:dossier_review", args=[following.pk])
    if filters:
        url += "?" + urlencode({"queue": filters.urlencode()})
    return redirect(url)


@reviewer_action
@require_POST
def review_start(request, dossier: Dossier):
    try:
        review_service.dossier_start_review(dossier=dossier, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_review_url(request, dossier))
    return _done(request, dossier, _("Reviu dimulai; focal point diberi tahu."))


@reviewer_action
@require_POST
def review_score(request, dossier: Dossier):
    form = RubricForm(request.POST)
    if form.is_valid():
        try:
            score = review_service.dossier_score(
                dossier=dossier,
                by=request.user,
                kind=ScoreKind.REVIEWER,
                scores=form.cleaned_data,
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                dossier,
                _("Nilai tersimpan: %(total)s/20, kualitas dokumen %(class)s.")
                % {"total": score.total, "class": score.get_classification_display()},
            )
    return _review_page(request, dossier, rubric_form=form)


@reviewer_action
@require_POST
def review_return(request, dossier: Dossier):
    form = ReasonForm(request.POST, submit_label=_("Kembalikan untuk perbaikan"))
    comments = CommentFormSet(request.POST, prefix="comments")
    if form.is_valid() and comments.is_valid():
        try:
            review_service.dossier_return(
                dossier=dossier,
                by=request.user,
                reason=form.cleaned_data["reason"],
                comments=[c for c in comments.cleaned_data if c],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _decided(
                request,
                dossier,
                _("Dokumen PPRG dikembalikan; focal point diberi tahu."),
            )
    return _review_page(request, dossier, return_form=form, comment_formset=comments)


@reviewer_action
@require_POST
def review_approve(request, dossier: Dossier):
    form = ConfirmForm(request.POST)
    try:
        review_service.dossier_approve(dossier=dossier, by=request.user)
    except ValidationError as error:
        add_service_errors(form, error)
        return _review_page(request, dossier, approve_form=form)
    return _decided(request, dossier, _("Dokumen PPRG disetujui dan dikunci."))


@reviewer_action
@require_POST
def review_reopen(request, dossier: Dossier):
    form = ReasonForm(request.POST, submit_label=_("Buka kembali"))
    if form.is_valid():
        try:
            review_service.dossier_reopen(
                dossier=dossier, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request, dossier, _("Dokumen PPRG dibuka kembali untuk perbaikan.")
            )
    return _review_page(request, dossier, reopen_form=form)
