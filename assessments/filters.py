"""The lists of the assessments app: instruments, a unit's evidence library and the
self-assessments. One FilterSet each, over the scoped query of their selector."""

import django_filters
from django.utils.translation import gettext_lazy as _

from assessments.models import InstrumentScope, LibraryKind, PlanKind, PlanStatus
from evaluations.workflow import Status
from focal_points.filters import unit_filter
from pug_portal.filters import Column, ListFilterSet, SortFilter, YearFilter


class InstrumentFilter(ListFilterSet):
    year = YearFilter()
    scope = django_filters.ChoiceFilter(
        label=_("Cakupan"), choices=InstrumentScope.choices, empty_label=_("Semua")
    )

    columns = (
        Column(_("Instrumen"), "name", by=("name", "version")),
        Column(_("Tahun"), "year", by=("year", "name")),
        Column(_("Versi"), "version", num=True),
        Column(_("Cakupan")),
        Column(_("Butir"), "items", by=("item_count",), num=True),
        Column(_("Penilaian"), "assessments", by=("assessment_count",), num=True),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring instrumen")
    layout = {"year": "col-6 col-md-2", "scope": "col-6 col-md-3"}


class LibraryFilter(ListFilterSet):
    unit = unit_filter()
    kind = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=LibraryKind.choices, empty_label=_("Semua jenis")
    )
    year = YearFilter(field_name="document_date__year")

    columns = (
        Column(_("Judul"), "title"),
        Column(_("Jenis"), "kind", by=("kind", "title")),
        Column(_("Perangkat daerah"), "unit", by=("unit__name",)),
        Column(_("Tanggal dokumen"), "date", by=("document_date",)),
        Column(_("Dipakai"), "links", by=("link_count",), num=True),
        Column(_("Tindakan")),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring pustaka bukti")
    layout = {
        "unit": "col-12 col-md-4",
        "kind": "col-6 col-md-3",
        "year": "col-6 col-md-2",
    }


class DossierLibraryFilter(ListFilterSet):
    """The unit's library files a dossier may link, by kind, year and title."""

    kind = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=LibraryKind.choices, empty_label=_("Semua jenis")
    )
    year = YearFilter(field_name="document_date__year")
    q = django_filters.CharFilter(
        label=_("Judul"), field_name="title", lookup_expr="icontains"
    )

    columns = (
        Column(_("Judul"), "title"),
        Column(_("Jenis"), "kind", by=("kind", "title")),
        Column(_("Tanggal dokumen"), "date", by=("document_date",)),
        Column(_("Tindakan")),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring pustaka bukti")
    layout = {
        "q": "col-12 col-md-5",
        "kind": "col-6 col-md-4",
        "year": "col-6 col-md-3",
    }


class AssessmentFilter(ListFilterSet):
    year = YearFilter()
    unit = unit_filter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Semua status")
    )

    columns = (
        Column(_("Perangkat daerah"), "unit", by=("unit__name",)),
        Column(_("Instrumen"), "instrument", by=("instrument__name",)),
        Column(_("Tahun"), "year", by=("year", "unit__name")),
        Column(_("Terjawab"), "answered", by=("answered",), num=True),
        Column(_("Catatan terbuka"), "comments", by=("open_comments",), num=True),
        Column(_("Status"), "status", by=("status", "unit__name")),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring penilaian mandiri")
    layout = {
        "year": "col-6 col-md-2",
        "unit": "col-12 col-md-4",
        "status": "col-6 col-md-3",
    }


class PlanFilter(ListFilterSet):
    year = YearFilter(method="covering")
    kind = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=PlanKind.choices, empty_label=_("Semua jenis")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PlanStatus.choices, empty_label=_("Semua status")
    )

    columns = (
        Column(_("Rencana"), "title", by=("title",)),
        Column(_("Jenis"), "kind", by=("kind", "start_year")),
        Column(_("Periode"), "period", by=("start_year", "kind")),
        Column(_("SK Pokja PUG")),
        Column(_("Baris"), "rows", by=("row_count",), num=True),
        Column(_("Status"), "status", by=("status", "start_year")),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring Rencana Pokja PUG")
    layout = {
        "year": "col-6 col-md-2",
        "kind": "col-6 col-md-4",
        "status": "col-6 col-md-3",
    }

    def covering(self, queryset, name, value):
        """Plans whose period covers the year."""
        return queryset.filter(start_year__lte=value, end_year__gte=value)
