"""Cross-cutting views: account administration, and the base for form pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from pug_portal import accounts
from pug_portal.forms import (
    UserCreateForm,
    UserFilterForm,
    UserUpdateForm,
    add_service_errors,
)
from pug_portal.models import ActivityLog, User
from pug_portal.permissions import PermissionRequiredMixin, permission_required

PAGE_SIZE = 50


class ServiceFormView(PermissionRequiredMixin, FormView):
    """A form page whose valid submission is handed to a service.

    Subclasses set `permission`, `title` and implement `perform(form)`, returning the
    saved object (redirected to) or raising ValidationError (shown on the form)."""

    template_name = "includes/form_page.html"
    title = ""
    success_message = _("Tersimpan.")
    object: Model | None = None

    def perform(self, form):  # pragma: no cover - abstract
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title)
        kwargs.setdefault("cancel_url", self.request.GET.get("next") or "")
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


@permission_required("accounts:manage")
def user_list(request):
    form = UserFilterForm(request.GET or None)
    users = User.objects.order_by("username")
    if q := form.value("q"):
        users = users.filter(username__icontains=q) | users.filter(email__icontains=q)
    if role := form.value("role"):
        users = users.filter(role=role)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"form": form, "page": page})


class UserCreateView(ServiceFormView):
    permission = "accounts:manage"
    form_class = UserCreateForm
    title = _("Akun baru")
    success_message = _("Akun dibuat.")

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "invite"}
        return accounts.user_create(
            by=self.request.user, **data, invite=form.cleaned_data["invite"]
        )

    success_url = reverse_lazy("user_list")

    def get_success_url(self) -> str:
        return self.success_url


class UserUpdateView(ServiceUpdateView):
    permission = "accounts:manage"
    form_class = UserUpdateForm
    title = _("Ubah akun")

    def load_object(self):
        self.account = get_object_or_404(User, pk=self.kwargs["pk"])

    edited_attr = "account"

    def perform(self, form):
        if self.account == self.request.user and not form.cleaned_data["is_active"]:
            raise ValidationError(
                {"is_active": _("Anda tidak dapat menonaktifkan akun sendiri.")}
            )
        return accounts.user_update(
            user=self.account, by=self.request.user, data=form.cleaned_data
        )

    success_url = reverse_lazy("user_list")

    def get_success_url(self) -> str:
        return self.success_url

    def get_context_data(self, **kwargs):
        kwargs["log"] = ActivityLog.objects.for_object(self.account).select_related(
            "actor"
        )[:20]
        return super().get_context_data(**kwargs)
