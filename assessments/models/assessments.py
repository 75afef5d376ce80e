"""Self-assessments (penilaian mandiri) of a unit, or of the city, against one
instrument: an answer per item with evidence from the library, then the same review
workflow as dossiers, with the verifier's answer and note beside each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.models.evidence import EvidenceFile
from assessments.models.instruments import Instrument, InstrumentItem, InstrumentScope
from evaluations.models import Evidence
from evaluations.workflow import EDITABLE_STATES, ReviewedModel
from focal_points.models import Unit
from pug_portal.permissions import sees_all_units
from pug_portal.validation import NOTE_TEXT, REASON_TEXT, LimitedTextField


class SelfAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SelfAssessmentQuerySet":
        if sees_all_units(user):
            return self
        return self.filter(unit__in=Unit.objects.visible_to(user))

    def for_list(self) -> "SelfAssessmentQuerySet":
        return self.select_related("unit", "instrument").annotate(
            answered=models.Count(
                "answers", filter=~Q(answers__value=""), distinct=True
            ),
            open_comments=models.Count(
                "comments", filter=Q(comments__resolved=False), distinct=True
            ),
        )


class SelfAssessment(ReviewedModel):
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrumen"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
        help_text=_("Untuk evaluasi kota: perangkat daerah koordinator (DPMPPPAKB)."),
    )
    year = models.PositiveSmallIntegerField(_("tahun"), db_index=True)
    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penilaian mandiri")
        verbose_name_plural = _("penilaian mandiri")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "unit"],
                name="assessment_one_per_instrument_and_unit",
                violation_error_message=_(
                    "Perangkat daerah ini sudah mempunyai penilaian dengan instrumen "
                    "ini."
                ),
            )
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.instrument.name} — {self.unit.short_name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment_detail", args=[self.pk])

    @property
    def is_city(self) -> bool:
        return self.instrument.scope == InstrumentScope.CITY

    def permits(self, user, perm: str) -> bool:
        """Content changes only while DRAFT / REVISION_REQUESTED; verification only
        while in review."""
        if perm.endswith(":view"):
            return True
        if perm in ("assessments:edit", "assessments:city"):
            return self.status in EDITABLE_STATES
        return True


class Answer(models.Model):
    """One item's answer: the unit's own (value, note, evidence) and the verifier's
    (verified value, note). Fractions (0–1) come from `assessments.scoring`."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        InstrumentItem, on_delete=models.PROTECT, related_name="answers"
    )
    value = LimitedTextField(_("jawaban"), blank=True, max_length=REASON_TEXT)
    note = LimitedTextField(_("catatan"), blank=True, max_length=NOTE_TEXT)
    self_fraction = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True
    )
    verified_value = LimitedTextField(
        _("jawaban terverifikasi"), blank=True, max_length=REASON_TEXT
    )
    verified_note = LimitedTextField(
        _("catatan verifikator"), blank=True, max_length=NOTE_TEXT
    )
    verified_fraction = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # Co-reviewers' notes (Bappeda, Inspektorat) are kept per agency in
    # `CoReviewNote` (models/co_review.py).
    # The city evaluation: what the portal's records said, kept beside the answer.
    portal_value = models.CharField(_("angka portal"), max_length=100, blank=True)
    portal_text = models.CharField(_("keterangan angka"), max_length=255, blank=True)
    portal_url = models.CharField(_("sumber"), max_length=500, blank=True)
    override_reason = LimitedTextField(
        _("alasan berbeda dari portal"), blank=True, max_length=NOTE_TEXT
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        ordering = ["item__order", "item__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"], name="answer_one_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.value[:40]}"


class AnswerEvidence(models.Model):
    """A link from an answer to a library file or to a dossier's evidence; deleting a
    linked file is refused (PROTECT)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="links")
    library_file = models.ForeignKey(
        EvidenceFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="links",
    )
    dossier_evidence = models.ForeignKey(
        Evidence,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_links",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(library_file__isnull=False, dossier_evidence__isnull=True)
                    | Q(library_file__isnull=True, dossier_evidence__isnull=False)
                ),
                name="answer_evidence_exactly_one_file",
            ),
            models.UniqueConstraint(
                fields=["answer", "library_file"], name="answer_evidence_unique_file"
            ),
            models.UniqueConstraint(
                fields=["answer", "dossier_evidence"],
                name="answer_evidence_unique_dossier_file",
            ),
        ]

    def __str__(self) -> str:
        """Where the file is used, as a refused delete lists it."""
        answer = self.answer
        return f"{answer.assessment} · {answer.item.code}"

    @property
    def file(self):
        return self.library_file or self.dossier_evidence


class AssessmentComment(models.Model):
    """The verifier's remark on one item when returning, open until addressed."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="comments"
    )
    item = models.ForeignKey(
        InstrumentItem,
        verbose_name=_("butir"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = LimitedTextField(_("catatan"), max_length=REASON_TEXT)
    round = models.PositiveSmallIntegerField(_("putaran reviu"), default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(_("sudah ditindaklanjuti"), default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["assessment", "resolved"])]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.text[:60]}"
