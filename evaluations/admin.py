"""Data fixes only: every ordinary change goes through evaluations.services."""

from django.contrib import admin

from evaluations.models import (
    BudgetLine,
    Dossier,
    EvaluationCycle,
    NomenclatureEntry,
    Realisation,
    ReminderLog,
    ReviewComment,
    RubricScore,
    TotalBelanja,
)
from pug_portal.admin import PortalModelAdmin


@admin.register(EvaluationCycle)
class EvaluationCycleAdmin(PortalModelAdmin):
    list_display = ["year", "state", "open_date", "submission_deadline"]
    list_filter = ["state"]


@admin.register(BudgetLine)
class BudgetLineAdmin(PortalModelAdmin):
    list_display = ["sub_kegiatan_code", "sub_kegiatan_name", "unit", "year", "pagu"]
    list_filter = ["year", "is_arg", "arg_category"]
    search_fields = ["sub_kegiatan_code", "sub_kegiatan_name", "unit__name"]
    raw_id_fields = ["unit"]


@admin.register(NomenclatureEntry)
class NomenclatureEntryAdmin(PortalModelAdmin):
    list_display = ("code", "name", "level", "version", "confidence")
    list_filter = ("version", "level", "confidence")
    search_fields = ("code", "name")


@admin.register(Dossier)
class DossierAdmin(PortalModelAdmin):
    list_display = ["__str__", "status", "version", "submitted_at"]
    list_filter = ["status", "cycle"]
    search_fields = ["budget_line__sub_kegiatan_name", "unit__name"]
    raw_id_fields = ["unit", "cycle", "budget_line", "created_by"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(PortalModelAdmin):
    list_display = ["dossier", "target", "resolved", "created_at"]
    list_filter = ["resolved", "target"]
    raw_id_fields = ["dossier", "author", "resolved_by"]


@admin.register(RubricScore)
class RubricScoreAdmin(PortalModelAdmin):
    list_display = ["dossier", "kind", "total", "classification"]
    list_filter = ["kind", "classification"]
    raw_id_fields = ["dossier", "scored_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(PortalModelAdmin):
    list_display = ["sent_on", "cycle", "unit", "kind", "dossier_count"]
    list_filter = ["kind", "cycle"]


@admin.register(TotalBelanja)
class TotalBelanjaAdmin(PortalModelAdmin):
    list_display = ["unit", "year", "phase", "total"]
    list_filter = ["year", "phase"]
    search_fields = ["unit__name", "unit__short_name"]
    raw_id_fields = ["unit"]


@admin.register(Realisation)
class RealisationAdmin(PortalModelAdmin):
    list_display = ["dossier", "quarter", "amount", "physical_percent"]
    list_filter = ["quarter"]
    raw_id_fields = ["dossier", "recorded_by"]
