"""Institutional PUG evaluation models, split by sub-domain; import them from here."""

from assessments.models.assessments import (
    Answer,
    AnswerEvidence,
    AssessmentComment,
    SelfAssessment,
)
from assessments.models.co_review import CoReviewAgency, CoReviewNote
from assessments.models.evidence import DossierLink, EvidenceFile, LibraryKind
from assessments.models.instruments import (
    AnswerType,
    CoReviewer,
    Instrument,
    InstrumentItem,
    InstrumentScope,
    ItemGroup,
    PortalFigure,
)
from assessments.models.plans import (
    PLAN_AREAS,
    PlanAchievement,
    PlanKind,
    PlanRow,
    PlanStatus,
    PlanTarget,
    PokjaPlan,
)

__all__ = [
    "Answer",
    "AnswerEvidence",
    "AnswerType",
    "AssessmentComment",
    "CoReviewAgency",
    "CoReviewNote",
    "CoReviewer",
    "DossierLink",
    "EvidenceFile",
    "Instrument",
    "InstrumentItem",
    "InstrumentScope",
    "ItemGroup",
    "LibraryKind",
    "PLAN_AREAS",
    "PlanAchievement",
    "PlanKind",
    "PlanRow",
    "PlanStatus",
    "PlanTarget",
    "PokjaPlan",
    "PortalFigure",
    "SelfAssessment",
]
