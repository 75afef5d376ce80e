"""Cross-cutting models: the user account with its role, and the activity log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    REVIEWER = "reviewer", _("Reviewer DPMPPPAKB")
    FOCAL_POINT = "focal_point", _("Focal Point PUG")
    PLANNER = "planner", _("Perencana (Bappeda)")
    UNIT_HEAD = "unit_head", _("Kepala Perangkat Daerah")


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
