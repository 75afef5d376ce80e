"""The registry's and the events' lists: one FilterSet each, over the scoped query of
their selector (focal_points.selectors). See pug_portal.filters for the pieces."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from focal_points.models import (
    DecreeType,
    EventType,
    Sex,
    TeamRole,
    Unit,
    UnitType,
    today,
)
from focal_points.selectors import events as event_selectors
from pug_portal.filters import CheckboxFilter, Column, ListFilterSet, SortFilter
from pug_portal.forms import LongSelect


def visible_units(request) -> QuerySet[Unit]:
    """The choices of a unit filter: the units the user may see, by name."""
    return Unit.objects.visible_to(request.user).order_by("name")


def unit_filter(field_name: str = "unit", **kwargs) -> django_filters.Filter:
    kwargs.setdefault("label", _("Perangkat daerah"))
    kwargs.setdefault("widget", LongSelect)  # a hundred units
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=visible_units,
        empty_label=_("Semua perangkat daerah"),
        **kwargs,
    )


# The unit-type filters' value for "every type counted as Perangkat Daerah".
PERANGKAT_DAERAH = "PD"


def unit_type_filter(field_name: str = "unit__unit_type", **kwargs):
    """One unit type, or every Perangkat Daerah type at once ("PD", the city
    board's default rows, so its figures link to the same units)."""
    kwargs.setdefault("label", _("Jenis PD"))

    def of_type(queryset, name, value):
        if value == PERANGKAT_DAERAH:
            return queryset.filter(**{f"{name}__in": UnitType.perangkat_daerah()})
        return queryset.filter(**{name: value})

    return django_filters.ChoiceFilter(
        field_name=field_name,
        choices=[(PERANGKAT_DAERAH, _("Perangkat Daerah")), *UnitType.choices],
        empty_label=_("Semua jenis"),
        method=of_type,
        **kwargs,
    )


def search(*fields: str):
    """A filter method: `value` inside any of `fields` (case-insensitive)."""

    def method(queryset, name, value):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    return method


class UnitFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Cari nama"), method=search("name", "short_name", "code")
    )
    unit_type = unit_type_filter("unit_type", label=_("Jenis"))
    parent = django_filters.ModelChoiceFilter(
        label=_("Induk"),
        queryset=Unit.objects.filter(
            unit_type__in=[UnitType.SETDA, UnitType.KECAMATAN]
        ).order_by("name"),
        empty_label=_("Semua induk"),
    )
    # "1"/"0" are the values the model's BooleanField reads as True/False.
    active = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="is_active",
        choices=[("1", _("Aktif")), ("0", _("Tidak aktif"))],
        empty_label=_("Semua"),
    )
    no_focal_point = CheckboxFilter(
        label=_("Tanpa focal point yang sah"),
        field_name="has_valid_focal_point",
        exclude=True,
    )

    columns = (
        Column(_("Nama"), "name"),
        Column(_("Jenis"), "type", by=("unit_type", "name")),
        Column(_("Induk"), "parent", by=("parent__short_name", "name")),
        Column(_("Focal point sah"), "focal_point", by=("has_valid_focal_point",)),
        Column(_("Anggota tim"), "team", by=("current_count",), num=True),
    )
    sort = SortFilter(columns)
    # Active units unless the user chose otherwise (`?active=` = all).
    defaults = {"active": "1"}
    aria_label = _("Saring perangkat daerah")
    layout = {
        "q": "col-12 col-md-3",
        "unit_type": "col-6 col-md-2",
        "parent": "col-6 col-md-2",
        "active": "col-6 col-md-2",
        "no_focal_point": "col-6 col-md-2",
    }


