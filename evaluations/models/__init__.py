"""Evaluation models, split by sub-domain; import them from here."""

from evaluations.models.arg import (
    PHASE_ORDER,
    BudgetPhase,
    Quarter,
    Realisation,
    TotalBelanja,
)
from evaluations.models.budget import (
    ArgCategory,
    BudgetLine,
    CodeLevel,
    CycleState,
    EvaluationCycle,
    NomenclatureEntry,
)
from evaluations.models.dossiers import (
    ActionPlanRow,
    ApkmAspect,
    DataKind,
    Disability,
    DisaggregatedDataRow,
    Dossier,
    Evidence,
    EvidenceKind,
    GbsSigner,
)
from evaluations.models.reminders import ReminderKind, ReminderLog
from evaluations.models.review import (
    RUBRIC,
    RUBRIC_FIELDS,
    Classification,
    ReviewComment,
    RubricScore,
    ScoreKind,
    classify,
)
from evaluations.models.summaries import YearSummary

__all__ = [
    "YearSummary",
    "PHASE_ORDER",
    "RUBRIC",
    "RUBRIC_FIELDS",
    "ActionPlanRow",
    "ApkmAspect",
    "ArgCategory",
    "BudgetLine",
    "CodeLevel",
    "NomenclatureEntry",
    "BudgetPhase",
    "Classification",
    "CycleState",
    "DataKind",
    "Disability",
    "DisaggregatedDataRow",
    "Dossier",
    "EvaluationCycle",
    "Evidence",
    "EvidenceKind",
    "GbsSigner",
    "Quarter",
    "Realisation",
    "ReminderKind",
    "ReminderLog",
    "ReviewComment",
    "RubricScore",
    "ScoreKind",
    "TotalBelanja",
    "classify",
]
