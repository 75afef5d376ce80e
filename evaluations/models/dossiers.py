"""PPRG dossiers: GAP (9 steps) → GBS → KAK for one budget line, with their action plan,
sex-disaggregated data and evidence. Review comments and scores: models/review.py."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.gap import APKM_FIELDS, GAP_FIELDS, GAP_STEPS
from evaluations.models.budget import (
    BudgetLine,
    EvaluationCycle,
    rupiah_validators,
)
from evaluations.workflow import (
    EDITABLE_STATES,
    QUEUE_STATES,
    ReviewedModel,
    Status,
)
from focal_points.models import Unit, nip_validator
from pug_portal.expressions import LiteralIn
from pug_portal.formats import rupiah
from pug_portal.nip import format_nip
from pug_portal.permissions import sees_all_units
from pug_portal.uploads import FileContentValidator, UploadedFile
from pug_portal.validation import (
    DOCUMENT_YEARS,
    NARRATIVE_TEXT,
    NOTE_TEXT,
    ROW_TEXT,
    LimitedTextField,
)

# The review queue's states in the order of the partial index's condition
# (dossier_queue_order); the queue's filter repeats them so (LiteralIn).
QUEUE_INDEX_STATES = sorted(QUEUE_STATES)


class DossierQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DossierQuerySet":
        """Dossiers of the units `user` may see; anything else is a 404 for them."""
        if sees_all_units(user):
            return self
        return self.filter(unit__in=Unit.objects.visible_to(user))

    def for_queue(self) -> "DossierQuerySet":
        """Waiting for a reviewer, oldest submission first."""
        # literal values, as the partial index states them (LiteralIn says why)
        return self.filter(LiteralIn("status", QUEUE_INDEX_STATES)).order_by(
            "submitted_at", "pk"
        )

    def for_list(self) -> "DossierQuerySet":
        """What a list row shows, in one query: unit, cycle, budget line, open
        comments and the reviewer's score."""
        # A correlated count, not a join with GROUP BY: grouping made PostgreSQL
        # aggregate every wide row of the filter before sorting and keeping a page;
        # a subquery in the select list is evaluated after ORDER BY … LIMIT, so
        # only for the rows shown (unless the list is sorted by this very column).
        from evaluations.models.review import ReviewComment  # imports this module

        open_comments = (
            ReviewComment.objects.filter(dossier=OuterRef("pk"), resolved=False)
            .order_by()
            .values("dossier")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related("unit", "cycle", "budget_line").annotate(
            open_comments=Coalesce(Subquery(open_comments), 0),
        )

    def status_counts(self) -> dict[str, int]:
        """{status: count} in one aggregate query."""
        rows = self.order_by().values("status").annotate(n=Count("pk"))
        return {row["status"]: row["n"] for row in rows}


class DossierPartQuerySet(models.QuerySet):
    """Rows that belong to a dossier (evidence, review comments): seen through
    their dossier's scope."""

    def visible_to(self, user) -> "DossierPartQuerySet":
        if sees_all_units(user):
            return self
        return self.filter(dossier__in=Dossier.objects.visible_to(user))


@dataclass(frozen=True)
class GbsSigner:
    """Who signs a GBS: the head of the unit (title, name, rank, NIP)."""

    title: str
    name: str
    rank: str
    nip: str

    @classmethod
    def head_of(cls, unit: Unit) -> "GbsSigner":
        """The unit's head as the registry has it today (the title by unit type
        when none is recorded)."""
        return cls(
            title=unit.head_title_or_default(),
            name=unit.head_name,
            rank=unit.head_rank,
            nip=unit.head_nip,
        )

    def as_fields(self) -> dict[str, str]:
        """The Dossier fields that store this signer at approval."""
        return {
            "gbs_signer_title": self.title,
            "gbs_signer_name": self.name,
            "gbs_signer_rank": self.rank,
            "gbs_signer_nip": self.nip,
        }


class Dossier(ReviewedModel):
    """One PPRG dossier per (unit, year, budget line)."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    cycle = models.ForeignKey(
        EvaluationCycle,
        verbose_name=_("siklus monev"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("sub kegiatan"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # --- GAP ------------------------------------------------------------------------
    gap_policy = LimitedTextField(
        _("tujuan kebijakan/program/kegiatan"), blank=True, max_length=NARRATIVE_TEXT
    )
    gap_insight = LimitedTextField(
        _("data pembuka wawasan"), blank=True, max_length=NARRATIVE_TEXT
    )
    gap_access = LimitedTextField(_("akses"), blank=True, max_length=NARRATIVE_TEXT)
    gap_participation = LimitedTextField(
        _("partisipasi"), blank=True, max_length=NARRATIVE_TEXT
    )
    gap_control = LimitedTextField(_("kontrol"), blank=True, max_length=NARRATIVE_TEXT)
    gap_benefit = LimitedTextField(_("manfaat"), blank=True, max_length=NARRATIVE_TEXT)
    gap_internal = LimitedTextField(
        _("sebab kesenjangan internal"), blank=True, max_length=NARRATIVE_TEXT
    )
    gap_external = LimitedTextField(
        _("sebab kesenjangan eksternal"), blank=True, max_length=NARRATIVE_TEXT
    )
    gap_reformulated = LimitedTextField(
        _("reformulasi tujuan"), blank=True, max_length=NARRATIVE_TEXT
    )
    gap_action_note = LimitedTextField(
        _("catatan rencana aksi"),
        blank=True,
        help_text=_("Opsional; aksinya sendiri diisi pada tabel rencana aksi."),
        max_length=NOTE_TEXT,
    )
    gap_baseline = LimitedTextField(
        _("data dasar (base-line)"), blank=True, max_length=NOTE_TEXT
    )
    gap_output_indicator = LimitedTextField(
        _("indikator keluaran (dengan target dan satuan)"),
        blank=True,
        max_length=NOTE_TEXT,
    )
    gap_outcome_indicator = LimitedTextField(
        _("indikator hasil (dengan target dan satuan)"),
        blank=True,
        max_length=NOTE_TEXT,
    )
    # --- GBS: blank text means "as in the GAP" (each fact is entered once) -----------
    gbs_org_unit = models.CharField(
        _("unit organisasi"),
        max_length=255,
        blank=True,
        help_text=_("Kosongkan bila sama dengan nama perangkat daerah."),
    )
    gbs_objective = LimitedTextField(
        _("tujuan sub kegiatan"),
        blank=True,
        help_text=_("Kosongkan untuk memakai GAP langkah 1."),
        max_length=NARRATIVE_TEXT,
    )
    gbs_situation = LimitedTextField(
        _("analisis situasi"),
        blank=True,
        help_text=_("Kosongkan untuk memakai GAP langkah 2–5."),
        max_length=NARRATIVE_TEXT,
    )
    gbs_benchmark = LimitedTextField(
        _("tolok ukur"),
        blank=True,
        help_text=_("Kosongkan untuk memakai reformulasi tujuan (GAP langkah 6)."),
        max_length=NOTE_TEXT,
    )
    gbs_indicators = LimitedTextField(
        _("indikator dan target kinerja"),
        blank=True,
        help_text=_("Kosongkan untuk memakai indikator gender (GAP langkah 9)."),
        max_length=NOTE_TEXT,
    )
    gbs_amount = models.DecimalField(
        _("jumlah anggaran (Rp)"),
        max_digits=17,
        decimal_places=2,
        null=True,
        blank=True,
        validators=rupiah_validators,
    )
    gbs_impact = LimitedTextField(_("dampak/hasil"), blank=True, max_length=NOTE_TEXT)
    gbs_sign_place = models.CharField(
        _("tempat tanda tangan"), max_length=100, blank=True
    )
    gbs_sign_date = models.DateField(
        _("tanggal tanda tangan"), null=True, blank=True, validators=[DOCUMENT_YEARS]
    )
    # The head of the unit who signs the GBS, as at approval (`GbsSigner.at_approval`):
    # a later head does not change an approved GBS.
    gbs_signer_title = models.CharField(
        _("jabatan penanda tangan GBS"), max_length=255, blank=True
    )
    gbs_signer_name = models.CharField(
        _("nama penanda tangan GBS"), max_length=150, blank=True
    )
    gbs_signer_rank = models.CharField(
        _("pangkat/golongan penanda tangan GBS"), max_length=100, blank=True
    )
    gbs_signer_nip = models.CharField(
        _("NIP penanda tangan GBS"), max_length=18, blank=True
    )
    # --- KAK/TOR (optional) -----------------------------------------------------------
    kak_included = models.BooleanField(_("sertakan KAK/TOR"), default=False)
    kak_legal_basis = LimitedTextField(
        _("dasar hukum"), blank=True, max_length=NARRATIVE_TEXT
    )
    kak_beneficiaries = LimitedTextField(
        _("penerima manfaat"), blank=True, max_length=NOTE_TEXT
    )
    kak_beneficiaries_male = models.PositiveIntegerField(
        _("target penerima manfaat laki-laki"), null=True, blank=True
    )
    kak_beneficiaries_female = models.PositiveIntegerField(
        _("target penerima manfaat perempuan"), null=True, blank=True
    )
    kak_purpose = LimitedTextField(
        _("maksud dan tujuan"), blank=True, max_length=NARRATIVE_TEXT
    )
    kak_method = LimitedTextField(
        _("cara pelaksanaan"), blank=True, max_length=NARRATIVE_TEXT
    )
    kak_location = models.CharField(_("lokasi"), max_length=255, blank=True)
    kak_schedule = LimitedTextField(_("jadwal"), blank=True, max_length=NOTE_TEXT)
    kak_pic_name = models.CharField(_("penanggung jawab"), max_length=150, blank=True)
    kak_pic_nip = models.CharField(
        _("NIP penanggung jawab"),
        max_length=18,
        blank=True,
        validators=[nip_validator],
    )
    # --- review (the workflow's own columns are in ReviewedModel) ------------------------
    returned_snapshot = models.JSONField(
        _("isi saat dikembalikan"),
        default=dict,
        blank=True,
        help_text=_(
            "Untuk menunjukkan kepada verifikator apa yang berubah sesudahnya."
        ),
    )
    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokumen PPRG")
        verbose_name_plural = _("dokumen PPRG")
        ordering = ["-cycle__year", "unit__name", "budget_line__sub_kegiatan_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget_line"],
                name="dossier_one_per_budget_line",
                violation_error_message=_(
                    "Sub kegiatan ini sudah mempunyai dokumen PPRG."
                ),
            ),
            models.CheckConstraint(
                condition=Q(gbs_amount__isnull=True) | Q(gbs_amount__gte=0),
                name="dossier_gbs_amount_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["unit", "cycle", "status"]),
            models.Index(fields=["cycle", "status"]),
            # A status's page across years and the dashboard's counts by status
            # and cycle read this index alone (id for the list's tie-break).
            models.Index(fields=["status", "cycle", "id"]),
            # The every-dossier export streams one unit's year at a time in id
            # order from this index: no sort of the wide rows.
            models.Index(fields=["unit", "cycle", "id"]),
            # The review queue (what waits for review, oldest submission first)
            # reads its page in order from this index instead of sorting every
            # waiting dossier (6,900 at 100,000).
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status__in=QUEUE_INDEX_STATES),
                name="dossier_queue_order",
            ),
        ]

    def __str__(self) -> str:
        line = self.budget_line
        return f"{line.sub_kegiatan_name} — {self.unit.short_name} {line.year}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:dossier_detail", args=[self.pk])

    @property
    def year(self) -> int:
        return self.budget_line.year

    def permits(self, user, perm: str) -> bool:
        """The dossier's own rules on top of the role: a closed cycle is read-only
        for everyone; content changes only in DRAFT / REVISION_REQUESTED."""
        if perm.endswith(":view"):
            return True
        if self.cycle.is_closed:
            return False
        if perm == "dossiers:edit":
            return self.status in EDITABLE_STATES
        return True

    # --- derived GBS --------------------------------------------------------------------

    def gap_situation_text(self) -> str:
        """The GBS Analisis Situasi, numbered as the official form has it: 1. the
        insight data (GAP step 2, text and its L/P rows); 2. the gender issue — the
        gap factors (akses, partisipasi, kontrol, manfaat) and the internal and
        external causes (steps 3–5)."""
        insight = [self.gap_insight] if self.gap_insight else []
        insight += [
            data_row_text(r)
            for r in self.data_rows.all()
            if r.kind == DataKind.PEMBUKA_WAWASAN
        ]
        issues = []
        for name in APKM_FIELDS:
            value = getattr(self, name)
            if value:
                label = self._meta.get_field(name).verbose_name.capitalize()
                issues.append(f"{label}: {value}")
        if self.gap_internal:
            issues.append(gettext("Sebab internal: %s") % self.gap_internal)
        if self.gap_external:
            issues.append(gettext("Sebab eksternal: %s") % self.gap_external)
        points = []
        if insight:
            points.append(
                "1. " + gettext("Data pembuka wawasan") + ":\n" + "\n".join(insight)
            )
        if issues:
            points.append(
                "2. "
                + gettext("Isu dan faktor kesenjangan, sebab internal dan eksternal")
                + ":\n"
                + "\n".join(issues)
            )
        return "\n".join(points)

    def gap_indicator_text(self) -> str:
        """Step 9 as one text, each indicator after its word ("Keluaran: …"); a word
        the user typed too is not repeated ("Keluaran: Keluaran: …")."""
        lines = []
        for value, word in (
            (self.gap_output_indicator, "Keluaran"),
            (self.gap_outcome_indicator, "Hasil"),
        ):
            text = _without_prefix(value, {word, gettext(word)})
            if text:
                lines.append(f"{gettext(word)}: {text}")
        return "\n".join(lines)

    def gbs_signer(self) -> GbsSigner:
        """The GBS's signer: the one stored at approval on an approved dossier,
        otherwise (a draft, or reopened) the unit's head today."""
        if self.status == Status.APPROVED and (
            self.gbs_signer_name or self.gbs_signer_title
        ):
            return GbsSigner(
                title=self.gbs_signer_title,
                name=self.gbs_signer_name,
                rank=self.gbs_signer_rank,
                nip=self.gbs_signer_nip,
            )
        return GbsSigner.head_of(self.unit)

    def gbs_values(self) -> dict[str, str]:
        """Each GBS row's value: the override when typed, otherwise the GAP's."""
        line, unit = self.budget_line, self.unit
        amount = self.gbs_amount
        actions = [
            f"{row.description}: {gettext('Masukan')} {rupiah(row.input_amount)}; "
            f"{gettext('Keluaran')} {row.output}; {gettext('Hasil')} {row.outcome}"
            for row in self.action_rows.all()
        ]
        head = self.gbs_signer()
        signer = ", ".join(
            p
            for p in (
                head.title,
                head.name,
                head.rank,
                f"NIP {format_nip(head.nip)}" if head.nip else "",
            )
            if p
        )
        return {
            "gbs_unit": unit.name,
            "gbs_org_unit": self.gbs_org_unit or unit.name,
            "gbs_year": str(line.year),
            "gbs_program": f"{line.program_code} {line.program_name}",
            "gbs_kegiatan": f"{line.kegiatan_code} {line.kegiatan_name}",
            "gbs_sub_kegiatan": line.sub_kegiatan_name,
            "gbs_objective": self.gbs_objective or self.gap_policy,
            "gbs_code": line.sub_kegiatan_code,
            "gbs_situation": self.gbs_situation or self.gap_situation_text(),
            "gbs_benchmark": self.gbs_benchmark or self.gap_reformulated,
            "gbs_indicators": self.gbs_indicators or self.gap_indicator_text(),
            "gbs_amount": rupiah(amount) if amount is not None else "",
            "gbs_actions": "\n".join(actions),
            "gbs_impact": self.gbs_impact or self.gap_outcome_indicator,
            "gbs_signature": signer,
        }

    def amount_warning(self) -> str:
        """Non-blocking: GBS Jumlah Anggaran should equal the budget line's pagu,
        and the Masukan of the action rows should add up to it."""
        if self.gbs_amount is None:
            return ""
        warnings = []
        if self.gbs_amount != self.budget_line.pagu:
            warnings.append(
                gettext(
                    "Jumlah Anggaran GBS (%(amount)s) berbeda dari pagu sub kegiatan "
                    "(%(pagu)s)."
                )
                % {
                    "amount": rupiah(self.gbs_amount),
                    "pagu": rupiah(self.budget_line.pagu),
                }
            )
        actions = list(self.action_rows.all())
        inputs = sum((r.input_amount or 0 for r in actions), Decimal(0))
        if actions and inputs != self.gbs_amount:
            warnings.append(
                gettext(
                    "Jumlah Masukan rencana aksi (%(inputs)s) berbeda dari Jumlah "
                    "Anggaran GBS (%(amount)s)."
                )
                % {"inputs": rupiah(inputs), "amount": rupiah(self.gbs_amount)}
            )
        return " ".join(warnings)

    # --- completeness --------------------------------------------------------------------

    def completeness(self) -> list[tuple[str, bool]]:
        """The submit checklist: (item, done) in the order the form asks for them."""
        actions = list(self.action_rows.all())
        data_rows = list(self.data_rows.all())
        items: list[tuple[str, bool]] = []
        for step in GAP_STEPS:
            label = gettext("GAP langkah %(n)s: %(label)s") % {
                "n": step.number,
                "label": step.label,
            }
            if step.number == 3:
                done = any(getattr(self, f).strip() for f in step.fields)
            elif step.number == 7:
                done = bool(actions)
            else:
                done = all(getattr(self, f).strip() for f in step.fields)
            items.append((label, done))
        items.append(
            (gettext("Sekurang-kurangnya satu baris rencana aksi"), bool(actions))
        )
        items.append(
            (
                gettext("Jumlah Anggaran pada GBS"),
                self.gbs_amount is not None,
            )
        )
        items.append(
            (
                gettext(
                    "Data terpilah L/P: sekurang-kurangnya satu baris data pembuka "
                    "wawasan"
                ),
                any(r.kind == DataKind.PEMBUKA_WAWASAN for r in data_rows),
            )
        )
        items.append(
            (
                gettext("Data terpilah L/P: sekurang-kurangnya satu baris data dasar"),
                any(r.kind == DataKind.BASELINE for r in data_rows),
            )
        )
        if self.kak_included:
            items.append(
                (
                    gettext("KAK/TOR: target penerima manfaat L dan P"),
                    self.kak_beneficiaries_male is not None
                    and self.kak_beneficiaries_female is not None,
                )
            )
        return items

    def missing_items(self) -> list[str]:
        return [label for label, done in self.completeness() if not done]

    # --- snapshot for the diff shown after a resubmission ------------------------------

    SNAPSHOT_FIELDS = (
        *GAP_FIELDS,
        "gbs_org_unit",
        "gbs_objective",
        "gbs_situation",
        "gbs_benchmark",
        "gbs_indicators",
        "gbs_impact",
        "kak_legal_basis",
        "kak_beneficiaries",
        "kak_purpose",
        "kak_method",
        "kak_location",
        "kak_schedule",
    )

    def snapshot(self) -> dict[str, Any]:
        """Every reviewable field as key → value, rows included as lists of their
        values. Codes and plain numbers (no grouping, no trailing zeros), never the UI
        language's words or formats, so a snapshot compares in any language; the
        review page labels and formats them (selectors.changes_since_return)."""
        values: dict[str, Any] = {
            name: getattr(self, name) or "" for name in self.SNAPSHOT_FIELDS
        }
        values["gbs_amount"] = plain_number(self.gbs_amount)
        values["action_rows"] = [
            [r.description, plain_number(r.input_amount), r.output, r.outcome]
            for r in self.action_rows.all()
        ]
        values["data_rows"] = [
            [
                r.kind,
                r.label,
                plain_number(r.male),
                plain_number(r.female),
                plain_number(r.total),
                r.unit_of_measure,
            ]
            for r in self.data_rows.all()
        ]
        return values

    @classmethod
    def snapshot_label(cls, key: str) -> str:
        """The label a snapshot key is shown under, in the active language."""
        if key == "action_rows":
            return gettext("Rencana aksi")
        if key == "data_rows":
            return gettext("Data terpilah")
        verbose = cls._meta.get_field(key).verbose_name
        for step in GAP_STEPS:
            if key in step.fields:
                return f"GAP {step.number} · {verbose}"
        return f"{key[:3].upper()} · {verbose}"


def _without_prefix(text: str, words: set[str]) -> str:
    """`text` without a leading "<word>:" (any case), as the step-9 hint once asked
    users to type it."""
    text = (text or "").strip()
    for word in words:
        if text.lower().startswith(word.lower() + ":"):
            return text[len(word) + 1 :].strip()
    return text


def plain_number(value: Decimal | None) -> str:
    """'31900' for Decimal('31900.00'), '12.5' for 12.50, '' for None: a number as
    stored in a snapshot, the same however it was typed or read back."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


class ActionPlanRow(models.Model):
    """GAP step 7, one action; the GBS shows its Masukan / Keluaran / Hasil."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="action_rows"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    description = LimitedTextField(_("aksi"), max_length=ROW_TEXT)
    input_amount = models.DecimalField(
        _("masukan (Rp)"),
        max_digits=17,
        decimal_places=2,
        validators=rupiah_validators,
    )
    output = LimitedTextField(_("keluaran"), max_length=ROW_TEXT)
    outcome = LimitedTextField(_("hasil"), max_length=ROW_TEXT)

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(input_amount__gte=0), name="action_input_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]


class DataKind(models.TextChoices):
    # Insight data: GAP column 2 and point 1 of the GBS Analisis Situasi.
    PEMBUKA_WAWASAN = "PEMBUKA_WAWASAN", _("Data pembuka wawasan")
    BASELINE = "BASELINE", _("Data dasar")
    TARGET = "TARGET", _("Target")
    REALISASI = "REALISASI", _("Realisasi")


class ApkmAspect(models.TextChoices):
    AKSES = "AKSES", _("Akses")
    PARTISIPASI = "PARTISIPASI", _("Partisipasi")
    KONTROL = "KONTROL", _("Kontrol")
    MANFAAT = "MANFAAT", _("Manfaat")


class Disability(models.TextChoices):
    DISABILITAS = "DISABILITAS", _("Penyandang disabilitas")
    NON_DISABILITAS = "NON_DISABILITAS", _("Bukan penyandang disabilitas")


count_validators = [MinValueValidator(0, message=_("Angka L/P tidak boleh negatif."))]


class DisaggregatedDataRow(models.Model):
    """One sex-disaggregated figure (data terpilah)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="data_rows"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    label = models.CharField(_("uraian"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=20, choices=DataKind.choices)
    aspect = models.CharField(
        _("aspek APKM"), max_length=12, choices=ApkmAspect.choices, blank=True
    )
    male = models.DecimalField(
        _("laki-laki"), max_digits=14, decimal_places=2, validators=count_validators
    )
    female = models.DecimalField(
        _("perempuan"), max_digits=14, decimal_places=2, validators=count_validators
    )
    total = models.DecimalField(
        _("jumlah"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Opsional; bila diisi harus sama dengan L + P."),
    )
    age_group = models.CharField(_("kelompok umur"), max_length=60, blank=True)
    disability = models.CharField(
        _("disabilitas"), max_length=16, choices=Disability.choices, blank=True
    )
    unit_of_measure = models.CharField(_("satuan"), max_length=60)
    source = models.CharField(_("sumber data"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("data terpilah")
        verbose_name_plural = _("data terpilah")
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(male__gte=0) & Q(female__gte=0),
                name="data_row_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True)
                | Q(total=models.F("male") + models.F("female")),
                name="data_row_total_is_sum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (L {self.male} / P {self.female})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (
            self.total is not None
            and self.male is not None
            and self.female is not None
            and Decimal(self.male) + Decimal(self.female) != Decimal(self.total)
        ):
            raise ValidationError(
                {
                    "total": gettext(
                        "Jumlah %(total)s tidak sama dengan L + P (%(sum)s)."
                    )
                    % {
                        "total": floatformat(self.total, "-2g"),
                        "sum": floatformat(
                            Decimal(self.male) + Decimal(self.female), "-2g"
                        ),
                    }
                }
            )


class EvidenceKind(models.TextChoices):
    SK = "SK", _("SK")
    RKA = "RKA", _("RKA")
    DPA = "DPA", _("DPA")
    GAP = "GAP", _("GAP")
    GBS = "GBS", _("GBS")
    KAK = "KAK", _("KAK/TOR")
    DAFTAR_HADIR = "DAFTAR_HADIR", _("Daftar hadir")
    DOKUMENTASI = "DOKUMENTASI", _("Dokumentasi")
    LAPORAN = "LAPORAN", _("Laporan")
    LAINNYA = "LAINNYA", _("Lainnya")


EVIDENCE_EXTENSIONS = ("pdf", "docx", "xlsx", "jpg", "jpeg", "png")


class Evidence(UploadedFile):
    """A supporting file. Served only by a view that fetched the dossier in scope."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("jenis"), max_length=14, choices=EvidenceKind.choices)
    file = models.FileField(
        _("berkas"),
        upload_to="evidence/%Y/",
        validators=[FileContentValidator(EVIDENCE_EXTENSIONS)],
        help_text=_("PDF, DOCX, XLSX, JPG atau PNG."),
    )
    description = models.CharField(_("keterangan"), max_length=255, blank=True)

    objects = DossierPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:evidence_download", args=[self.pk])


def data_row_text(row: DisaggregatedDataRow) -> str:
    """One L/P row as the GBS prints it: "Kader posyandu: L 42, P 1.198 orang
    (Dinkes 2025)"."""
    male, female = floatformat(row.male, "-2g"), floatformat(row.female, "-2g")
    text = (
        f"{row.label}: {gettext('L')} {male}, {gettext('P')} {female} "
        f"{row.unit_of_measure}"
    )
    return f"{text.strip()} ({row.source})" if row.source else text.strip()
