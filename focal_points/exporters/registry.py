"""Reports of the focal-point registry, registered with pug_portal's exporter
registry from `FocalPointsConfig.ready()`."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from focal_points.models import FocalPointAppointment, TeamRole, Unit, today
from focal_points.selectors import registry as selectors
from pug_portal.nip import format_nip
from pug_portal.reports.exporting import (
    Column,
    Kind,
    OutOfScope,
    register,
    register_param_choices,
)
from pug_portal.reports.pdf import ListPdfExporter


class UnitScopedMixin:
    """For exporters narrowed by `params.unit` (a short name): the unit, resolved
    inside the user's scope in one query, or None for all units. A unit outside the
    scope is refused before any byte is written."""

    params: Any
    user: Any

    @cached_property
    def unit(self) -> Unit | None:
        if not self.params.unit:
            return None
        unit = (
            Unit.objects.visible_to(self.user)
            .filter(short_name=self.params.unit)
            .first()
        )
        if unit is None:
            raise OutOfScope(self.params.unit)
        return unit


def unit_choices(user: Any) -> list[tuple[str, str]]:
    """The units a report may be narrowed to on the reports page: active units in
    `user`'s scope, by name; the value is the short name `UnitScopedMixin`
    resolves. One query."""
    return list(
        Unit.objects.visible_to(user)
        .active()
        .order_by("name")
        .values_list("short_name", "name")
    )


register_param_choices("unit", unit_choices)


@register
class FocalPointDirectoryExporter(UnitScopedMixin, ListPdfExporter):
    """Focal points in office, unit by unit, with their sex and whether they are
    trained; totals of men and women, trained and not (DESIGN §6).

    Scope: the appointments the user may see (a focal point: their own units).
    `year`: the directory as it stood on 31 December of that year (today for the
    current year). `unit`: one unit, by short name, inside the user's scope."""

    identifier = "direktori-focal-point"
    verbose_name = _("Direktori Focal Point PUG")
    description = _(
        "Focal point yang menjabat per perangkat daerah, jumlah laki-laki dan "
        "perempuan, serta yang sudah dan belum dilatih."
    )
    # The same data and scope as the directory page, so the same permission.
    permission = "focal_points:view"
    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx")
    landscape = True
    sheet_title = _("Direktori")
    columns: ClassVar[Sequence[Column]] = (
        Column(_("Perangkat daerah"), width=32),
        Column(_("Nama"), width=28),
        Column(_("NIP"), width=28),
        Column(_("L/P"), width=6),
        Column(_("Peran dalam tim"), width=18),
        Column(_("Jabatan"), width=30),
        Column(_("Pangkat/golongan"), width=20, print=False),
        Column(_("Telepon"), width=16, print=False),
        Column(_("E-mail"), width=28, print=False),
        Column(_("Nomor SK"), width=24),
        Column(_("Mulai"), Kind.DATE, width=12),
        Column(_("Sudah dilatih"), width=10),
    )

    # -- scope

    def prepare(self) -> None:
        self.unit  # noqa: B018 - resolve the unit (or refuse it) before writing

    @cached_property
    def on(self) -> datetime.date:
        current = today()
        if self.params.year is None or self.params.year >= current.year:
            return current
        return datetime.date(self.params.year, 12, 31)

    @cached_property
    def appointments(self) -> QuerySet[FocalPointAppointment]:
        # The selector annotates `is_trained` (one EXISTS subquery, the one rule).
        appointments = selectors.directory(user=self.user, trained_by=self.on).current(
            self.on
        )
        return appointments.filter(unit=self.unit) if self.unit else appointments

    # -- content

    def rows(self) -> Iterator[Sequence[Any]]:
        # Plain tuples, not model instances: building three joined models per row
        # would cost more than writing the row (see bench/export_bench.py).
        roles = {value: str(label) for value, label in TeamRole.choices}
        rows = self.appointments.values_list(
            "unit__name",
            "person__name",
            "person__nip",
            "person__sex",
            "team_role",
            "position",
            "rank",
            "person__phone",
            "person__email",
            "decree__number",
            "start_date",
            "is_trained",
        )
        for row in rows.iterator(chunk_size=2000):
            unit, name, nip, sex, role, *rest = row
            yield (unit, name, format_nip(nip), sex, roles.get(role, role), *rest)

    def summary(self) -> list[tuple[Any, Any]]:
        counts = selectors.sex_counts(self.appointments)
        trained = selectors.trained_sex_counts(self.appointments, by=self.on)
        return [
            (_("Jumlah orang"), counts["total"]),
            (_("Laki-laki (L)"), counts["male"]),
            (_("Perempuan (P)"), counts["female"]),
            (_("Sudah dilatih"), trained["total"]),
            (_("Sudah dilatih, laki-laki"), trained["male"]),
            (_("Sudah dilatih, perempuan"), trained["female"]),
            (_("Belum dilatih"), counts["total"] - trained["total"]),
        ]

    # -- print

    def get_title(self) -> str:
        title = str(self.verbose_name)
        if self.unit:
            title = f"{title} — {self.unit.name}"
        return title

    def letterhead_unit(self) -> str:
        """The unit reported on, else the PUG coordinator unit (DPMPPPAKB) whose
        directory this is."""
        if self.unit:
            return self.unit.name
        coordinator = (
            Unit.objects.filter(is_coordinator=True, is_active=True)
            .values_list("name", flat=True)
            .first()
        )
        return coordinator or ""

    def get_subtitle(self) -> str:
        return _("Keadaan per %(date)s") % {"date": date_format(self.on)}