class AlertFilter(ListFilterSet):
    """Active units without a valid focal point today."""

    unit_type = unit_type_filter("unit_type", label=_("Jenis"))

    columns = (
        Column(_("Nama"), "name"),
        Column(_("Jenis"), "type", by=("unit_type", "name")),
        Column(_("Induk"), "parent", by=("parent__short_name", "name")),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring perangkat daerah")
    layout = {"unit_type": "col-12 col-md-3"}


class DecreeFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Cari nomor atau isi “tentang”"), method=search("number", "title")
    )
    unit = unit_filter()
    decree_type = django_filters.ChoiceFilter(
        label=_("Jenis SK"), choices=DecreeType.choices, empty_label=_("Semua jenis")
    )

    columns = (
        Column(_("Nomor"), "number"),
        Column(_("Tanggal"), "date"),
        Column(_("Jenis SK"), "decree_type"),
        Column(_("Tentang")),
        Column(_("Perangkat daerah"), "unit", by=("unit__short_name",)),
        Column(_("Berlaku")),
        Column(_("Salinan SK")),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring SK")
    layout = {
        "q": "col-12 col-md-4",
        "unit": "col-12 col-md-4",
        "decree_type": "col-12 col-md-3",
    }


class DirectoryFilter(ListFilterSet):
    """Focal points in office today, or every appointment with `?history=on`."""

    q = django_filters.CharFilter(
        label=_("Cari nama, NIP, jabatan"),
        method=search("person__name", "person__nip", "position"),
    )
    unit = unit_filter()
    unit_type = unit_type_filter()
    sex = django_filters.ChoiceFilter(
        label=_("Jenis kelamin"),
        field_name="person__sex",
        choices=Sex.choices,
        empty_label=_("L dan P"),
    )
    team_role = django_filters.ChoiceFilter(
        label=_("Peran"), choices=TeamRole.choices, empty_label=_("Semua peran")
    )
    # On the selector's EXISTS annotation: the one rule, still one query per page.
    trained = django_filters.ChoiceFilter(
        label=_("Pelatihan"),
        field_name="is_trained",
        choices=[("1", _("Terlatih")), ("0", _("Belum terlatih"))],
        empty_label=_("Semua"),
    )
    history = CheckboxFilter(
        label=_("Termasuk riwayat (penugasan yang sudah berakhir)"),
        method="with_history",
    )

    columns = (
        Column(_("Perangkat daerah"), "unit", by=("unit__short_name",)),
        Column(_("Nama"), "name", by=("person__name",)),
        Column(_("NIP")),
        Column(_("L/P"), "sex", by=("person__sex", "person__name")),
        Column(_("Peran"), "role", by=("team_role", "person__name")),
        Column(_("Jabatan")),
        Column(_("Kontak")),
        Column(_("Periode"), "start", by=("start_date",)),
        Column(_("Terlatih")),  # the trained filter above narrows by it
    )
    sort = SortFilter(columns)
    aria_label = _("Saring direktori")
    layout = {
        "q": "col-12 col-md-3",
        "unit": "col-6 col-md-3",
        "unit_type": "col-6 col-md-2",
        "sex": "col-6 col-md-1",
        "team_role": "col-6 col-md-2",
        "trained": "col-6 col-md-2",
        "history": "col-12 col-md-3",
    }

    def with_history(self, queryset, name, value):
        return queryset  # ticked: ended appointments stay (see filter_queryset)

    def filter_queryset(self, queryset):
        if not self.value("history"):
            queryset = queryset.current(today())
        return super().filter_queryset(queryset)


class EventFilter(ListFilterSet):
    year = django_filters.TypedChoiceFilter(
        label=_("Tahun"), coerce=int, empty_value=None, method="in_year"
    )
    event_type = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=EventType.choices, empty_label=_("Semua jenis")
    )
    unit = unit_filter("invitations__unit", label=_("Perangkat daerah diundang"))

    columns = (
        Column(_("Tanggal"), "date", by=("starts_at",)),
        Column(_("Kegiatan"), "title"),
        Column(_("Jenis"), "type", by=("event_type", "starts_at")),
        Column(_("Tempat")),
        Column(_("Penyelenggara"), "organiser", by=("organiser__short_name",)),
        Column(_("PD diundang"), "invited", by=("invited_count",), num=True),
        Column(_("Hadir / terdaftar"), "attended", by=("attended_count",), num=True),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring kegiatan")
    layout = {
        "year": "col-6 col-md-2",
        "event_type": "col-6 col-md-3",
        "unit": "col-12 col-md-4",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = event_selectors.event_years()  # one query, for the select
        self.filters["year"].extra["choices"] = [
            ("", _("Semua tahun")),
            *((year, str(year)) for year in years),
        ]

    def in_year(self, queryset, name, value):
        return queryset.in_year(value)
