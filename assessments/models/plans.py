"""Rencana Pokja PUG (Permen PPPA 5/2025): the Pokja's five-year plan and its
annual plans, as matrices of rows per area (pelembagaan or one of the 7 proses),
with a target per year of the plan and the achievement recorded against each row
and year.

Achievements live in their own rows, never on the targets: recording or changing
a realisation leaves what was planned as it was. A plan that is ditetapkan is
read-only, except its achievements."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.models.instruments import ItemGroup
from focal_points.models import DecreeType, Unit
from pug_portal.validation import NOTE_TEXT, LimitedTextField

# A row's area: pelembagaan PUG or one of the 7 proses pembangunan, the groups the
# city instrument of Permen PPPA 5/2025 uses (ItemGroup), never a prasyarat.
PLAN_AREAS = [
    (group.value, group.label)
    for group in (
        ItemGroup.PELEMBAGAAN,
        ItemGroup.PERENCANAAN,
        ItemGroup.PENGANGGARAN,
        ItemGroup.PELAKSANAAN,
        ItemGroup.PEMANTAUAN,
        ItemGroup.EVALUASI,
        ItemGroup.PENGAWASAN,
        ItemGroup.PELAPORAN,
    )
]
FIVE_YEARS = 5
# The highest achievement in percent of the target a person may type: a target
# can be exceeded, a figure of ten times the target is a slip.
MAX_ACHIEVEMENT_PERCENT = Decimal("999.99")


class PlanKind(models.TextChoices):
    FIVE_YEAR = "LIMA_TAHUNAN", _("Rencana Pokja PUG lima tahunan")
    ANNUAL = "TAHUNAN", _("Rencana Pokja PUG tahunan")


class PlanStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    ADOPTED = "DITETAPKAN", _("Ditetapkan")


class PokjaPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PokjaPlanQuerySet":
        """The plans are the city's: everyone signed in may reach them; the
        permissions ("pokja_plans:view") decide who reads them (403)."""
        return self

    def with_counts(self) -> "PokjaPlanQuerySet":
        return self.annotate(row_count=models.Count("rows", distinct=True))


class PokjaPlan(models.Model):
    kind = models.CharField(_("jenis rencana"), max_length=14, choices=PlanKind.choices)
    title = models.CharField(_("judul"), max_length=255)
    start_year = models.PositiveSmallIntegerField(
        _("tahun awal"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("tahun akhir"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("rencana lima tahunan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_plans",
        limit_choices_to={"kind": PlanKind.FIVE_YEAR},
        help_text=_("Untuk rencana tahunan: rencana lima tahunan yang dijabarkannya."),
    )
    decree = models.ForeignKey(
        "focal_points.Decree",
        verbose_name=_("SK Pokja PUG"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pokja_plans",
        limit_choices_to={"decree_type": DecreeType.POKJA},
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
    )
    adopted_on = models.DateField(_("tanggal ditetapkan"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = PokjaPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rencana Pokja PUG")
        verbose_name_plural = _("Rencana Pokja PUG")
        ordering = ["-start_year", "kind", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="pokja_plan_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:plan_detail", args=[self.pk])

    @property
    def period(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_adopted(self) -> bool:
        return self.status == PlanStatus.ADOPTED


class PlanRow(models.Model):
    """One row of the plan's matrix."""

    plan = models.ForeignKey(PokjaPlan, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    area = models.CharField(_("area"), max_length=20, choices=PLAN_AREAS)
    program = LimitedTextField(_("program/kegiatan"), max_length=NOTE_TEXT)
    baseline = models.CharField(_("data dasar"), max_length=255, blank=True)
    target_total = models.CharField(
        _("target lima tahun"),
        max_length=255,
        blank=True,
        help_text=_("Untuk rencana tahunan: target lima tahun dari rencana induknya."),
    )
    indicator = models.CharField(_("indikator"), max_length=500)
    budget = models.DecimalField(
        _("alokasi anggaran (Rp)"),
        max_digits=17,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("Anggaran tidak boleh negatif."))],
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("PD penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="pokja_plan_rows",
    )

    class Meta:
        verbose_name = _("baris Rencana Pokja PUG")
        verbose_name_plural = _("baris Rencana Pokja PUG")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) | Q(budget__isnull=True),
                name="pokja_plan_row_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.program[:80]

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()


class PlanTarget(models.Model):
    """The row's target for one year of the plan."""

    row = models.ForeignKey(PlanRow, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.CharField(_("target"), max_length=255)

    class Meta:
        verbose_name = _("target tahunan")
        verbose_name_plural = _("target tahunan")
        ordering = ["row", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["row", "year"],
                name="pokja_plan_target_unique_year",
                violation_error_message=_("Target tahun ini sudah ada pada baris ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class PlanAchievement(models.Model):
    """What was achieved on a row in one year: a percent of the target, a text,
    or both, with a note and who recorded it when. One per row and year; a
    correction replaces it (the activity log keeps the earlier value)."""

    row = models.ForeignKey(
        PlanRow, on_delete=models.CASCADE, related_name="achievements"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    percent = models.DecimalField(
        _("capaian (% dari target)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=_("Capaian tidak boleh negatif.")),
            MaxValueValidator(
                MAX_ACHIEVEMENT_PERCENT,
                message=_("Capaian paling tinggi 999,99 persen dari target."),
            ),
        ],
    )
    value = models.CharField(_("capaian"), max_length=255, blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now=True)

    class Meta:
        verbose_name = _("capaian Rencana Pokja PUG")
        verbose_name_plural = _("capaian Rencana Pokja PUG")
        ordering = ["row", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["row", "year"],
                name="pokja_plan_achievement_unique_year",
                violation_error_message=_("Capaian tahun ini sudah dicatat."),
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) | Q(percent__isnull=True),
                name="pokja_plan_achievement_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value or self.percent}"

    @property
    def target_met(self) -> bool:
        return self.percent is not None and self.percent >= 100
