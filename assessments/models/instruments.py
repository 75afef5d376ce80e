"""Evaluation instruments as data (DESIGN §3, Permen PPPA 5/2025): an instrument with
its ordered items. Next year's instrument is a new version (a copy); an instrument
that has answers is never edited, so last year's answers keep their meaning."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pug_portal.validation import NOTE_TEXT, REASON_TEXT, LimitedTextField


class InstrumentScope(models.TextChoices):
    UNIT = "UNIT", _("Perangkat daerah")
    CITY = "CITY", _("Kota")


class ItemGroup(models.TextChoices):
    """Pelembagaan and the 7 proses pembangunan (Permen PPPA 5/2025), and the
    7 prasyarat PUG of the unit-level frame."""

    PELEMBAGAAN = "PELEMBAGAAN", _("Pelembagaan PUG")
    PERENCANAAN = "PERENCANAAN", _("Perencanaan")
    PENGANGGARAN = "PENGANGGARAN", _("Penganggaran")
    PELAKSANAAN = "PELAKSANAAN", _("Pelaksanaan")
    PEMANTAUAN = "PEMANTAUAN", _("Pemantauan")
    EVALUASI = "EVALUASI", _("Evaluasi")
    PENGAWASAN = "PENGAWASAN", _("Pengawasan")
    PELAPORAN = "PELAPORAN", _("Pelaporan")
    KOMITMEN = "KOMITMEN", _("Komitmen")
    KEBIJAKAN = "KEBIJAKAN", _("Kebijakan")
    KELEMBAGAAN = "KELEMBAGAAN", _("Kelembagaan")
    SUMBER_DAYA = "SUMBER_DAYA", _("Sumber daya")
    DATA_TERPILAH = "DATA_TERPILAH", _("Data terpilah")
    ALAT_ANALISIS = "ALAT_ANALISIS", _("Alat analisis")
    PARTISIPASI = "PARTISIPASI", _("Partisipasi masyarakat")


class AnswerType(models.TextChoices):
    YES_NO = "YES_NO", _("Ya/tidak")
    CHOICE = "CHOICE", _("Pilihan bernilai")
    NUMBER = "NUMBER", _("Angka")
    PERCENT = "PERCENT", _("Persen (0–100)")
    TEXT = "TEXT", _("Teks")


class CoReviewer(models.TextChoices):
    """Who verifies beside DPMPPPAKB, where the instrument says so."""

    NONE = "", _("Tidak ada")
    BAPPEDA = "BAPPEDA", _("Bappeda")
    INSPEKTORAT = "INSPEKTORAT", _("Inspektorat")
    BOTH = "BOTH", _("Bappeda dan Inspektorat")


class PortalFigure(models.TextChoices):
    """What the portal can answer from its own records (assessments/figures.py):
    an item naming one is pre-filled in the city's evaluation."""

    SK_COVERAGE = "SK_COVERAGE", _("% PD dengan SK focal point tahun berjalan")
    TRAINED = "TRAINED", _("Focal point terlatih (L+P)")
    PPRG = "PPRG", _("% PD melaksanakan PPRG")
    ARG_PERCENT = "ARG_PERCENT", _("Persentase ARG")
    ASSESSMENTS_APPROVED = (
        "ASSESSMENTS_APPROVED",
        _("% PD yang penilaian mandirinya disetujui"),
    )
    EVENTS_HELD = "EVENTS_HELD", _("Kegiatan peningkatan kapasitas diselenggarakan")
    POKJA_TRAINED = "POKJA_TRAINED", _("Anggota Pokja PUG terlatih (L/P)")
    RENCANA_ACHIEVEMENT = (
        "RENCANA_ACHIEVEMENT",
        _("Capaian Rencana Pokja PUG tahun berjalan (%)"),
    )


class InstrumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InstrumentQuerySet":
        """Instruments are public reference data: everyone signed in reads them."""
        return self

    def with_counts(self) -> "InstrumentQuerySet":
        return self.annotate(
            item_count=models.Count("items", distinct=True),
            assessment_count=models.Count("assessments", distinct=True),
        )


class Instrument(models.Model):
    name = models.CharField(_("nama instrumen"), max_length=255)
    legal_basis = models.CharField(
        _("dasar hukum"),
        max_length=255,
        blank=True,
        help_text=_("Misalnya Permen PPPA No. 5 Tahun 2025."),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    scope = models.CharField(
        _("cakupan"),
        max_length=10,
        choices=InstrumentScope.choices,
        default=InstrumentScope.UNIT,
    )
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    source = models.ForeignKey(
        "self",
        verbose_name=_("disalin dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies",
    )
    co_reviewers = models.CharField(
        _("verifikator pendamping"),
        max_length=12,
        choices=CoReviewer.choices,
        blank=True,
        default=CoReviewer.NONE,
    )
    description = LimitedTextField(_("keterangan"), blank=True, max_length=REASON_TEXT)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrumen evaluasi")
        verbose_name_plural = _("instrumen evaluasi")
        ordering = ["-year", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "year", "version"],
                name="instrument_unique_name_year_version",
                violation_error_message=_(
                    "Instrumen dengan nama, tahun dan versi ini sudah ada."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:instrument_detail", args=[self.pk])

    @property
    def in_use(self) -> bool:
        """Answers exist for it: its items are frozen from then on."""
        from assessments.models.assessments import Answer

        return Answer.objects.filter(assessment__instrument=self).exists()


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ItemQuerySet":
        return self


class InstrumentItem(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    code = models.CharField(_("kode"), max_length=20)
    group = models.CharField(_("kelompok"), max_length=20, choices=ItemGroup.choices)
    question = LimitedTextField(_("pertanyaan"), max_length=NOTE_TEXT)
    answer_type = models.CharField(
        _("jenis jawaban"), max_length=10, choices=AnswerType.choices
    )
    # [{"label": "Ada, lengkap", "score": 2}, …] for CHOICE items.
    options = models.JSONField(_("pilihan"), default=list, blank=True)
    target = models.DecimalField(
        _("target (angka)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Untuk jawaban angka: nilai penuh bila target tercapai."),
    )
    weight = models.DecimalField(
        _("bobot"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    evidence_asked = models.CharField(
        _("bukti dukung yang diminta"), max_length=255, blank=True
    )
    guidance = LimitedTextField(_("petunjuk"), blank=True, max_length=REASON_TEXT)
    required = models.BooleanField(_("wajib dijawab"), default=True)
    figure = models.CharField(
        _("angka dari portal"),
        max_length=24,
        choices=PortalFigure.choices,
        blank=True,
        help_text=_("Untuk evaluasi kota: angka yang diisikan portal dari catatannya."),
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("butir instrumen")
        verbose_name_plural = _("butir instrumen")
        ordering = ["instrument", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"],
                name="instrument_item_unique_code",
                violation_error_message=_("Kode butir sudah dipakai di instrumen ini."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="instrument_item_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.question[:60]}"

    def option_labels(self) -> list[str]:
        return [str(o.get("label", "")) for o in self.options or []]
