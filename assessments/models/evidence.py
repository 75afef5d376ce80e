"""A unit's evidence library: files uploaded once, typed and dated, then linked (never
copied) from self-assessment answers. A dossier's own evidence shows in the library
too and can be linked the same way (`AnswerEvidence.dossier_evidence`)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.models.dossiers import EVIDENCE_EXTENSIONS
from focal_points.models import Unit
from pug_portal.permissions import sees_all_units
from pug_portal.uploads import FileContentValidator
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
        return self.annotate(link_count=models.Count("links"))


class EvidenceFile(models.Model):
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
    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

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
