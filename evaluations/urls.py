from django.urls import path

from evaluations.views import arg as views_arg
from evaluations.views import budget as cycles
from evaluations.views import dashboard as views_dashboard
from evaluations.views import documents, dossiers, home, review

app_name = "evaluations"

urlpatterns = [
    path("", home.home, name="home"),
    # cycles
    path("cycles/", cycles.cycle_list, name="cycle_list"),
    path("cycles/new/", cycles.CycleCreateView.as_view(), name="cycle_create"),
    path(
        "cycles/<int:pk>/edit/", cycles.CycleUpdateView.as_view(), name="cycle_update"
    ),
    path("cycles/<int:pk>/open/", cycles.CycleOpenView.as_view(), name="cycle_open"),
    path("cycles/<int:pk>/close/", cycles.CycleCloseView.as_view(), name="cycle_close"),
    # budget lines
    path("budget/", cycles.budget_line_list, name="budget_line_list"),
    path(
        "budget/new/", cycles.BudgetLineCreateView.as_view(), name="budget_line_create"
    ),
    path(
        "budget/<int:pk>/edit/",
        cycles.BudgetLineUpdateView.as_view(),
        name="budget_line_update",
    ),
    # dossiers (focal point)
    path("dossiers/", dossiers.dossier_list, name="dossier_list"),
    path("dossiers/new/", dossiers.DossierCreateView.as_view(), name="dossier_create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/edit/", dossiers.dossier_edit, name="dossier_edit"),
    path(
        "dossiers/<int:pk>/autosave/",
        dossiers.dossier_autosave,
        name="dossier_autosave",
    ),
    path("dossiers/<int:pk>/submit/", dossiers.dossier_submit, name="dossier_submit"),
    path(
        "dossiers/<int:pk>/self-score/",
        dossiers.DossierSelfScoreView.as_view(),
        name="dossier_self_score",
    ),
    path(
        "dossiers/<int:pk>/evidence/",
        dossiers.EvidenceUploadView.as_view(),
        name="evidence_upload",
    ),
    path("evidence/<int:pk>/", dossiers.evidence_download, name="evidence_download"),
    path(
        "evidence/<int:pk>/delete/",
        dossiers.EvidenceDeleteView.as_view(),
        name="evidence_delete",
    ),
    path(
        "comments/<int:pk>/resolve/", dossiers.comment_resolve, name="comment_resolve"
    ),
    # review (DPMPPPAKB)
    path("review/", review.review_queue, name="review_queue"),
    path("dossiers/<int:pk>/review/", review.dossier_review, name="dossier_review"),
    path("dossiers/<int:pk>/review/start/", review.review_start, name="review_start"),
    path("dossiers/<int:pk>/review/score/", review.review_score, name="review_score"),
    path(
        "dossiers/<int:pk>/review/return/", review.review_return, name="review_return"
    ),
    path(
        "dossiers/<int:pk>/review/approve/",
        review.review_approve,
        name="review_approve",
    ),
    path(
        "dossiers/<int:pk>/review/reopen/", review.review_reopen, name="review_reopen"
    ),
    # dashboards
    path("dashboard/", views_dashboard.city_dashboard, name="city_dashboard"),
    path(
        "dashboard/dossiers/",
        views_dashboard.dossier_records,
        name="dashboard_dossiers",
    ),
    path(
        "dashboard/budget-lines/",
        views_dashboard.budget_line_records,
        name="dashboard_budget_lines",
    ),
    path(
        "units/<int:pk>/dashboard/",
        views_dashboard.unit_dashboard,
        name="unit_dashboard",
    ),
    # total belanja and realisation (Persentase ARG)
    path(
        "units/<int:pk>/total-belanja/",
        views_arg.TotalBelanjaView.as_view(),
        name="total_belanja",
    ),
    path(
        "dossiers/<int:pk>/realisation/",
        views_arg.RealisationRecordView.as_view(),
        name="realisation_record",
    ),
    # official documents of a dossier
    path(
        "dossiers/<int:pk>/pdf/<slug:kind>/",
        documents.dossier_document,
        name="dossier_document",
    ),
]
