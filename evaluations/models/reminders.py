"""What `send_reminders` has sent, so a second run on the same day sends nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluations.models.budget import EvaluationCycle
from focal_points.models import Unit


class ReminderKind(models.TextChoices):
    BEFORE = "BEFORE", _("Menjelang batas pengajuan")
    OVERDUE = "OVERDUE", _("Lewat batas pengajuan")


class ReminderLog(models.Model):
    cycle = models.ForeignKey(
        EvaluationCycle, on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField(_("tanggal kirim"))
    days = models.IntegerField(
        _("hari"), help_text=_("Sisa hari sebelum batas (negatif: terlambat).")
    )
    dossier_count = models.PositiveIntegerField(_("dokumen PPRG belum diajukan"))
    recipients = models.JSONField(_("penerima"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        ordering = ["-sent_on", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "kind", "sent_on"],
                name="reminder_once_per_unit_kind_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.unit} {self.kind}"
