"""The reviewer's side: the queue and the review page with its actions (start, score,
return with comments, approve, reopen). Each action is a POST to its own URL; an
invalid form re-renders the review page with the message next to it. The page and
the workflow's actions are the shared review component (views/reviewing.py)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from evaluations.filters import QueueFilter
from evaluations.forms.review import CommentFormSet, RubricForm
from evaluations.models import Dossier, ScoreKind
from evaluations.models.review import computed_criteria_items
from evaluations.selectors import dossiers as selectors
from evaluations.services import review as review_service
from evaluations.services.dossiers import DOSSIER_WORKFLOW
from evaluations.views.dossiers import _detail_context, for_page
from evaluations.views.reviewing import ReviewViews
from evaluations.workflow import QUEUE_STATES, Action
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
        seek=True,
        queue_states=QUEUE_STATES,
    )


class DossierReviewViews(ReviewViews):
    """The dossier's review page: the workflow's forms beside the rubric and the
    changes since the return; return and approve go on with the queue."""

    template_name = "evaluations/dossier_review.html"
    page_url_name = "evaluations:dossier_review"
    url_names = {
        Action.START_REVIEW: "evaluations:review_start",
        Action.RETURN: "evaluations:review_return",
        Action.APPROVE: "evaluations:review_approve",
        Action.REOPEN: "evaluations:review_reopen",
    }
    object_kwarg = "dossier"
    services = {
        Action.START_REVIEW: review_service.dossier_start_review,
        Action.RETURN: review_service.dossier_return,
        Action.APPROVE: review_service.dossier_approve,
        Action.REOPEN: review_service.dossier_reopen,
    }
    done_messages = {
        Action.START_REVIEW: _("Reviu dimulai; focal point diberi tahu."),
        Action.RETURN: _("Dokumen PPRG dikembalikan; focal point diberi tahu."),
        Action.APPROVE: _("Dokumen PPRG disetujui dan dikunci."),
        Action.REOPEN: _("Dokumen PPRG dibuka kembali untuk perbaikan."),
    }

    def workflow(self, obj):
        return DOSSIER_WORKFLOW

    def base_context(self, request, obj):
        return _detail_context(request, obj)

    def comment_formset(self, obj, data=None, context=None):
        return CommentFormSet(data, prefix="comments")

    def extra_context(self, request, obj, forms, context):
        reviewer = obj.scores.filter(kind=ScoreKind.REVIEWER).first()
        rubric_form = forms.get("rubric_form") or RubricForm(instance=reviewer)
        rubric_form.helper.form_tag = False
        rubric_form.helper.inputs = []
        return {
            "rubric_form": rubric_form,
            # the queue's filters, carried from the queue to the next dossier
            "queue": request.GET.get("queue") or request.POST.get("queue", ""),
            "changes": selectors.changes_since_return(obj),
            "computed_criteria": computed_criteria_items(obj),
            "rubric_good": settings.PUG_RUBRIC_BAIK_MIN,
            "rubric_fair": settings.PUG_RUBRIC_CUKUP_MIN,
        }

    def page_url(self, request, obj):
        """The dossier's review page, still carrying the queue's filters."""
        url = super().page_url(request, obj)
        if queue := request.POST.get("queue", ""):
            url += "?" + urlencode({"queue": queue})
        return url

    def decided(self, request, obj, message):
        """After a return or an approval the reviewer goes on with the queue,
        filtered as it was when the dossier was opened from it: its first dossier,
        or the (empty) queue itself."""
        filters = QueryDict(request.POST.get("queue", ""))
        queue = QueueFilter(
            filters, selectors.review_queue(user=request.user), request=request
        ).qs
        following = selectors.next_in_queue(queue, after=obj)
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


DOSSIER_REVIEW = DossierReviewViews()

# Every view below acts on one dossier: in the reviewer's scope (→ 404), with the
# permission to review (→ 403).
reviewer_action = scoped(Dossier, "dossiers:review", query=for_page)
_views = DOSSIER_REVIEW.bind(reviewer_action)
dossier_review = _views["review"]
review_start = _views["start"]
review_return = _views["return"]
review_approve = _views["approve"]
review_reopen = _views["reopen"]


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
            return DOSSIER_REVIEW.done(
                request,
                dossier,
                _("Nilai tersimpan: %(total)s/20, kualitas dokumen %(class)s.")
                % {"total": score.total, "class": score.get_classification_display()},
            )
    return DOSSIER_REVIEW.page(request, dossier, rubric_form=form)
