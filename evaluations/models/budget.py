"""Evaluation cycles (siklus monev) and budget lines (program / kegiatan / sub kegiatan
with their pagu), and the budget nomenclature their codes are checked against."""

import functools
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
    "sub_kegiatan_code": "2.08.02.2.01.0001",
}


class CodeLevel(models.TextChoices):
    URUSAN = "URUSAN", _("Urusan")
    BIDANG = "BIDANG", _("Bidang urusan")
    PROGRAM = "PROGRAM", _("Program")
    KEGIATAN = "KEGIATAN", _("Kegiatan")
    SUB_KEGIATAN = "SUB_KEGIATAN", _("Sub kegiatan")


class NomenclatureEntry(models.Model):
    """One code of the national budget nomenclature (Kepmendagri 050-5889/2021 and
    its successors): reference data, versioned, shipped with the portal. A new
    decree is a new `version`, applying from `first_year`; the old rows stay for the
    years they cover. Budget lines are checked against it with a warning only."""

    version = models.CharField(_("versi"), max_length=60)
    first_year = models.PositiveSmallIntegerField(_("berlaku mulai tahun anggaran"))
    level = models.CharField(_("tingkat"), max_length=12, choices=CodeLevel.choices)
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nomenklatur"), max_length=500)
    indicator = models.CharField(_("indikator kinerja"), max_length=500, blank=True)
    unit_of_measure = models.CharField(_("satuan"), max_length=60, blank=True)
    # H read in an official source, M secondary, L to be verified by the city.
    confidence = models.CharField(_("keyakinan sumber"), max_length=1, default="L")

    class Meta:
        verbose_name = _("nomenklatur anggaran")
        verbose_name_plural = _("nomenklatur anggaran")
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="nomenclature_code_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.version})"


@functools.cache
def nomenclature_for(year: int) -> tuple[str, frozenset[str]] | None:
    """(version, its codes) of the newest nomenclature applying to fiscal `year`,
    or None when the table has none. Cached per process: the table changes only
    with a release (tests that load other rows call `nomenclature_for.cache_clear`)."""
    entry = (
        NomenclatureEntry.objects.filter(first_year__lte=year)
        .order_by("-first_year", "-version")
        .values_list("version", flat=True)
        .first()
    )
    if entry is None:
        return None
    codes = NomenclatureEntry.objects.filter(version=entry).values_list(
        "code", flat=True
    )
    return entry, frozenset(codes)


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
        """What to check in the codes, which are kept as typed: the official pattern,
        the hierarchy (a kegiatan starts with its program's code, a sub kegiatan
        with its kegiatan's, the kab/kota digit is 2) and the nomenclature table of
        the line's year. Warnings only, never a refusal."""
        warnings = self._pattern_warnings()
        program, kegiatan = self.program_code or "", self.kegiatan_code or ""
        sub = self.sub_kegiatan_code or ""
        for child, parent, child_field, parent_field in (
            (kegiatan, program, "kegiatan_code", "program_code"),
            (sub, kegiatan, "sub_kegiatan_code", "kegiatan_code"),
        ):
            if child and parent and not child.startswith(parent + "."):
                warnings.append(
                    gettext(
                        "%(child)s “%(code)s” tidak diawali %(parent)s “%(prefix)s”; "
                        "periksa kembali."
                    )
                    % {
                        "child": self._label(child_field),
                        "code": child,
                        "parent": self._label(parent_field).lower(),
                        "prefix": parent,
                    }
                )
        parts = kegiatan.split(".")
        if len(parts) >= 4 and parts[3] != "2":
            warnings.append(
                gettext(
                    "Angka ke-4 kode kegiatan “%(code)s” adalah %(digit)s; untuk "
                    "kabupaten/kota seharusnya 2."
                )
                % {"code": kegiatan, "digit": parts[3]}
            )
        table = nomenclature_for(self.year) if self.year else None
        if table:
            version, codes = table
            for name in ("program_code", "kegiatan_code", "sub_kegiatan_code"):
                value = getattr(self, name)
                if value and value not in codes:
                    warnings.append(
                        gettext(
                            "%(field)s “%(code)s” tidak ditemukan dalam nomenklatur "
                            "%(version)s; teks disimpan apa adanya, periksa kembali."
                        )
                        % {
                            "field": self._label(name),
                            "code": value,
                            "version": version,
                        }
                    )
        return warnings

    def _label(self, name: str) -> str:
        return str(self._meta.get_field(name).verbose_name).capitalize()

    def _pattern_warnings(self) -> list[str]:
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
