"""Account administration pages (the administrator's list, create and edit)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from pug_portal.accounts import services as accounts
from pug_portal.accounts.forms import UserCreateForm, UserUpdateForm
from pug_portal.filters import UserFilter
from pug_portal.models import ActivityLog, User
from pug_portal.permissions import permission_required
from pug_portal.views import ServiceFormView, ServiceUpdateView, list_page


@permission_required("accounts:manage")
def user_list(request):
    users = UserFilter(request.GET, User.objects.order_by("username"), request=request)
    return list_page(request, "accounts/user_list.html", users)


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
