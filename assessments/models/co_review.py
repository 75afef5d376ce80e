"""Co-reviewers' notes: where an instrument names Bappeda, Inspektorat or both
beside the verifier (DPMPPPAKB), each agency keeps its own note per answer, with
who wrote it and when. The verdict stays the verifier's."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessments import Answer
from pug_portal.validation import NOTE_TEXT, LimitedTextField


class CoReviewAgency(models.TextChoices):
    """The agency a co-review note speaks for (the values match `CoReviewer`'s
    single-agency choices)."""

    BAPPEDA = "BAPPEDA", _("Bappeda")
    INSPEKTORAT = "INSPEKTORAT", _("Inspektorat")


class CoReviewNote(models.Model):
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="co_review_notes"
    )
    agency = models.CharField(
        _("verifikator pendamping"), max_length=12, choices=CoReviewAgency.choices
    )
    note = LimitedTextField(_("catatan"), max_length=NOTE_TEXT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditulis oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("ditulis pada"))

    class Meta:
        verbose_name = _("catatan verifikator pendamping")
        verbose_name_plural = _("catatan verifikator pendamping")
        # Bappeda before Inspektorat, the order the instrument names them
        ordering = ["agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "agency"], name="co_review_note_one_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_display()}: {self.note[:40]}"
