from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from pug_portal.models import ActivityLog, ImportBatch, ReportRun, User
from pug_portal.permissions import user_has_perm


class PortalModelAdmin(admin.ModelAdmin):
    """Model admin gated by the role permission, not by per-model Django permissions."""

    def has_module_permission(self, request) -> bool:
        return user_has_perm(request.user, "admin:site")

    def has_view_permission(self, request, obj=None) -> bool:
        return user_has_perm(request.user, "admin:site")

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: user_has_perm(request.user, "admin:site")
    )


@admin.register(User)
class PortalUserAdmin(PortalModelAdmin, UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Peran portal"), {"fields": ["role", "phone"]}),
    ]


@admin.register(ActivityLog)
class ActivityLogAdmin(PortalModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]
    readonly_fields = [f.name for f in ActivityLog._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(PortalModelAdmin):
    """Records the portal writes itself: administrators look, nobody edits here."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # `manage.py purge_imports` / `purge_reports` delete the files too


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "importer", "original_name", "state"]
    list_filter = ["importer", "state"]
    search_fields = ["original_name", "user__username"]
    list_select_related = ["user"]


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "requester", "exporter", "fmt", "state"]
    list_filter = ["exporter", "state"]
    search_fields = ["filename", "requester__username"]
    list_select_related = ["requester"]
