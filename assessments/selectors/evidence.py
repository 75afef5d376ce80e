"""Reads of the evidence library: a unit's own files, and the evidence of its PPRG
dossiers, which the library shows beside them (linked, never copied)."""

from typing import Any

from django.db.models import QuerySet

from assessments.models import EvidenceFile
from evaluations.models import Evidence
from focal_points.models import Unit


def library_list(*, user: Any) -> QuerySet[EvidenceFile]:
    return (
        EvidenceFile.objects.visible_to(user)
        .select_related("unit")
        .with_link_counts()
        .order_by("-document_date", "-pk")
    )


def dossier_evidence(*, user: Any, unit: Unit | None = None) -> QuerySet[Evidence]:
    """Evidence uploaded on dossiers, in the user's scope (of one unit)."""
    rows = Evidence.objects.visible_to(user).select_related(
        "dossier__unit", "dossier__budget_line"
    )
    if unit is not None:
        rows = rows.filter(dossier__unit=unit)
    return rows.order_by("-uploaded_at", "-pk")


def library_choices(*, user: Any, unit: Unit) -> dict[str, list]:
    """What an answer of `unit` may link to: its library files and its dossiers'
    evidence (both in the user's scope)."""
    return {
        "library": list(
            EvidenceFile.objects.visible_to(user)
            .filter(unit=unit)
            .order_by("kind", "-document_date", "pk")
        ),
        "dossier": list(dossier_evidence(user=user, unit=unit).select_related(None)),
    }
