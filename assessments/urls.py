from django.urls import path

from assessments.views import (
    assessments,
    co_review,
    dossier_links,
    evidence,
    instruments,
    plans,
)

app_name = "assessments"

urlpatterns = [
    # instruments (DPMPPPAKB, administrators)
    path("instruments/", instruments.instrument_list, name="instrument_list"),
    path(
        "instruments/new/",
        instruments.InstrumentCreateView.as_view(),
        name="instrument_create",
    ),
    path(
        "instruments/<int:pk>/",
        instruments.instrument_detail,
        name="instrument_detail",
    ),
    path(
        "instruments/<int:pk>/edit/",
        instruments.InstrumentUpdateView.as_view(),
        name="instrument_update",
    ),
    path(
        "instruments/<int:pk>/copy/",
        instruments.InstrumentCopyView.as_view(),
        name="instrument_copy",
    ),
    path(
        "instruments/<int:pk>/items/new/",
        instruments.ItemCreateView.as_view(),
        name="item_create",
    ),
    path(
        "instruments/<int:pk>/import/",
        instruments.instrument_import,
        name="instrument_import",
    ),
    path(
        "instrument-items/<int:pk>/edit/",
        instruments.ItemUpdateView.as_view(),
        name="item_update",
    ),
    path(
        "instrument-items/<int:pk>/delete/",
        instruments.ItemDeleteView.as_view(),
        name="item_delete",
    ),
    # a unit's evidence library
    path("library/", evidence.library_list, name="library_list"),
    path(
        "library/upload/",
        evidence.LibraryUploadView.as_view(),
        name="library_upload",
    ),
    path("library/<int:pk>/", evidence.library_download, name="library_download"),
    path(
        "library/<int:pk>/delete/",
        evidence.LibraryDeleteView.as_view(),
        name="library_delete",
    ),
    # a PPRG dossier's files linked from its unit's library
    path(
        "dossiers/<int:pk>/library/",
        dossier_links.dossier_library,
        name="dossier_library",
    ),
    path(
        "dossiers/<int:pk>/library/upload/",
        dossier_links.DossierUploadLinkView.as_view(),
        name="dossier_library_upload",
    ),
    path(
        "dossier-library-links/<int:pk>/unlink/",
        dossier_links.DossierUnlinkView.as_view(),
        name="dossier_library_unlink",
    ),
    # self-assessments (penilaian mandiri) and the city's evaluation
    path("assessments/", assessments.assessment_list, name="assessment_list"),
    path(
        "assessments/recap/",
        assessments.evaluation_recap_page,
        name="evaluation_recap",
    ),
    path(
        "assessments/new/",
        assessments.AssessmentStartView.as_view(),
        name="assessment_start",
    ),
    path(
        "instruments/<int:pk>/city-assessment/",
        assessments.city_assessment_start,
        name="city_assessment_start",
    ),
    path(
        "assessments/<int:pk>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "assessments/<int:pk>/edit/",
        assessments.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "assessments/<int:pk>/autosave/",
        assessments.assessment_autosave,
        name="assessment_autosave",
    ),
    path(
        "assessments/<int:pk>/prefill/",
        assessments.assessment_prefill,
        name="assessment_prefill",
    ),
    path(
        "assessments/<int:pk>/submit/",
        assessments.assessment_submit,
        name="assessment_submit",
    ),
    path(
        "assessments/<int:pk>/co-review/",
        co_review.assessment_co_review,
        name="assessment_co_review",
    ),
    path(
        "assessments/<int:pk>/review/",
        assessments.assessment_review,
        name="assessment_review",
    ),
    path(
        "assessments/<int:pk>/review/start/",
        assessments.review_start_review,
        name="review_start_review",
    ),
    path(
        "assessments/<int:pk>/review/verify/",
        assessments.review_verify,
        name="review_verify",
    ),
    path(
        "assessments/<int:pk>/review/return/",
        assessments.review_return,
        name="review_return",
    ),
    path(
        "assessments/<int:pk>/review/approve/",
        assessments.review_approve,
        name="review_approve",
    ),
    path(
        "assessments/<int:pk>/review/reopen/",
        assessments.review_reopen,
        name="review_reopen",
    ),
    # Rencana Pokja PUG (the city's, kept by DPMPPPAKB)
    path("pokja-plans/", plans.plan_list, name="plan_list"),
    path("pokja-plans/new/", plans.PlanCreateView.as_view(), name="plan_create"),
    path("pokja-plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path(
        "pokja-plans/<int:pk>/edit/",
        plans.PlanUpdateView.as_view(),
        name="plan_update",
    ),
    path("pokja-plans/<int:pk>/rows/", plans.plan_rows_edit, name="plan_rows"),
    path(
        "pokja-plans/<int:pk>/adopt/",
        plans.PlanAdoptView.as_view(),
        name="plan_adopt",
    ),
    path(
        "pokja-plans/<int:pk>/achievements/",
        plans.plan_achievements,
        name="plan_achievements",
    ),
    path(
        "pokja-plans/<int:pk>/download/<str:fmt>/",
        plans.plan_download,
        name="plan_download",
    ),
]
