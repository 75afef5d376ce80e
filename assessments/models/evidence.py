"""A unit's evidence library: files uploaded once, typed and dated, then linked (never
copied) from self-assessment answers and from PPRG dossiers (`DossierLink`). A
dossier's own evidence shows in the library too and can be linked from answers the
same way (`AnswerEvidence.dossier_evidence`)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.models.dossiers import (
    EVIDENCE_EXTENSIONS,
    Dossier,
    DossierPartQuerySet,
)
from focal_points.models import Unit
from pug_portal.permissions import sees_all_units
from pug_portal.uploads import FileContentValidator, UploadedFile
from pug_portal.validation import DOCUMENT_YEARS


class LibraryKind(models.TextChoices):
    SK = "SK", _("SK")
    PERWAL = "PERWAL", _("Perwal")
    RENSTRA = "RENSTRA", _("Renstra")
    RKA_DPA = "RKA_DPA", _("RKA/DPA")
    GAP_GBS = "GAP_GBS", _("GAP/GBS")
    KAK = "KAK", _("KAK")
    PROFIL_GENDER = "PROFIL_GENDER", _("Profil gender")
    DAFTAR_HADIR = "DAFTAR_HADIR", _("Daftar hadir")
    LAPORAN = "LAPORAN", _("Laporan")
    FOTO = "FOTO", _("Foto")
    LAINNYA = "LAINNYA", _("Lainnya")


class EvidenceFileQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EvidenceFileQuerySet":
        """Files of the units `user` may see; other units' files are a 404."""
        if sees_all_units(user):
            return self
        return self.filter(unit__in=Unit.objects.visible_to(user))

    def with_link_counts(self) -> "EvidenceFileQuerySet":
        """`link_count`: the answers and the dossiers that link to each file
        (distinct, since the two joins multiply each other's rows)."""
        return self.annotate(
            link_count=models.Count("links", distinct=True)
            + models.Count("dossier_links", distinct=True)
        )


class EvidenceFile(UploadedFile):
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="evidence_library",
    )
    kind = models.CharField(_("jenis"), max_length=14, choices=LibraryKind.choices)
    title = models.CharField(_("judul"), max_length=255)
    document_date = models.DateField(_("tanggal dokumen"), validators=[DOCUMENT_YEARS])
    file = models.FileField(
        _("berkas"),
        upload_to="library/%Y/",
        validators=[FileContentValidator(EVIDENCE_EXTENSIONS)],
        help_text=_("PDF, DOCX, XLSX, JPG atau PNG."),
    )

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("berkas pustaka bukti")
        verbose_name_plural = _("pustaka bukti dukung")
        ordering = ["-document_date", "-pk"]
        indexes = [models.Index(fields=["unit", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:library_download", args=[self.pk])


class DossierLink(models.Model):
    """A library file linked (never copied) from a PPRG dossier's evidence. It lives
    here, not in evaluations, because evaluations must not know the library; the
    dossier pages show it through `evaluations.extensions`. A linked file cannot be
    deleted (PROTECT); the link goes with its dossier."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="library_links"
    )
    library_file = models.ForeignKey(
        EvidenceFile,
        verbose_name=_("berkas pustaka"),
        on_delete=models.PROTECT,
        related_name="dossier_links",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("ditautkan"), auto_now_add=True)

    objects = DossierPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("tautan pustaka dokumen PPRG")
        verbose_name_plural = _("tautan pustaka dokumen PPRG")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "library_file"], name="dossier_link_unique_file"
            )
        ]

    def __str__(self) -> str:
        """Where the file is used, as a refused delete lists it."""
        return _("Dokumen PPRG %(dossier)s") % {"dossier": self.dossier}
