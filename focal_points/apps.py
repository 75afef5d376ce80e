from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FocalPointsConfig(AppConfig):
    name = "focal_points"
    verbose_name = _("Registri Focal Point")

    def ready(self) -> None:
        # Register this app's reports with pug_portal's exporter registry (pug_portal
        # never imports the apps; they announce themselves).
        from focal_points import exporters  # noqa: F401
