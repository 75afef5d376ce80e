from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PugPortalConfig(AppConfig):
    name = "pug_portal"
    verbose_name = _("Portal PUG")
    default = True


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, open to users whose role is `admin` (for data fixes)."""

    default_site = "pug_portal.admin_site.PortalAdminSite"
    default = False
