"""The figures behind Persentase ARG that are not budget lines: each unit's total
belanja (total spending, the denominator) per fiscal year and budget phase, and the
quarterly realisation an approved dossier's focal point reports."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.budget import rupiah_validators
from evaluations.models.dossiers import Dossier
from focal_points.models import Unit
from pug_portal.permissions import sees_all_units


class BudgetPhase(models.TextChoices):
    """APBD phases, in the order they happen: a year's figure is its latest."""

    MURNI = "MURNI", _("Murni")
    PERUBAHAN = "PERUBAHAN", _("Perubahan")


# A later phase supersedes an earlier one (the order of BudgetPhase).
PHASE_ORDER = {value: i for i, value in enumerate(BudgetPhase.values)}


class TotalBelanjaQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TotalBelanjaQuerySet":
        if sees_all_units(user):
            return self
        return self.filter(unit__in=Unit.objects.visible_to(user))


class TotalBelanja(models.Model):
    """A unit's total spending (APBD/DPA) in one fiscal year and budget phase: the
    denominator of its Persentase ARG. The year's figure is that of its latest
    phase recorded (perubahan over murni)."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="total_belanja",
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    phase = models.CharField(
        _("tahapan anggaran"), max_length=10, choices=BudgetPhase.choices
    )
    total = models.DecimalField(
        _("total belanja (Rp)"),
        max_digits=17,
        decimal_places=2,
        validators=[
            MinValueValidator(
                Decimal("0.01"),
                message=_("Total belanja harus lebih dari nol (Rupiah)."),
            )
        ],
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TotalBelanjaQuerySet.as_manager()

    class Meta:
        verbose_name = _("total belanja")
        verbose_name_plural = _("total belanja")
        ordering = ["unit__name", "year", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "phase"],
                name="total_belanja_one_per_unit_year_phase",
            ),
            models.CheckConstraint(
                condition=Q(total__gt=0), name="total_belanja_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.short_name} {self.year} {self.get_phase_display()}"


class Quarter(models.IntegerChoices):
    Q1 = 1, _("Triwulan I")
    Q2 = 2, _("Triwulan II")
    Q3 = 3, _("Triwulan III")
    Q4 = 4, _("Triwulan IV")


class RealisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RealisationQuerySet":
        if sees_all_units(user):
            return self
        return self.filter(dossier__in=Dossier.objects.visible_to(user))


class Realisation(models.Model):
    """What an approved dossier's sub kegiatan spent and reached in one quarter:
    Rupiah, physical progress and beneficiaries by sex. Recorded once per quarter
    (a second record of the same quarter is refused; the first stays)."""

    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dokumen PPRG"),
        on_delete=models.CASCADE,
        related_name="realisations",
    )
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=Quarter.choices)
    amount = models.DecimalField(
        _("realisasi anggaran (Rp)"),
        max_digits=17,
        decimal_places=2,
        validators=rupiah_validators,
    )
    physical_percent = models.DecimalField(
        _("realisasi fisik (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(0, message=_("Persentase fisik tidak boleh negatif.")),
            MaxValueValidator(
                100, message=_("Persentase fisik tidak boleh lebih dari 100.")
            ),
        ],
    )
    beneficiaries_male = models.PositiveIntegerField(_("penerima manfaat laki-laki"))
    beneficiaries_female = models.PositiveIntegerField(_("penerima manfaat perempuan"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RealisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("realisasi triwulan")
        verbose_name_plural = _("realisasi triwulan")
        ordering = ["dossier", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "quarter"],
                name="realisation_one_per_quarter",
                violation_error_message=_(
                    "Realisasi triwulan ini sudah dicatat; data pertama dipertahankan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="realisation_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(physical_percent__gte=0, physical_percent__lte=100),
                name="realisation_physical_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.get_quarter_display()}"

    @property
    def beneficiaries_total(self) -> int:
        return self.beneficiaries_male + self.beneficiaries_female
