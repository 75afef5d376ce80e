"""What every list's FilterSet is built from (django-filter).

A list is one `ListFilterSet` in its app's `filters.py`, given the scoped, annotated
base query of a selector; its view is `list_page()` (pug_portal/views.py) and its
template renders `includes/list_table.html` with the FilterSet's `header()`.

Every filter is optional. A value the form refuses (`?year=abc`, `?unit=999999`) is
shown as an error next to its field and not applied, so no query parameter can break
a page. Selects say what their empty choice means ("Semua …"), never "---------".
"""

from dataclasses import dataclass

import django_filters
from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pug_portal.models import Role


@dataclass(frozen=True)
class Column:
    """A column of a list table. `sort` is its key in `?sort=` ("" = not sortable),
    `by` the fields it orders by (default: the key itself). Number columns sort
    largest first on the first click, text columns A→Z."""

    label: str
    sort: str = ""
    by: tuple[str, ...] = ()
    num: bool = False


class SortFilter(django_filters.ChoiceFilter):
    """`?sort=key` (ascending) or `?sort=-key` over the sortable `columns`, the
    primary key last so that rows never swap between pages. Without `?sort=` the
    selector's own order stays."""

    def __init__(self, columns: tuple[Column, ...], **kwargs):
        self.orderings = {c.sort: c.by or (c.sort,) for c in columns if c.sort}
        choices = [(key, key) for key in self.orderings]
        choices += [(f"-{key}", f"-{key}") for key in self.orderings]
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(choices=choices, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        descending = value.startswith("-")
        fields = [*self.orderings[value.lstrip("-")], "pk"]
        # NULLs last both ways and on every database (SQLite and PostgreSQL differ).
        if descending:
            return qs.order_by(*(F(f).desc(nulls_last=True) for f in fields))
        return qs.order_by(*(F(f).asc(nulls_last=True) for f in fields))


class _CheckboxField(forms.BooleanField):
    """Unchecked means "no filter" (None), not "filter on False"."""

    def clean(self, value):
        return super().clean(value) or None


class CheckboxFilter(django_filters.BooleanFilter):
    """A checkbox (`?name=on`, as the dashboard's links set it) that narrows the
    list when ticked and does nothing otherwise."""

    field_class = _CheckboxField


class YearFilter(django_filters.Filter):
    """A fiscal year typed as a number; anything else (`abc`, `²`, 99999) is
    refused with the field's message."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Tahun"))
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class ListFilterSet(django_filters.FilterSet):
    """A list's filters, its columns and its sort.

    Subclasses declare their filters, `columns` (the table header, in order),
    `sort = SortFilter(columns)` when some columns sort, `layout` (field name →
    Bootstrap column classes of the filter bar, in order) and `aria_label`.
    `defaults` are applied when the query string does not mention the field at all
    (a parameter present but empty means "all")."""

    columns: tuple[Column, ...] = ()
    layout: dict[str, str] = {}
    aria_label = _("Saring daftar")
    defaults: dict[str, str] = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if data is not None and any(key not in data for key in self.defaults):
            data = data.copy()
            for key, value in self.defaults.items():
                data.setdefault(key, value)
        super().__init__(data, queryset, request=request, prefix=prefix)

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = self._helper()
        return form

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.form_class = "filter-bar row g-2 align-items-end mb-3"
        helper.attrs = {
            "data-autosubmit": True,
            "role": "search",
            "aria-label": self.aria_label,
        }
        hidden = [Field(name) for name in self.filters if name not in self.layout]
        helper.layout = Layout(
            *(Div(Field(name), css_class=css) for name, css in self.layout.items()),
            Div(
                StrictButton(
                    _("Saring"), type="submit", css_class="btn-outline-primary w-100"
                ),
                css_class="col-12 col-md-1",
            ),
            *hidden,
        )
        return helper

    def value(self, name: str):
        """The cleaned value of filter `name` (None when absent or refused)."""
        self.errors  # noqa: B018 - validate the form once, as `qs` does
        return self.form.cleaned_data.get(name)

    def header(self) -> list[dict]:
        """The table header: per column its label, and for sortable ones the
        `?sort=` value its link sets (toggling the direction when it is the current
        sort) and its aria-sort."""
        current = self.value("sort") or ""
        cells = []
        for column in self.columns:
            cell = {"label": column.label, "num": column.num, "sort": "", "aria": ""}
            if column.sort:
                if current == column.sort:
                    cell["sort"], cell["aria"] = f"-{column.sort}", "ascending"
                elif current == f"-{column.sort}":
                    cell["sort"], cell["aria"] = column.sort, "descending"
                else:
                    cell["sort"] = f"-{column.sort}" if column.num else column.sort
            cells.append(cell)
        return cells


# --- the administrator's list of accounts ---


class UserFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="search")
    role = django_filters.ChoiceFilter(
        label=_("Peran"), choices=Role.choices, empty_label=_("Semua peran")
    )

    columns = (
        Column(_("Nama pengguna"), "username"),
        Column(_("Nama"), "name", by=("first_name", "last_name")),
        Column(_("E-mail"), "email"),
        Column(_("Peran"), "role", by=("role", "username")),
        Column(_("Status"), "active", by=("is_active", "username")),
    )
    sort = SortFilter(columns)
    aria_label = _("Saring akun")
    layout = {"q": "col-md-4", "role": "col-md-3"}

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(email__icontains=value))
