"""What the verifier leaves on a dossier: comments on its fields and the rubric
score (C1–C10, DESIGN §5) with the document-quality band it gives."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.gap import GAP_STEPS, CommentTarget
from evaluations.models.dossiers import Dossier, DossierPartQuerySet
from pug_portal.validation import NOTE_TEXT, REASON_TEXT, LimitedTextField


class ReviewComment(models.Model):
    """A reviewer's remark on one GAP step or GBS row, open until addressed."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="comments"
    )
    target = models.CharField(_("bagian"), max_length=20, choices=CommentTarget.choices)
    text = LimitedTextField(_("catatan"), max_length=REASON_TEXT)
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
    REVIEWER = "REVIEWER", _("Nilai verifikator")
    SELF = "SELF", _("Penilaian mandiri")


class Classification(models.TextChoices):
    """The quality of the document, never a gender label: an approved ARG dossier
    reading "Netral" would contradict its own GBS."""

    BAIK = "BAIK", _("Baik")
    CUKUP = "CUKUP", _("Cukup")
    KURANG = "KURANG", _("Kurang")


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


# What 0 / 1 / 2 mean for each criterion, shown beside its radio buttons.
RUBRIC_LEVELS = {
    "c1": (
        _("langkah GAP banyak yang kosong"),
        _("sebagian besar langkah terisi"),
        _("kesembilan langkah terisi"),
    ),
    "c2": (
        _("tanpa angka"),
        _("angka ada tetapi tidak terpilah L/P"),
        _("angka L/P lengkap dengan sumber"),
    ),
    "c3": (
        _("tidak dinyatakan"),
        _("dinyatakan tanpa data"),
        _("dinyatakan dan didukung data"),
    ),
    "c4": (
        _("tidak ada"),
        _("hanya internal atau hanya eksternal"),
        _("internal dan eksternal"),
    ),
    "c5": (
        _("tidak berubah / tidak terkait"),
        _("terkait sebagian"),
        _("menjawab kesenjangan yang dinyatakan"),
    ),
    "c6": (
        _("tidak terkait anggaran"),
        _("sebagian aksi beranggaran"),
        _("setiap aksi dengan masukan Rp"),
    ),
    "c7": (
        _("tidak ada"),
        _("ada tanpa target"),
        _("data dasar dan indikator bertarget"),
    ),
    "c8": (
        _("Jumlah Anggaran belum diisi"),
        _("berbeda dari pagu"),
        _("sama dengan pagu"),
    ),
    "c9": (
        _("tidak terpilah"),
        _("terpilah sebagian"),
        _("target L dan P dinyatakan"),
    ),
    "c10": (
        _("realisasi belum dilaporkan"),
        _("realisasi dilaporkan tanpa L/P"),
        _("realisasi dilaporkan dengan L/P"),
    ),
}
# Criteria the portal checks from the data (RubricScore.compute fills them): the
# verifier does not type them, the page shows them as computed.
COMPUTED_CRITERIA = ("c1", "c8", "c10")
TYPED_CRITERIA = tuple(n for n in RUBRIC_FIELDS if n not in COMPUTED_CRITERIA)


def classify(total: int) -> str:
    """Rubric total → document-quality band, with the thresholds from settings."""
    if total >= settings.PUG_RUBRIC_BAIK_MIN:
        return Classification.BAIK
    if total >= settings.PUG_RUBRIC_CUKUP_MIN:
        return Classification.CUKUP
    return Classification.KURANG


def _score_field(label):
    # No default: an unanswered criterion stays empty instead of silently being 0.
    return models.PositiveSmallIntegerField(
        label, choices=SCORE_CHOICES, null=True, blank=True
    )


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
        _("kualitas dokumen"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.KURANG,
        db_index=True,
    )
    note = LimitedTextField(_("catatan"), blank=True, max_length=NOTE_TEXT)
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
        """Fill the computed criteria from the dossier, then the total and band. A
        criterion that cannot be assessed yet (C10 before any realisation) stays
        empty and adds nothing."""
        for name, value in computed_criteria(self.dossier).items():
            setattr(self, name, value)
        self.add_up()

    def add_up(self) -> None:
        self.total = sum(getattr(self, name) or 0 for name in RUBRIC_FIELDS)
        self.classification = classify(self.total)

    def items(self) -> list[tuple[str, int | None, bool]]:
        """(label, score or None, computed) per criterion, in rubric order."""
        return [
            (label, getattr(self, name), name in COMPUTED_CRITERIA)
            for name, label in RUBRIC
        ]


def computed_criteria(dossier: Dossier) -> dict[str, int | None]:
    """C1, C8 and C10 as the data shows them (meanings in RUBRIC_LEVELS)."""
    gap_done = sum(done for label, done in dossier.completeness()[: len(GAP_STEPS)])
    if gap_done == len(GAP_STEPS):
        c1 = 2
    elif gap_done * 2 > len(GAP_STEPS):
        c1 = 1
    else:
        c1 = 0
    if dossier.gbs_amount is None:
        c8 = 0
    else:
        c8 = 2 if dossier.gbs_amount == dossier.budget_line.pagu else 1
    return {"c1": c1, "c8": c8, "c10": realisation_criterion(dossier)}


def computed_criteria_items(dossier: Dossier) -> list[tuple[str, int | None]]:
    """(label, score or None) of the computed criteria, for the scoring page."""
    values = computed_criteria(dossier)
    return [(label, values[name]) for name, label in RUBRIC if name in values]


def realisation_criterion(dossier: Dossier) -> int | None:
    """C10: None ("belum dapat dinilai") until a quarter's realisation is recorded
    for the dossier; then 2 when every report counts its beneficiaries by sex (L + P
    above zero), else 1."""
    reports = list(dossier.realisations.all())
    if not reports:
        return None
    by_sex = all(r.beneficiaries_male + r.beneficiaries_female > 0 for r in reports)
    return 2 if by_sex else 1
