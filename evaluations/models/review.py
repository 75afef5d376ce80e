"""What the reviewer leaves on a dossier: comments on its fields and the rubric
score (C1–C10, DESIGN §5) with the classification it gives."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.gap import CommentTarget
from evaluations.models.dossiers import Dossier, DossierPartQuerySet


class ReviewComment(models.Model):
    """A reviewer's remark on one GAP step or GBS row, open until addressed."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="comments"
    )
    target = models.CharField(_("bagian"), max_length=20, choices=CommentTarget.choices)
    text = models.TextField(_("catatan"))
    round = models.PositiveSmallIntegerField(_("putaran reviu"), default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    resolved = models.BooleanField(_("sudah ditindaklanjuti"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = DossierPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("catatan reviu")
        verbose_name_plural = _("catatan reviu")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["dossier", "resolved"])]

    def __str__(self) -> str:
        return f"{self.get_target_display()}: {self.text[:60]}"


class ScoreKind(models.TextChoices):
    REVIEWER = "REVIEWER", _("Nilai reviewer")
    SELF = "SELF", _("Nilai mandiri")


class Classification(models.TextChoices):
    RESPONSIF = "RESPONSIF", _("Responsif gender")
    SENSITIF = "SENSITIF", _("Sensitif gender")
    NETRAL = "NETRAL", _("Netral / belum responsif")


RUBRIC = (
    ("c1", _("C1 GAP lengkap")),
    ("c2", _("C2 Data pembuka wawasan memuat angka L/P")),
    ("c3", _("C3 Kesenjangan APKM dinyatakan dengan data")),
    ("c4", _("C4 Sebab internal dan eksternal teridentifikasi")),
    ("c5", _("C5 Reformulasi tujuan menjawab kesenjangan")),
    ("c6", _("C6 Rencana aksi terkait dengan anggaran")),
    ("c7", _("C7 Data dasar dan indikator gender dengan target")),
    ("c8", _("C8 Jumlah anggaran GBS sama dengan pagu")),
    ("c9", _("C9 Penerima manfaat terpilah menurut jenis kelamin")),
    ("c10", _("C10 Realisasi dilaporkan L/P")),
)
RUBRIC_FIELDS = tuple(name for name, _label in RUBRIC)
SCORE_CHOICES = [(0, "0"), (1, "1"), (2, "2")]


def classify(total: int) -> str:
    """Rubric total → classification, with the thresholds from settings."""
    if total >= settings.PUG_RUBRIC_RESPONSIVE_MIN:
        return Classification.RESPONSIF
    if total >= settings.PUG_RUBRIC_SENSITIVE_MIN:
        return Classification.SENSITIF
    return Classification.NETRAL


def _score_field(label):
    return models.PositiveSmallIntegerField(label, choices=SCORE_CHOICES, default=0)


class RubricScore(models.Model):
    """A dossier's rubric C1–C10 by the reviewer (the reported one) or self-assessed."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="scores"
    )
    kind = models.CharField(_("jenis nilai"), max_length=10, choices=ScoreKind.choices)
    c1 = _score_field(RUBRIC[0][1])
    c2 = _score_field(RUBRIC[1][1])
    c3 = _score_field(RUBRIC[2][1])
    c4 = _score_field(RUBRIC[3][1])
    c5 = _score_field(RUBRIC[4][1])
    c6 = _score_field(RUBRIC[5][1])
    c7 = _score_field(RUBRIC[6][1])
    c8 = _score_field(RUBRIC[7][1])
    c9 = _score_field(RUBRIC[8][1])
    c10 = _score_field(RUBRIC[9][1])
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    classification = models.CharField(
        _("klasifikasi"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.NETRAL,
        db_index=True,
    )
    note = models.TextField(_("catatan"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("dinilai"), auto_now=True)

    class Meta:
        verbose_name = _("nilai rubrik")
        verbose_name_plural = _("nilai rubrik")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "kind"], name="rubric_one_per_dossier_and_kind"
            ),
            models.CheckConstraint(
                condition=Q(total__lte=20), name="rubric_total_at_most_20"
            ),
        ]
        # Classification by year and the average score read only this index.
        indexes = [models.Index(fields=["kind", "dossier", "classification", "total"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.total}/20"

    def compute(self) -> None:
        self.total = sum(getattr(self, name) for name in RUBRIC_FIELDS)
        self.classification = classify(self.total)

    def items(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, name)) for name, label in RUBRIC]
