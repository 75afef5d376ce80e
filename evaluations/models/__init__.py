"""Evaluation models, split by sub-domain; import them from here."""

from evaluations.models.budget import (
    ArgCategory,
    BudgetLine,
    CycleState,
    EvaluationCycle,
)
from evaluations.models.dossiers import (
    RUBRIC,
    RUBRIC_FIELDS,
    ActionPlanRow,
    ApkmAspect,
    Classification,
    DataKind,
    Disability,
    DisaggregatedDataRow,
    Dossier,
    Evidence,
    EvidenceKind,
    ReviewComment,
    RubricScore,
    ScoreKind,
    classify,
)
from evaluations.models.reminders import ReminderKind, ReminderLog

__all__ = [
    "RUBRIC",
    "RUBRIC_FIELDS",
    "ActionPlanRow",
    "ApkmAspect",
    "ArgCategory",
    "BudgetLine",
    "Classification",
    "CycleState",
    "DataKind",
    "Disability",
    "DisaggregatedDataRow",
    "Dossier",
    "EvaluationCycle",
    "Evidence",
    "EvidenceKind",
    "ReminderKind",
    "ReminderLog",
    "ReviewComment",
    "RubricScore",
    "ScoreKind",
    "classify",
]
