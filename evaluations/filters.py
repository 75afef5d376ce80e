"""The evaluation lists: dossiers, the review queue, budget lines, and the two lists
behind the dashboard's figures. One FilterSet each, over the scoped query of their
selector (evaluations.selectors.dossiers). See pug_portal.filters for the pieces.

The dashboard builds links to the record lists (evaluations/views/dashboard.py,
`records_url`): their query parameters (year, unit, unit_type, status,
classification, arg=on, no_dossier=on, gbs=approved|pending, arg_category) are part of those links and keep their names.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    ArgCategory,
    Classification,
    Dossier,
    EvaluationCycle,
    RubricScore,
    ScoreKind,
)
from evaluations.workflow import Status
from focal_points.filters import unit_filter, unit_type_filter
from pug_portal.filters import (
    CheckboxFilter,
    Column,
    ListFilterSet,
    SortFilter,
    YearFilter,
)


def status_filter(**kwargs) -> django_filters.Filter:
    kwargs.setdefault("empty_label", _("Semua status"))
    return django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, **kwargs
    )


DOSSIER_COLUMNS = (
    Column(_("Sub kegiatan"), "code", by=("budget_line__sub_kegiatan_code",)),
    Column(_("Perangkat daerah"), "unit", by=("unit__name",)),
    Column(_("Tahun"), "year", by=("cycle__year", "unit__name")),
    Column(_("ARG")),
    Column(_("Status"), "status", by=("status", "unit__name")),
)
# Ordered by year and unit first (the default order and the year and unit sorts), a
# page is read from the (cycle, unit) groups it falls in (pug_portal.seek).
DOSSIER_GROUPS = {"cycle__year": "cycle_id", "unit__name": "unit_id"}
LINE_GROUPS = {"year": "year", "unit__name": "unit_id"}
SCORE_COLUMNS = (
    Column(_("Catatan terbuka"), "comments", by=("open_comments",), num=True),
    Column(_("Nilai verifikator"), "score", by=("reviewer_total",), num=True),
)


class DossierFilter(ListFilterSet):
    cycle = django_filters.ModelChoiceFilter(
        label=_("Siklus"),
        queryset=EvaluationCycle.objects.order_by("-year"),
        empty_label=_("Semua siklus"),
    )
    unit = unit_filter()
    status = status_filter()
    arg_category = django_filters.ChoiceFilter(
        label=_("Kategori ARG"),
        field_name="budget_line__arg_category",
        choices=ArgCategory.choices,
        empty_label=_("Semua kategori"),
    )

    columns = (*DOSSIER_COLUMNS, *SCORE_COLUMNS)
    sort = SortFilter(columns)
    aria_label = _("Saring dokumen PPRG")
    seek_groups = DOSSIER_GROUPS
    # The list opens on the current cycle (the open one of the latest year, else
    # this calendar year's); "Semua siklus" (an empty ?cycle=) shows every year.
    opens_on_current_cycle = True

    def __init__(self, data=None, *args, **kwargs):
        if self.opens_on_current_cycle and (data is None or "cycle" not in data):
            current = EvaluationCycle.objects.current() or (
                EvaluationCycle.objects.filter(year=timezone.localdate().year).first()
            )
            if current is not None:
                self.defaults = {**self.defaults, "cycle": str(current.pk)}
                if data is None:
                    data = QueryDict(mutable=True)
        super().__init__(data, *args, **kwargs)

    layout = {
        "cycle": "col-6 col-md-2",
        "unit": "col-6 col-md-4",
        "status": "col-6 col-md-2",
        "arg_category": "col-6 col-md-3",
    }


class QueueFilter(DossierFilter):
    """The reviewer's queue: without a status, the dossiers waiting for review
    (submitted or in review), oldest submission first."""

    status = status_filter(empty_label=_("Menunggu reviu"))
    # whatever the year, what waits for review is in the queue
    opens_on_current_cycle = False

    columns = (
        *DOSSIER_COLUMNS,
        Column(_("Diajukan"), "submitted", by=("submitted_at",)),
        *SCORE_COLUMNS,
    )
    sort = SortFilter(columns)
    aria_label = _("Saring antrean")

    def filter_queryset(self, queryset):
        if not self.value("status"):
            queryset = queryset.for_queue()
        return super().filter_queryset(queryset)


def current_year() -> int:
    """The year the lists open on: the open cycle's (of the latest year), else
    this calendar year's."""
    current = EvaluationCycle.objects.current()
    return current.year if current else timezone.localdate().year


