from django.contrib import admin

from focal_points.models import (
    Attendance,
    CapacityEvent,
    Decree,
    EventInvitation,
    EventSpeaker,
    FocalPointAppointment,
    Person,
    PokjaMembership,
    Unit,
)
from pug_portal.admin import PortalModelAdmin


@admin.register(Unit)
class UnitAdmin(PortalModelAdmin):
    list_display = ["name", "short_name", "unit_type", "parent", "is_active"]
    list_filter = ["unit_type", "is_active", "is_coordinator", "is_planning_agency"]
    search_fields = ["name", "short_name", "code"]
    raw_id_fields = ["parent", "predecessor", "head_user"]


@admin.register(Decree)
class DecreeAdmin(PortalModelAdmin):
    list_display = [
        "number",
        "decree_type",
        "date",
        "unit",
        "fiscal_year",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["decree_type", "fiscal_year", "issuer_type"]
    search_fields = ["number", "title"]
    raw_id_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(PortalModelAdmin):
    list_display = ["name", "nip", "sex", "email", "user"]
    search_fields = ["name", "nip", "email"]
    raw_id_fields = ["user"]


@admin.register(FocalPointAppointment)
class AppointmentAdmin(PortalModelAdmin):
    list_display = ["person", "unit", "team_role", "start_date", "end_date"]
    list_filter = ["team_role"]
    search_fields = ["person__name", "person__nip", "unit__name"]
    raw_id_fields = ["person", "unit", "decree", "previous"]


@admin.register(PokjaMembership)
class PokjaMembershipAdmin(PortalModelAdmin):
    list_display = ["person", "pokja_role", "decree", "start_date", "end_date"]
    list_filter = ["pokja_role"]
    search_fields = ["person__name", "person__nip"]
    raw_id_fields = ["person", "unit", "decree"]


class SpeakerInline(admin.TabularInline):
    model = EventSpeaker
    extra = 0


class InvitationInline(admin.TabularInline):
    model = EventInvitation
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(CapacityEvent)
class CapacityEventAdmin(PortalModelAdmin):
    list_display = ["title", "event_type", "starts_at", "venue", "organiser"]
    list_filter = ["event_type", "mode"]
    search_fields = ["title", "venue"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["organiser", "created_by"]
    inlines = [SpeakerInline, InvitationInline]


@admin.register(Attendance)
class AttendanceAdmin(PortalModelAdmin):
    list_display = ["name", "nip", "sex", "unit", "event", "attended"]
    list_filter = ["attended", "sex"]
    search_fields = ["name", "nip", "event__title"]
    raw_id_fields = ["event", "person", "unit"]
