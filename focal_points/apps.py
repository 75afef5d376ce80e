from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FocalPointsConfig(AppConfig):
    name = "focal_points"
    verbose_name = _("Registri Focal Point")
