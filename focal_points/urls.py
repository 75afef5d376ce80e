from django.urls import path

from focal_points.views import events as views_events
from focal_points.views import pokja as views_pokja
from focal_points.views import registry as views

app_name = "focal_points"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.UnitCreateView.as_view(), name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit_update"),
    path("units/<int:pk>/rename/", views.UnitRenameView.as_view(), name="unit_rename"),
    path(
        "units/<int:pk>/deactivate/",
        views.UnitDeactivateView.as_view(),
        name="unit_deactivate",
    ),
    path(
        "units/<int:pk>/appoint/",
        views.AppointmentCreateView.as_view(),
        name="appointment_create",
    ),
    path("focal-points/", views.directory, name="directory"),
    path("focal-points/alerts/", views.alerts, name="alerts"),
    path("focal-points/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path(
        "focal-points/<int:pk>/end/",
        views.AppointmentEndView.as_view(),
        name="appointment_end",
    ),
    path(
        "focal-points/<int:pk>/transfer/",
        views.AppointmentTransferView.as_view(),
        name="appointment_transfer",
    ),
    path("focal-points/decrees/", views.decree_list, name="decree_list"),
    path(
        "focal-points/decrees/new/",
        views.DecreeCreateView.as_view(),
        name="decree_create",
    ),
    path("focal-points/decrees/<int:pk>/", views.decree_detail, name="decree_detail"),
    path(
        "focal-points/decrees/<int:pk>/edit/",
        views.DecreeUpdateView.as_view(),
        name="decree_update",
    ),
    path("focal-points/decrees/<int:pk>/file/", views.decree_file, name="decree_file"),
    path("awards/", views.award_list, name="award_list"),
    path("awards/new/", views.AwardCreateView.as_view(), name="award_create"),
    path("awards/<int:pk>/edit/", views.AwardUpdateView.as_view(), name="award_update"),
    path("awards/<int:pk>/file/", views.award_file, name="award_file"),
    path(
        "awards/<int:pk>/delete/",
        views.AwardDeleteView.as_view(),
        name="award_delete",
    ),
    path(
        "focal-points/decrees/<int:pk>/pokja/add/",
        views.PokjaMemberCreateView.as_view(),
        name="pokja_member_add",
    ),
    path(
        "focal-points/pokja/<int:pk>/edit/",
        views_pokja.PokjaMemberUpdateView.as_view(),
        name="pokja_member_update",
    ),
    path(
        "focal-points/pokja/<int:pk>/end/",
        views_pokja.PokjaMemberEndView.as_view(),
        name="pokja_member_end",
    ),
    path(
        "focal-points/pokja/<int:pk>/transfer/",
        views_pokja.PokjaMemberTransferView.as_view(),
        name="pokja_member_transfer",
    ),
    path(
        "focal-points/decrees/<int:pk>/pokja/fill/",
        views.pokja_fill,
        name="pokja_fill",
    ),
    # capacity-building events
    path("events/", views_events.event_list, name="event_list"),
    path("events/upcoming/", views_events.event_upcoming, name="event_upcoming"),
    path("events/new/", views_events.EventCreateView.as_view(), name="event_create"),
    path("events/<int:pk>/", views_events.event_detail, name="event_detail"),
    path(
        "events/<int:pk>/edit/",
        views_events.EventUpdateView.as_view(),
        name="event_update",
    ),
    path(
        "events/<int:pk>/speakers/new/",
        views_events.SpeakerAddView.as_view(),
        name="event_speaker_add",
    ),
    path(
        "events/<int:pk>/speakers/<int:speaker_pk>/remove/",
        views_events.speaker_remove,
        name="event_speaker_remove",
    ),
    path(
        "events/<int:pk>/invite/",
        views_events.InviteView.as_view(),
        name="event_invite",
    ),
    path(
        "events/<int:pk>/attendance/new/",
        views_events.AttendanceAddView.as_view(),
        name="event_attendance_add",
    ),
    path(
        "events/<int:pk>/attendance/<int:attendance_pk>/remove/",
        views_events.attendance_remove,
        name="event_attendance_remove",
    ),
    path(
        "events/<int:pk>/attendance/mark/",
        views_events.attendance_mark,
        name="event_attendance_mark",
    ),
    path(
        "events/<int:pk>/attendance/import/",
        views_events.attendance_import,
        name="event_attendance_import",
    ),
    path(
        "events/<int:pk>/daftar-hadir.pdf",
        views_events.daftar_hadir_pdf,
        name="event_daftar_hadir",
    ),
    path(
        "events/<int:pk>/report.pdf",
        views_events.event_report_pdf,
        name="event_report_pdf",
    ),
    path(
        "events/<int:pk>/materials/",
        views_events.event_materials,
        name="event_materials",
    ),
    path(
        "events/<int:pk>/report-file/",
        views_events.event_report_file,
        name="event_report_file",
    ),
]
