from django.urls import path

from focal_points import views

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
]