class BudgetLineFilter(ListFilterSet):
    unit = unit_filter()
    # Opens on the current year (108,000 lines over ten years otherwise); an
    # empty ?year= shows every year, as the placeholder says.
    year = YearFilter(
        widget=forms.NumberInput(attrs={"placeholder": _("Semua tahun")}),
        help_text=_("Kosongkan untuk semua tahun."),
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is None or "year" not in data:
            self.defaults = {**self.defaults, "year": str(current_year())}
            if data is None:
                data = QueryDict(mutable=True)
        super().__init__(data, *args, **kwargs)

    columns = (
        Column(_("Kode"), "code", by=("sub_kegiatan_code",)),
        Column(_("Sub kegiatan"), "name", by=("sub_kegiatan_name",)),
        Column(_("Perangkat daerah"), "unit", by=("unit__name",)),
        Column(_("Tahun"), "year", by=("year", "unit__name")),
        Column(_("Pagu"), "pagu", num=True),
        Column(_("Realisasi"), "realisasi", num=True),
        Column(_("ARG")),
        Column(_("Dokumen PPRG")),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring sub kegiatan")
    seek_groups = LINE_GROUPS
    layout = {"unit": "col-12 col-md-6", "year": "col-6 col-md-3"}


# --- the lists behind the dashboard's figures ---


class DossierRecordFilter(ListFilterSet):
    """Each figure's link sets exactly the filters that produced it."""

    year = YearFilter(field_name="cycle__year")
    unit = unit_filter()
    unit_type = unit_type_filter()
    status = status_filter()
    classification = django_filters.ChoiceFilter(
        label=_("Kualitas dokumen"),
        choices=Classification.choices,
        empty_label=_("Semua kualitas"),
        method="classified_as",
    )
    arg = CheckboxFilter(label=_("Hanya ARG"), field_name="budget_line__is_arg")

    columns = (
        Column(_("Sub kegiatan"), "code", by=("budget_line__sub_kegiatan_code",)),
        Column(_("Perangkat daerah"), "unit", by=("unit__name",)),
        Column(_("Tahun"), "year", by=("cycle__year", "unit__name")),
        Column(_("Status"), "status", by=("status", "unit__name")),
        *SCORE_COLUMNS,
        Column(_("Kualitas dokumen"), "class", by=("reviewer_class", "unit__name")),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring dokumen PPRG")
    seek_groups = DOSSIER_GROUPS
    layout = {
        "year": "col-6 col-md-1",
        "unit": "col-6 col-md-3",
        "unit_type": "col-6 col-md-2",
        "status": "col-6 col-md-2",
        "classification": "col-6 col-md-2",
        "arg": "col-6 col-md-1",
    }

    def classified_as(self, queryset, name, value):
        reviewer = RubricScore.objects.filter(
            dossier=OuterRef("pk"), kind=ScoreKind.REVIEWER, classification=value
        )
        return queryset.filter(Exists(reviewer))


GBS_APPROVED, GBS_PENDING = "approved", "pending"
GBS_CHOICES = (
    (GBS_APPROVED, _("ARG, GBS disetujui")),
    (GBS_PENDING, _("Ditandai ARG, GBS belum disetujui")),
)


class BudgetLineRecordFilter(ListFilterSet):
    year = YearFilter()
    unit = unit_filter()
    unit_type = unit_type_filter()
    arg = CheckboxFilter(label=_("Hanya ARG"), field_name="is_arg")
    no_dossier = CheckboxFilter(
        label=_("Belum ada dokumen PPRG"), method="without_dossier"
    )
    # ARG as the figures count it: GBS approved (in the ARG pagu), or flagged ARG
    # with the GBS not approved yet (shown apart); see evaluations.selectors.arg
    gbs = django_filters.ChoiceFilter(
        label=_("GBS"),
        choices=GBS_CHOICES,
        empty_label=_("Semua"),
        method="by_gbs",
    )
    arg_category = django_filters.ChoiceFilter(
        label=_("Kategori ARG"),
        choices=ArgCategory.choices,
        empty_label=_("Semua kategori"),
    )

    columns = (
        Column(_("Sub kegiatan"), "code", by=("sub_kegiatan_code",)),
        Column(_("Perangkat daerah"), "unit", by=("unit__name",)),
        Column(_("Tahun"), "year", by=("year", "unit__name")),
        Column(_("ARG"), "arg", by=("is_arg", "arg_category")),
        Column(_("Pagu"), "pagu", num=True),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring sub kegiatan")
    seek_groups = LINE_GROUPS
    layout = {
        "year": "col-6 col-md-1",
        "unit": "col-6 col-md-4",
        "unit_type": "col-6 col-md-2",
        "arg": "col-6 col-md-2",
        "no_dossier": "col-6 col-md-2",
        "gbs": "col-6 col-md-4",
        "arg_category": "col-6 col-md-4",
    }

    def by_gbs(self, queryset, name, value):
        approved = Exists(
            Dossier.objects.filter(budget_line=OuterRef("pk"), status=Status.APPROVED)
        )
        queryset = queryset.filter(is_arg=True)
        return queryset.filter(approved if value == GBS_APPROVED else ~approved)

    def without_dossier(self, queryset, name, value):
        return queryset.filter(
            ~Exists(Dossier.objects.filter(budget_line=OuterRef("pk")))
        )
