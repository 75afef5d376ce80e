"""The co-reviewers' page (Bappeda, Inspektorat): a note per item for each agency
the user writes for, beside the other agency's. Scope first (→ 404), then the role
and the instrument's named agencies (→ 403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from assessments.forms.co_review import CoReviewForm
from assessments.models import SelfAssessment
from assessments.selectors import assessments as selectors
from assessments.services import co_review as services
from assessments.views.assessments import _context, for_page
from pug_portal.forms import add_service_errors
from pug_portal.permissions import scoped


@scoped(SelfAssessment, "assessments:co_review", query=for_page)
def assessment_co_review(request, assessment: SelfAssessment):
    agencies = services.co_review_agencies(request.user, assessment)
    if not agencies:
        raise PermissionDenied
    rows = selectors.item_rows(assessment, with_co_reviews=True)
    form = CoReviewForm(request.POST or None, rows=rows, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_co_review(
                assessment=assessment, by=request.user, notes=form.notes()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Catatan pendamping tersimpan."))
            return redirect(assessment)
    context = _context(request, assessment, rows)
    context["form"] = form
    return render(
        request,
        "assessments/assessment_co_review.html",
        context,
        status=400 if form.errors else 200,
    )
