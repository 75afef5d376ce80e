from django.contrib import admin
from django.urls import include, path

from pug_portal.accounts import views as accounts
from pug_portal.imports import views as imports
from pug_portal.reports import views as reports

urlpatterns = [
    path("", include("evaluations.urls")),
    path("", include("focal_points.urls")),
    path("", include("assessments.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("users/", accounts.user_list, name="user_list"),
    path("users/new/", accounts.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", accounts.UserUpdateView.as_view(), name="user_update"),
    path("reports/", reports.report_list, name="reports"),
    # before the download pattern, which would take "run" for a format
    path(
        "reports/<slug:identifier>/run/",
        reports.report_run_start,
        name="report_run_start",
    ),
    path(
        "reports/<slug:identifier>/<slug:fmt>/",
        reports.report_download,
        name="report_download",
    ),
    path(
        "reports/runs/<int:pk>/progress/",
        reports.report_run_progress,
        name="report_run_progress",
    ),
    path(
        "reports/runs/<int:pk>/retry/",
        reports.report_run_retry,
        name="report_run_retry",
    ),
    path(
        "reports/runs/<int:pk>/download/",
        reports.report_run_download,
        name="report_run_download",
    ),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/batches/<int:pk>/", imports.import_preview, name="import_preview"),
    path(
        "imports/batches/<int:pk>/commit/",
        imports.import_commit,
        name="import_commit",
    ),
    path(
        "imports/batches/<int:pk>/result/",
        imports.import_result,
        name="import_result",
    ),
    path("imports/<slug:identifier>/", imports.import_upload, name="import_upload"),
    path(
        "imports/<slug:identifier>/template/",
        imports.import_template,
        name="import_template",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "pug_portal.errors.permission_denied"
handler404 = "pug_portal.errors.page_not_found"
handler500 = "pug_portal.errors.server_error"
