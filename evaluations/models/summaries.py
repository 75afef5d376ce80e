"""The city's figures of a closed cycle's year, computed once when the cycle
closes (evaluations.year_summaries), so the city board aggregates only open years."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluations.models.budget import EvaluationCycle


class YearSummary(models.Model):
    """One closed fiscal year's city-wide figures (the cycle is the key: one per
    year; the scope is the whole city, the only one the board reads across years).
    `figures` is JSON written and read by evaluations.year_summaries only."""

    cycle = models.OneToOneField(
        EvaluationCycle,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
        verbose_name=_("siklus"),
    )
    figures = models.JSONField(_("angka"))
    computed_at = models.DateTimeField(_("dihitung pada"), auto_now=True)

    class Meta:
        verbose_name = _("ringkasan tahun")
        verbose_name_plural = _("ringkasan tahun")

    def __str__(self) -> str:
        return str(self.cycle)
