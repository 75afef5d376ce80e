"""Evaluation cycles (siklus monev) and budget lines (program / kegiatan / sub kegiatan
with their pagu)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from focal_points.models import Unit
from pug_portal.permissions import sees_all_units
from pug_portal.validation import DOCUMENT_YEARS, in_cycle_years


class CycleState(models.TextChoices):
    DRAFT = "DRAFT", _("Disiapkan")
    OPEN = "OPEN", _("Dibuka")
    CLOSED = "CLOSED", _("Ditutup")


class EvaluationCycleQuerySet(models.QuerySet):
    def open(self) -> "EvaluationCycleQuerySet":
        return self.filter(state=CycleState.OPEN)

    def current(self) -> "EvaluationCycle | None":
        """The open cycle of the latest year, if any."""
        return self.open().order_by("-year").first()


class EvaluationCycle(models.Model):
    """One fiscal year's monitoring round. A closed cycle is read-only for everyone."""

    year = models.PositiveSmallIntegerField(_("tahun anggaran"), unique=True)
    open_date = models.DateField(_("dibuka"), validators=[DOCUMENT_YEARS])
    submission_deadline = models.DateField(
        _("batas pengajuan"), validators=[DOCUMENT_YEARS]
    )
    review_deadline = models.DateField(_("batas reviu"), validators=[DOCUMENT_YEARS])
    state = models.CharField(
        _("status"),
        max_length=10,
        choices=CycleState.choices,
        default=CycleState.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvaluationCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("siklus monev")
        verbose_name_plural = _("siklus monev")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_deadline__gte=models.F("open_date"))
                & Q(review_deadline__gte=models.F("submission_deadline")),
                name="cycle_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return gettext("Monev PPRG %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("evaluations:cycle_list") + f"#cycle-{self.pk}"

    def clean(self) -> None:
        """A cycle's dates fall in its planning year, its fiscal year or the year
        after (see `in_cycle_years`)."""
        if not self.year:
            return
        errors = {
            name: ValidationError(
                _("Tanggal siklus %(year)s harus di tahun %(first)s–%(last)s."),
                code="date_range",
                params={
                    "year": self.year,
                    "first": self.year - 1,
                    "last": self.year + 1,
                },
            )
            for name in ("open_date", "submission_deadline", "review_deadline")
            if not in_cycle_years(getattr(self, name), self.year)
        }
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.state == CycleState.CLOSED

    @property
    def is_open(self) -> bool:
        return self.state == CycleState.OPEN


class ArgCategory(models.TextChoices):
    KHUSUS = "KHUSUS", _("Anggaran khusus target gender")
    KESETARAAN = "KESETARAAN", _("Anggaran kesetaraan gender")
    PELEMBAGAAN = "PELEMBAGAAN", _("Anggaran pelembagaan kesetaraan gender")


# Permendagri 90/2019 and its successors: urusan.bidang.program, then .x.kegiatan,
# then .sub (two or four digits). A mismatch is only a warning: the raw text is kept.
CODE_PATTERNS = {
    "program_code": re.compile(r"^\d\.\d{2}\.\d{2}$"),
    "kegiatan_code": re.compile(r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}$"),
    "sub_kegiatan_code": re.compile(r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{2}(\d{2})?$"),
}
CODE_EXAMPLES = {
    "program_code": "2.08.02",
    "kegiatan_code": "2.08.02.2.01",
    "sub_kegiatan_code": "2.08.02.2.01.01",
}


class BudgetLineQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BudgetLineQuerySet":
        if sees_all_units(user):
            return self
        return self.filter(unit__in=Unit.objects.visible_to(user))


rupiah_validators = [
    MinValueValidator(0, message=_("Nilai Rupiah tidak boleh negatif."))
]


class BudgetLine(models.Model):
    """A sub kegiatan in a unit's budget for one fiscal year."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    program_code = models.CharField(_("kode program"), max_length=40)
    program_name = models.CharField(_("program"), max_length=500)
    kegiatan_code = models.CharField(_("kode kegiatan"), max_length=40)
    kegiatan_name = models.CharField(_("kegiatan"), max_length=500)
    sub_kegiatan_code = models.CharField(_("kode sub kegiatan"), max_length=40)
    sub_kegiatan_name = models.CharField(_("sub kegiatan"), max_length=500)
    pagu = models.DecimalField(
        _("pagu (Rp)"), max_digits=17, decimal_places=2, validators=rupiah_validators
    )
    realisasi = models.DecimalField(
        _("realisasi (Rp)"),
        max_digits=17,
        decimal_places=2,
        null=True,
        blank=True,
        validators=rupiah_validators,
    )
    is_arg = models.BooleanField(_("anggaran responsif gender (ARG)"), default=False)
    arg_category = models.CharField(
        _("kategori ARG"), max_length=12, choices=ArgCategory.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("sub kegiatan (anggaran)")
        verbose_name_plural = _("sub kegiatan (anggaran)")
        ordering = ["unit__name", "year", "sub_kegiatan_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "sub_kegiatan_code"],
                name="budget_line_unique_code_per_unit_year",
                violation_error_message=_(
                    "Sub kegiatan dengan kode ini sudah tercatat untuk perangkat "
                    "daerah dan tahun ini."
                ),
            ),
            models.CheckConstraint(
                condition=Q(pagu__gte=0), name="budget_line_pagu_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(realisasi__isnull=True) | Q(realisasi__gte=0),
                name="budget_line_realisasi_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(is_arg=True) | Q(arg_category=""),
                name="budget_line_category_only_for_arg",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["year", "is_arg", "arg_category"]),
            # Covers the dashboards' pagu sums by unit and year (index-only scans on
            # PostgreSQL; measured in bench/dashboard_bench.py).
            models.Index(fields=["year", "unit", "is_arg", "pagu"]),
        ]

    def __str__(self) -> str:
        return f"{self.sub_kegiatan_code} {self.sub_kegiatan_name} ({self.year})"

    def get_absolute_url(self) -> str:
        return (
            reverse("evaluations:budget_line_list")
            + f"?unit={self.unit_id}&year={self.year}"
        )

    def clean(self) -> None:
        errors = {}
        if self.is_arg and not self.arg_category:
            errors["arg_category"] = _("Pilih kategori ARG untuk anggaran ARG.")
        if not self.is_arg and self.arg_category:
            errors["arg_category"] = _(
                "Kategori ARG hanya untuk sub kegiatan yang ditandai ARG."
            )
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)

    def code_warnings(self) -> list[str]:
        """Codes that do not match the official pattern (kept as typed)."""
        warnings = []
        for name, pattern in CODE_PATTERNS.items():
            value = getattr(self, name)
            if not pattern.match(value or ""):
                warnings.append(
                    gettext(
                        "%(field)s “%(value)s” tidak sesuai pola kode (contoh "
                        "%(example)s); teks disimpan apa adanya, periksa kembali."
                    )
                    % {
                        "field": self._meta.get_field(name).verbose_name.capitalize(),
                        "value": value,
                        "example": CODE_EXAMPLES[name],
                    }
                )
        return warnings
