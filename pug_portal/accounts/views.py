"""Account administration pages (the administrator's list, create and edit)."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from pug_portal.accounts import services as accounts
from pug_portal.accounts.forms import UserCreateForm, UserFilterForm, UserUpdateForm
from pug_portal.models import ActivityLog, User
from pug_portal.permissions import permission_required
from pug_portal.views import PAGE_SIZE, ServiceFormView, ServiceUpdateView


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
