from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pug_portal.permissions import user_has_perm


class PortalAdminSite(admin.AdminSite):
    """The Django admin, for users whose role grants "admin:site" (data fixes)."""

    site_header = _("Portal PUG — administrasi data")
    site_title = _("Portal PUG")

    def has_permission(self, request) -> bool:
        return user_has_perm(request.user, "admin:site")
