from django.urls import path

from assessments.views import instruments

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
]
