from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FocalPointsConfig(AppConfig):
    name = "focal_points"
    verbose_name = _("Registri Focal Point")

    def ready(self) -> None:
        from focal_points import checks  # noqa: F401  (registers the system checks)
