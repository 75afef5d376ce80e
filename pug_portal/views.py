"""The bases of the pages: a form whose valid submission goes to a service, and a
paginated list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from pug_portal.forms import add_service_errors
from pug_portal.permissions import PermissionRequiredMixin
from pug_portal.seek import seek_page
from pug_portal.validation import DOCUMENT_YEARS

# Rows per page on every paginated list.
PAGE_SIZE = 50


# The largest id a query parameter may name (PostgreSQL's integer; SQLite and Python's
# dates fail on larger numbers with an OverflowError instead of finding nothing).
MAX_ID = 2**31 - 1


def query_int(
    request, name: str, *, minimum: int = 1, maximum: int = MAX_ID
) -> int | None:
    """The `?name=` parameter as a whole number between `minimum` and `maximum`, or
    None: ASCII digits only ("²" and "٣" are digits to str.isdecimal or isdigit,
    and int() takes the second), and no number too large for the database."""
    value = request.GET.get(name, "")
    if not (value.isascii() and value.isdecimal()) or len(value) > 10:
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def query_year(request, name: str = "year") -> int | None:
    """`?year=` within the years any date of the portal may have."""
    return query_int(
        request, name, minimum=DOCUMENT_YEARS.first, maximum=DOCUMENT_YEARS.last
    )


def same_site_path(url: str | None) -> str:
    """`url` when it is a path on this site ("/units/3/"), else "": a `?next=` from
    a link must never send the user elsewhere (an open redirect). Django's own check
    refuses what a browser would read as another host ("//evil", "/\\evil",
    "https:evil", control characters); a host of our own is not needed either."""
    url = url or ""
    if (
        url.startswith("/")
        and url.isprintable()
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    ):
        return url
    return ""


class ServiceFormView(PermissionRequiredMixin, FormView):
    """A form page whose valid submission is handed to a service.

    Subclasses set `permission`, `title` and implement `perform(form)`, returning the
    saved object (redirected to) or raising ValidationError (shown on the form).
    A page about one object names the attribute `load_object()` put it in as
    `subject_attr`: the form is headed with it and Cancel leads to its page."""

    template_name = "includes/form_page.html"
    title = ""
    success_message = _("Tersimpan.")
    object: Model | None = None
    subject_attr = ""

    def perform(self, form):  # pragma: no cover - abstract
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())

    def get_success_message(self) -> str:
        """The message after a successful save (after `perform`, so it may describe
        what was done)."""
        return self.success_message

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title)
        if self.subject_attr:
            subject = getattr(self, self.subject_attr)
            kwargs.setdefault("subject", subject)
            kwargs.setdefault("cancel_url", subject.get_absolute_url())
        kwargs.setdefault("cancel_url", same_site_path(self.request.GET.get("next")))
        return super().get_context_data(**kwargs)


class ServiceUpdateView(ServiceFormView):
    """An edit page for the object that `load_object()` put in `edited_attr`.

    The form works on a fresh copy of the row, because the update service compares
    the submitted values with the saved ones to log (and save) only what changed."""

    edited_attr = ""

    def get_form_kwargs(self):
        edited = getattr(self, self.edited_attr)
        fresh = type(edited)._default_manager.get(pk=edited.pk)
        return {**super().get_form_kwargs(), "instance": fresh}


def list_page(
    request, template_name: str, filterset, *, seek: bool = False, **context
) -> HttpResponse:
    """A list page: the rows of `filterset` (a ListFilterSet over a selector's
    scoped query), paginated; the template gets `filter` and `page`. An unknown or
    malformed `?page=` shows the first or the last page. `seek`: the lists that
    grow with the years page by their boundary rows (pug_portal.seek), so their
    last page costs what the first does."""
    if seek:
        groups = getattr(filterset, "seek_groups", None)
        page = seek_page(filterset.qs, request.GET, PAGE_SIZE, groups)
    else:
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, template_name, {"filter": filterset, "page": page, **context}
    )
