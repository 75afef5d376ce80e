from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PugPortalConfig(AppConfig):
    name = "pug_portal"
    verbose_name = _("Portal PUG")
    default = True

    def ready(self) -> None:
        # One way to find plug-ins: every app's `exporters` and `importers` modules
        # register themselves when imported (pug_portal never imports an app).
        autodiscover_modules("exporters", "importers")
        from django.contrib.auth.signals import user_logged_in

        from pug_portal.middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="pug_portal.stamp_login")


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, open to users whose role is `admin` (for data fixes)."""

    default_site = "pug_portal.admin_site.PortalAdminSite"
    default = False
