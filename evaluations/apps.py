from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluasi PPRG")

    def ready(self) -> None:
        # Register this app's reports with pug_portal's exporter registry.
        from evaluations import exporters  # noqa: F401
