"""What the portal can answer from its own records for the city's evaluation, as of
a fiscal year: one function per figure (PortalFigure), each returning the value
as the item's answer would hold it, a sentence and a link to its source.

The Pokja figures (members trained, Rencana Pokja achievement) are read from
the Pokja records and the plans; the registry, SK, PPRG and ARG figures are the city board's own
(evaluations.selectors.dashboard_city.city_dashboard of that year, time-true), so
the evaluation and the board never disagree."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from assessments.models import InstrumentScope, PortalFigure, SelfAssessment
from assessments.selectors.plans import plan_progress
from evaluations.selectors.dashboard_city import CityDashboard, city_dashboard
from evaluations.workflow import Status
from focal_points.models import (
    CapacityEvent,
    DecreeType,
    PokjaMembership,
    Sex,
    as_of_year,
    trained_exists,
)

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Figure:
    value: str  # as the item's answer holds it ("66.67", "12")
    text: str  # what it counts, in a sentence
    url: str  # where it comes from


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(HUNDREDTH)


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


class YearRecords:
    """The records of fiscal year `year` as of `on`, read once for every figure."""

    def __init__(self, year: int, on: datetime.date | None = None):
        self.year, self.on = year, on

    @cached_property
    def board(self) -> CityDashboard:
        return city_dashboard(year=self.year, on=self.on)

    def board_url(self) -> str:
        return f"{reverse('evaluations:city_dashboard')}?year={self.year}"


def sk_coverage(records: YearRecords) -> Figure | None:
    board = records.board
    share = percent(board.units_with_focal_point, board.units_total)
    if board.year is None or share is None:
        return None
    return Figure(
        _plain(share),
        _(
            "%(n)s dari %(total)s perangkat daerah mempunyai SK focal point tahun %(year)s"
        )
        % {
            "n": board.units_with_focal_point,
            "total": board.units_total,
            "year": records.year,
        },
        records.board_url(),
    )


def trained(records: YearRecords) -> Figure | None:
    board = records.board
    if board.year is None:
        return None
    people = board.people
    return Figure(
        str(people["trained_total"]),
        _(
            "%(n)s focal point terlatih (L %(male)s, P %(female)s) dari %(total)s, "
            "per %(date)s"
        )
        % {
            "n": people["trained_total"],
            "male": people["trained_male"],
            "female": people["trained_female"],
            "total": people["total"],
            "date": board.as_of.isoformat(),
        },
        reverse("focal_points:directory"),
    )


def pprg(records: YearRecords) -> Figure | None:
    board = records.board
    share = percent(board.units_implementing_pprg, board.units_total)
    if board.year is None or share is None:
        return None
    return Figure(
        _plain(share),
        _("%(n)s dari %(total)s perangkat daerah melaksanakan PPRG tahun %(year)s")
        % {
            "n": board.units_implementing_pprg,
            "total": board.units_total,
            "year": records.year,
        },
        records.board_url(),
    )


def arg_percent(records: YearRecords) -> Figure | None:
    board = records.board
    if board.year is None or board.arg_percent is None:
        return None
    value = Decimal(board.arg_percent).quantize(HUNDREDTH)
    return Figure(
        _plain(value),
        _("Persentase ARG tahun %(year)s: %(percent)s%%")
        % {"year": records.year, "percent": floatformat(value, 2)},
        records.board_url(),
    )


def assessments_approved(records: YearRecords) -> Figure | None:
    """Perangkat Daerah whose unit-level self-assessment of the year is approved,
    over the board's Perangkat Daerah."""
    board = records.board
    counts = SelfAssessment.objects.filter(
        year=records.year, instrument__scope=InstrumentScope.UNIT
    ).aggregate(
        approved=Count("unit", distinct=True, filter=Q(status=Status.APPROVED)),
    )
    share = percent(counts["approved"], board.units_total)
    if share is None:
        return None
    return Figure(
        _plain(share),
        _("%(n)s dari %(total)s perangkat daerah: penilaian mandiri %(year)s disetujui")
        % {"n": counts["approved"], "total": board.units_total, "year": records.year},
        f"{reverse('assessments:assessment_list')}?year={records.year}&status=APPROVED",
    )


