"""The review page every reviewed model shares (DESIGN §4; issue 11: "one transition
table, one set of services, one review page component"): the page with the
workflow's forms, and its start / return / approve / reopen views.

A reviewed model's review views subclass `ReviewViews` and say only what is theirs —
the template, URL names, services, messages and the forms beside the workflow's (the
dossier's rubric, the assessment's verification). The page renders the workflow's
forms with `includes/review_actions.html`. Each view is wrapped in the model's
`scoped(...)` decorator where it is bound to its URL, so scope (404) and permission
(403) stay in the URL's module, next to the model's other views."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from evaluations.forms.budget import ConfirmForm
from evaluations.forms.review import ReasonForm
from evaluations.workflow import Action, Workflow
from pug_portal.forms import add_service_errors

# The reviewer's actions, in the order the page offers them.
ACTIONS = (Action.START_REVIEW, Action.RETURN, Action.APPROVE, Action.REOPEN)


class ReviewViews:
    """One reviewed model's review page and action views."""

    template_name: str
    page_url_name: str  # the review page
    url_names: dict[str, str]  # action → URL name its form posts to
    object_kwarg: str  # the object's keyword in the services ("dossier", …)
    services: dict[str, Callable[..., Any]]  # action → the model's service
    done_messages: dict[str, Any]  # action → what the reviewer is told after it

    # --- what a model says ----------------------------------------------------------

    def workflow(self, obj) -> Workflow:
        raise NotImplementedError

    def base_context(self, request: HttpRequest, obj) -> dict[str, Any]:
        """The object's own page context (header, content, log)."""
        raise NotImplementedError

    def comment_formset(self, obj, data=None, context=None) -> BaseFormSet:
        """The return's comment rows; on the page, `context` is `base_context`'s
        (so what it has read is not read again)."""
        raise NotImplementedError

    def comments(self, formset: BaseFormSet) -> list[dict[str, Any]]:
        """The return's comments as the model's return service takes them."""
        return [c for c in formset.cleaned_data if c]

    def extra_context(
        self, request: HttpRequest, obj, forms: dict, context: dict
    ) -> dict[str, Any]:
        """The model's own forms and figures beside the workflow's (an invalid one
        comes back in `forms`; `context` is `base_context`'s)."""
        return {}

    def page_url(self, request: HttpRequest, obj) -> str:
        return reverse(self.page_url_name, args=[obj.pk])

    def decided(self, request: HttpRequest, obj, message) -> HttpResponse:
        """Where a return or an approval leads: back to the page, unless the model
        goes on with a queue."""
        return self.done(request, obj, message)

    # --- the page -------------------------------------------------------------------

    def page(self, request: HttpRequest, obj, **forms) -> HttpResponse:
        """The review page; with `forms` (an invalid one), 400 and its messages."""
        context = self.base_context(request, obj)
        flow = self.workflow(obj)
        context.update(
            {
                "return_form": forms.get("return_form")
                or ReasonForm(submit_label=_("Kembalikan untuk perbaikan")),
                "comment_formset": forms.get("comment_formset")
                or self.comment_formset(obj, context=context),
                "reopen_form": forms.get("reopen_form")
                or ReasonForm(submit_label=_("Buka kembali")),
                "approve_form": forms.get("approve_form") or ConfirmForm(),
                "may": {
                    action: flow.can(request.user, obj, action) for action in ACTIONS
                },
                "review_urls": {
                    action: reverse(self.url_names[action], args=[obj.pk])
                    for action in ACTIONS
                },
                **self.extra_context(request, obj, forms, context),
            }
        )
        # review_actions.html draws the form tags and buttons itself.
        for name in ("return_form", "reopen_form", "approve_form"):
            context[name].helper.form_tag = False
            context[name].helper.inputs = []
        return render(
            request, self.template_name, context, status=400 if forms else 200
        )

    def done(self, request: HttpRequest, obj, message) -> HttpResponse:
        messages.success(request, message)
        return redirect(self.page_url(request, obj))

    def _run(self, action: str, obj, by, **kwargs) -> Any:
        return self.services[action](**{self.object_kwarg: obj}, by=by, **kwargs)

    # --- the views (wrap each in the model's scoped decorator) -----------------------

    def review(self, request: HttpRequest, obj) -> HttpResponse:
        return self.page(request, obj)

    def start(self, request: HttpRequest, obj) -> HttpResponse:
        try:
            self._run(Action.START_REVIEW, obj, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.page_url(request, obj))
        return self.done(request, obj, self.done_messages[Action.START_REVIEW])

    def return_(self, request: HttpRequest, obj) -> HttpResponse:
        form = ReasonForm(request.POST, submit_label=_("Kembalikan untuk perbaikan"))
        comments = self.comment_formset(obj, request.POST)
        if form.is_valid() and comments.is_valid():
            try:
                self._run(
                    Action.RETURN,
                    obj,
                    request.user,
                    reason=form.cleaned_data["reason"],
                    comments=self.comments(comments),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.decided(request, obj, self.done_messages[Action.RETURN])
        return self.page(request, obj, return_form=form, comment_formset=comments)

    def approve(self, request: HttpRequest, obj) -> HttpResponse:
        form = ConfirmForm(request.POST)
        try:
            self._run(Action.APPROVE, obj, request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.page(request, obj, approve_form=form)
        return self.decided(request, obj, self.done_messages[Action.APPROVE])

    def reopen(self, request: HttpRequest, obj) -> HttpResponse:
        form = ReasonForm(request.POST, submit_label=_("Buka kembali"))
        if form.is_valid():
            try:
                self._run(
                    Action.REOPEN, obj, request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.done(request, obj, self.done_messages[Action.REOPEN])
        return self.page(request, obj, reopen_form=form)

    def bind(self, decorator: Callable) -> dict[str, Callable]:
        """The page and action views, each behind `decorator` (the model's scope and
        permission); the actions answer POST only."""
        return {
            "review": decorator(self.review),
            "start": decorator(require_POST(self.start)),
            "return": decorator(require_POST(self.return_)),
            "approve": decorator(require_POST(self.approve)),
            "reopen": decorator(require_POST(self.reopen)),
        }
