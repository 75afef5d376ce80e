from django.contrib import admin
from django.urls import include, path

from pug_portal import reports, views

urlpatterns = [
    path("", include("evaluations.urls")),
    path("", include("focal_points.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserUpdateView.as_view(), name="user_update"),
    path("reports/", reports.report_list, name="reports"),
    path(
        "reports/<slug:identifier>/<slug:fmt>/",
        reports.report_download,
        name="report_download",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
