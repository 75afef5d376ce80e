"""The city's results in the national PUG award: Anugerah Parahita Ekapraya (APE),
since the 2024 evaluation Penganugerahan Parahita Ekapraya (PPE)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pug_portal.uploads import FileContentValidator
from pug_portal.validation import NOTE_TEXT, LimitedTextField


class AwardFramework(models.TextChoices):
    APE = "APE", _("APE (Anugerah Parahita Ekapraya)")
    PPE = "PPE", _("PPE (Penganugerahan Parahita Ekapraya)")


class AwardCategory(models.TextChoices):
    """The official city categories, lowest first."""

    PRATAMA = "PRATAMA", _("Pratama")
    MADYA = "MADYA", _("Madya")
    NINDYA = "NINDYA", _("Nindya")
    UTAMA = "UTAMA", _("Utama")
    MENTOR = "MENTOR", _("Mentor")


# The first APE was awarded in 2005; a year outside this is a typing slip.
AWARD_YEARS = (2005, 2100)


class AwardResult(models.Model):
    year = models.PositiveSmallIntegerField(
        _("tahun"),
        validators=[
            MinValueValidator(
                AWARD_YEARS[0], _("Tahun penghargaan paling awal %(limit_value)s.")
            ),
            MaxValueValidator(
                AWARD_YEARS[1], _("Tahun penghargaan paling akhir %(limit_value)s.")
            ),
        ],
    )
    framework = models.CharField(
        _("penghargaan"), max_length=3, choices=AwardFramework.choices
    )
    category = models.CharField(
        _("kategori"), max_length=10, choices=AwardCategory.choices
    )
    note = LimitedTextField(_("catatan"), blank=True, max_length=NOTE_TEXT)
    evidence = models.FileField(
        _("bukti (piagam/SK, PDF atau gambar)"),
        upload_to="awards/%Y/",
        blank=True,
        validators=[FileContentValidator(["pdf", "jpg", "png"])],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hasil APE/PPE")
        verbose_name_plural = _("hasil APE/PPE")
        ordering = ["-year", "framework"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "framework"],
                name="award_one_per_year_framework",
                violation_error_message=_(
                    "Hasil penghargaan ini untuk tahun tersebut sudah dicatat."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.year} — {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("focal_points:award_list") + f"#award-{self.pk}"
