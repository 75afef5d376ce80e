from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluasi PPRG")

    def ready(self) -> None:
        from evaluations.services.budget import unit_work_follow_successor
        from focal_points.services.registry import RENAME_STEPS

        # A renamed unit's open years follow it (see unit_work_follow_successor).
        if unit_work_follow_successor not in RENAME_STEPS:
            RENAME_STEPS.append(unit_work_follow_successor)
