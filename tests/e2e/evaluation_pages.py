"""The pages of the institutional evaluation (instruments, evidence library,
self-assessments, the city's evaluation, the recap), the APE/PPE results, the
Pokja PUG and its plans, as each demo role reaches them: the accessibility and the phone-width
checks visit them all (most lie deeper than the menu walk goes)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import (
    DossierLink,
    Instrument,
    PlanKind,
    PokjaPlan,
    SelfAssessment,
)
from assessments.services.dossier_links import dossier_upload_and_link
from evaluations.models import Dossier
from evaluations.workflow import Status
from focal_points.models import AwardResult, Decree
from pug_portal.models import User

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _dinkes_draft_dossier() -> Dossier:
    """Dinkes's editable dossier, with one file linked from its library (so the
    dossier's evidence section and the picker show a linked file)."""
    dossier = Dossier.objects.filter(
        unit__short_name="Dinkes",
        status__in=[Status.DRAFT, Status.REVISION_REQUESTED],
        cycle__state="OPEN",
    ).first()
    if not DossierLink.objects.filter(dossier=dossier).exists():
        dossier_upload_and_link(
            dossier=dossier,
            by=User.objects.get(username="focal_dinkes"),
            kind="SK",
            title="SK Tim Focal Point PUG Dinkes",
            document_date=datetime.date(dossier.cycle.year, 1, 10),
            file=SimpleUploadedFile("sk-focal-point.pdf", PDF),
        )
    return dossier


def evaluation_pages(role: str) -> list[str]:
    """The role's pages of the evaluation, awards and Pokja PUG (the demo holds
    Dinkes's self-assessments — last year's approved, this year's a draft — and
    the city's evaluation of this year)."""
    unit_frames = SelfAssessment.objects.filter(unit__short_name="Dinkes").order_by(
        "year"
    )
    approved, draft = unit_frames.first(), unit_frames.last()
    city = SelfAssessment.objects.filter(instrument__scope="CITY").first()
    if role == "focal_dinkes":
        dossier = _dinkes_draft_dossier()
        return [
            "/assessments/",
            "/assessments/new/",
            _url("assessments:assessment_detail", approved.pk),
            _url("assessments:assessment_edit", draft.pk),
            _url("assessments:assessment_submit", draft.pk),
            "/library/",
            "/library/upload/",
            dossier.get_absolute_url(),
            _url("assessments:dossier_library", dossier.pk),
            _url("assessments:dossier_library_upload", dossier.pk),
            "/awards/",
        ]
    # The Rencana Pokja PUG (the demo's annual plan of 2026): read by the city
    # readers, its achievements recorded by the staff.
    plan = PokjaPlan.objects.filter(kind=PlanKind.ANNUAL).first()
    plan_pages = ["/pokja-plans/", plan.get_absolute_url()]
    if role in ("planner", "inspektorat"):
        # Bappeda and Inspektorat each co-review the city's evaluation (BOTH)
        return [
            "/assessments/",
            "/assessments/recap/",
            _url("assessments:assessment_detail", city.pk),
            _url("assessments:assessment_co_review", city.pk),
            "/awards/",
            *plan_pages,
        ]
    instrument = Instrument.objects.order_by("-year", "pk").first()
    pokja = Decree.objects.filter(decree_type="POKJA").first()
    member = pokja.pokja_memberships.order_by("pk").first()
    return [
        "/instruments/",
        "/instruments/new/",
        instrument.get_absolute_url(),
        _url("assessments:instrument_import", instrument.pk),
        _url("assessments:item_create", instrument.pk),
        "/library/",
        "/library/upload/",
        "/assessments/",
        "/assessments/recap/",
        _url("assessments:assessment_detail", approved.pk),
        _url("assessments:assessment_review", approved.pk),
        _url("assessments:assessment_edit", city.pk),
        _url("assessments:assessment_detail", city.pk),
        "/awards/",
        "/awards/new/",
        _url("focal_points:award_delete", AwardResult.objects.first().pk),
        "/focal-points/decrees/",
        _url("focal_points:decree_detail", pokja.pk),
        _url("focal_points:pokja_member_add", pokja.pk),
        _url("focal_points:pokja_member_update", member.pk),
        _url("focal_points:pokja_member_end", member.pk),
        _url("focal_points:pokja_member_transfer", member.pk),
        *plan_pages,
        "/pokja-plans/new/",
        _url("assessments:plan_achievements", plan.pk),
        _url("assessments:plan_detail", plan.parent_id),
    ]
