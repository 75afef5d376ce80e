from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Evaluasi kelembagaan PUG")

    def ready(self) -> None:
        # The self-assessment status on evaluations' compliance board and unit
        # dashboard, the library files linked from a dossier on its evidence
        # section, and the Rencana Pokja PUG achievement on the city board, without
        # evaluations importing this app.
        from assessments.selectors import board
        from assessments.views.dossier_links import evidence_panel
        from evaluations import extensions

        if evidence_panel not in extensions.DOSSIER_EVIDENCE:
            extensions.DOSSIER_EVIDENCE.append(evidence_panel)
        if board.BOARD_COLUMN not in extensions.BOARD_COLUMNS:
            extensions.BOARD_COLUMNS.append(board.BOARD_COLUMN)
            extensions.UNIT_FACTS.append((board.LABEL, board.unit_status))
        if board.plan_figure not in extensions.BOARD_FIGURES:
            extensions.BOARD_FIGURES.append(board.plan_figure)
