"""Cross-cutting models: the user account with its role, and the activity log."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    REVIEWER = "reviewer", _("Verifikator DPMPPPAKB")
    FOCAL_POINT = "focal_point", _("Focal Point PUG")
    PLANNER = "planner", _("Perencana (badan perencanaan)")
    UNIT_HEAD = "unit_head", _("Kepala Perangkat Daerah")
    # Inspektorat staff: the internal supervisor (pengawasan, one of the 7 proses)
    # reads every unit like the planner and co-reviews where an instrument names it
    AUDITOR = "auditor", _("Inspektorat (pengawas)")


class User(AbstractUser):
    """A portal account. What it may do follows from `role` (see permissions.py);
    which units a focal point sees follows from appointments, never from a column here."""

    role = models.CharField(
        _("peran"), max_length=20, choices=Role.choices, default=Role.FOCAL_POINT
    )
    phone = models.CharField(_("telepon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # The Django admin is for the `admin` role only; keep the flag derived, not kept by hand.
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "is_staff"}
        super().save(*args, **kwargs)


class ActivityLogQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "ActivityLogQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class ActivityLog(models.Model):
    """What happened, by whom, to which object. Written by services only."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("aksi"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("objek"), max_length=255)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = ActivityLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("log aktivitas")
        verbose_name_plural = _("log aktivitas")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class ImportBatchState(models.TextChoices):
    PREVIEWED = "previewed", _("Pratinjau")
    COMMITTED = "committed", _("Diimpor")
    FAILED = "failed", _("Gagal")


def _own_or_all(queryset: models.QuerySet, user, owner_field: str) -> models.QuerySet:
    """Everything for those who see every file (`permissions.sees_all_files`); the
    user's own rows for anyone else signed in; nothing for the anonymous."""
    # Imported here: pug_portal.permissions needs this module's Role.
    from pug_portal.permissions import sees_all_files

    if sees_all_files(user):
        return queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    return queryset.filter(**{owner_field: user})


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ImportBatchQuerySet":
        """A batch holds someone's uploaded file: only its uploader sees it, and the
        administrators. Anyone else gets a 404."""
        return _own_or_all(self, user, "user")


class ImportBatch(models.Model):
    """An uploaded import file kept between its preview and its commit, and the
    result of the commit. Which importer reads it is `importer` (an identifier from
    the registry in pug_portal/imports/)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengunggah"),
        on_delete=models.CASCADE,
        related_name="import_batches",
    )
    importer = models.CharField(_("jenis impor"), max_length=60)
    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    state = models.CharField(
        _("status"),
        max_length=10,
        choices=ImportBatchState.choices,
        default=ImportBatchState.PREVIEWED,
    )
    result = models.JSONField(_("hasil"), default=dict, blank=True)
    # What the importer needs besides the file: the object every row belongs to
    # ({"event": pk} for an event's attendance); empty for the others.
    context = models.JSONField(_("konteks"), default=dict, blank=True)
    # The preview as first computed (Preview.as_dict()), so that paging through
    # 10,000 rows does not read the file and run every row again on each page;
    # emptied when a commit attempt changes what the rows would do.
    preview = models.JSONField(_("pratinjau"), default=dict, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch impor")
        verbose_name_plural = _("batch impor")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.importer} · {self.original_name}"

    def get_absolute_url(self) -> str:
        if self.state == ImportBatchState.PREVIEWED:
            return reverse("import_preview", args=[self.pk])
        return reverse("import_result", args=[self.pk])


class ReportRunState(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", pgettext_lazy("report state", "Selesai")
    FAILED = "failed", _("Gagal")


class ReportRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportRunQuerySet":
        """A generated report is its requester's (and the administrators'): anyone
        else gets a 404, whatever their role."""
        return _own_or_all(self, user, "requester")

    def expired(self, now=None) -> "ReportRunQuerySet":
        return self.filter(expires_at__lte=now or timezone.now())


class ReportRun(models.Model):
    """A report generated in the background (pug_portal/reports/tasks.py): who asked, which
    exporter with which parameters and format, how far it is (units done of units
    to do), the file when done, and when it expires (PUG_REPORT_EXPIRY_DAYS;
    `manage.py purge_reports` deletes expired runs with their files)."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.CASCADE,
        related_name="report_runs",
    )
    exporter = models.CharField(_("laporan"), max_length=60)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    fmt = models.CharField(_("format"), max_length=8)
    state = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportRunState.choices,
        default=ReportRunState.QUEUED,
    )
    units_done = models.PositiveIntegerField(_("perangkat daerah selesai"), default=0)
    units_total = models.PositiveIntegerField(_("jumlah perangkat daerah"), default=0)
    file = models.FileField(_("berkas"), upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(_("nama berkas"), max_length=255, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    # The worker rendering the run writes heartbeat_at every few seconds: a RUNNING
    # run whose heartbeat stopped has lost its worker (killed, machine gone) and is
    # queued again or, after `attempts` tries, failed (pug_portal/reports/runs.py).
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), db_index=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan latar belakang")
        verbose_name_plural = _("laporan latar belakang")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requester", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(units_done__lte=models.F("units_total")),
                name="report_run_progress_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.exporter} ({self.fmt}) · {self.requester_id}"

    def get_absolute_url(self) -> str:
        return reverse("report_run_download", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (ReportRunState.DONE, ReportRunState.FAILED)

    @property
    def waiting_for_worker(self) -> bool:
        """Queued for over a minute: no background worker has picked it up (a worker
        takes a run within seconds), so the page says so instead of polling silently."""
        return self.state == ReportRunState.QUEUED and (
            timezone.now() - self.created_at > datetime.timedelta(minutes=1)
        )

    @property
    def percent(self) -> int:
        """Units done of units to do; 100 only once the file is saved (the last
        step, writing the file, comes after the last unit)."""
        if self.state == ReportRunState.DONE:
            return 100
        if not self.units_total:
            return 0
        return min(99, self.units_done * 100 // self.units_total)
