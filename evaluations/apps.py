from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluasi PPRG")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from evaluations import year_summaries
        from evaluations.board_cache import figures_changed
        from evaluations.services.budget import unit_work_follow_successor
        from focal_points.services.registry import RENAME_STEPS

        # A renamed unit's open years follow it (see unit_work_follow_successor).
        if unit_work_follow_successor not in RENAME_STEPS:
            RENAME_STEPS.append(unit_work_follow_successor)

        # Any write to a model the board's figures are made of changes the data
        # version the cached board is keyed on (evaluations.board_cache).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(figures_changed, dispatch_uid="figures_changed")
        # A cycle no longer closed keeps no summary of its year.
        post_save.connect(
            year_summaries.cycle_saved,
            sender="evaluations.EvaluationCycle",
            dispatch_uid="year_summary_cycle_saved",
        )