def events_held(records: YearRecords) -> Figure | None:
    held = CapacityEvent.objects.in_year(records.year)
    if records.on is not None:
        held = held.filter(starts_at__date__lte=records.on)
    n = held.count()
    return Figure(
        str(n),
        _("%(n)s kegiatan peningkatan kapasitas tahun %(year)s")
        % {"n": n, "year": records.year},
        f"{reverse('focal_points:event_list')}?year={records.year}",
    )


def pokja_trained(records: YearRecords) -> Figure | None:
    """Anggota Pokja PUG terlatih (L/P): the people in the Pokja PUG on the year's
    last day (today for the current year; focal_points.as_of_year) who are
    trained by then under the one trained rule (focal_points trained_exists),
    distinct people, by sex. None when the Pokja had no member that day."""
    on = as_of_year(records.year, records.on)
    members = PokjaMembership.objects.current(on).annotate(
        trained=trained_exists(OuterRef("person_id"), by=on)
    )

    def people(*conditions: Q) -> Count:
        condition = Q()
        for c in conditions:
            condition &= c
        return Count("person", distinct=True, filter=condition)

    male, female, trained = Q(person__sex=Sex.L), Q(person__sex=Sex.P), Q(trained=True)
    n = members.order_by().aggregate(
        total=people(),
        trained_male=people(male, trained),
        trained_female=people(female, trained),
    )
    if not n["total"]:
        return None
    trained_total = n["trained_male"] + n["trained_female"]
    return Figure(
        str(trained_total),
        _(
            "%(n)s anggota Pokja PUG terlatih (L %(male)s, P %(female)s) dari "
            "%(total)s, per %(date)s"
        )
        % {
            "n": trained_total,
            "male": n["trained_male"],
            "female": n["trained_female"],
            "total": n["total"],
            "date": on.isoformat(),
        },
        f"{reverse('focal_points:decree_list')}?decree_type={DecreeType.POKJA}",
    )


def rencana_achievement(records: YearRecords) -> Figure | None:
    """Capaian Rencana Pokja PUG of the year (assessments.selectors.plans:
    plan_progress, the board's figure): rows with an achievement recorded for the
    year over rows with a target for it, in percent. None without a plan covering
    the year or a row with a target."""
    progress = plan_progress(records.year)
    if progress is None or progress.percent is None:
        return None
    return Figure(
        _plain(progress.percent),
        _(
            "%(achieved)s dari %(total)s baris %(plan)s dengan target %(year)s sudah "
            "dicatat capaiannya; %(met)s mencapai target"
        )
        % {
            "achieved": progress.achieved,
            "total": progress.with_target,
            "plan": progress.plan,
            "year": records.year,
            "met": progress.met,
        },
        progress.plan.get_absolute_url(),
    )


FIGURES: dict[str, Callable[[YearRecords], Figure | None]] = {
    PortalFigure.SK_COVERAGE: sk_coverage,
    PortalFigure.TRAINED: trained,
    PortalFigure.PPRG: pprg,
    PortalFigure.ARG_PERCENT: arg_percent,
    PortalFigure.ASSESSMENTS_APPROVED: assessments_approved,
    PortalFigure.EVENTS_HELD: events_held,
    PortalFigure.POKJA_TRAINED: pokja_trained,
    PortalFigure.RENCANA_ACHIEVEMENT: rencana_achievement,
}


def figures_for(keys: set[str], *, year: int, on: Any = None) -> dict[str, Figure]:
    """The figures named by `keys` for fiscal year `year` (those the records can
    answer)."""
    records = YearRecords(year, on)
    out = {}
    for key in keys:
        figure = FIGURES[key](records)
        if figure is not None:
            out[key] = figure
    return out
