from django.urls import path

from assessments.views import evidence, instruments

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
]
