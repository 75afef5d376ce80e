"""The self-assessment status of units, for the compliance board's column and the
unit dashboard, and the Rencana Pokja PUG achievement, a headline figure of the
city board (registered in evaluations.extensions by AssessmentsConfig.ready)."""

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import InstrumentScope, SelfAssessment
from assessments.selectors.plans import PROGRESS_DEFINITION, plan_progress
from evaluations.extensions import BoardColumn, BoardFigure, Cell
from evaluations.workflow import Status
from focal_points.models import Unit

LABEL = _("Penilaian mandiri")


def _cell(pk: int | None, status: str | None) -> Cell:
    if pk is None:
        return Cell(gettext("Belum dimulai"))
    return Cell(
        str(Status(status).label),
        url=SelfAssessment(pk=pk).get_absolute_url(),
        ok=status == Status.APPROVED,
    )


def status_by_unit(year: int, units: list[Unit]) -> dict[int, Cell]:
    """Each unit's unit-level self-assessment of `year` (its latest, when an
    instrument was copied mid-year): one query."""
    found = {}
    for unit, pk, status in (
        SelfAssessment.objects.filter(
            year=year,
            instrument__scope=InstrumentScope.UNIT,
            unit__in=[u.pk for u in units],
        )
        .order_by("unit", "pk")
        .values_list("unit", "pk", "status")
    ):
        found[unit] = (pk, status)
    return {u.pk: _cell(*found.get(u.pk, (None, None))) for u in units}


def unit_status(unit: Unit, year: int) -> Cell:
    return status_by_unit(year, [unit])[unit.pk]


BOARD_COLUMN = BoardColumn(label=LABEL, cells=status_by_unit)


def plan_figure(year: int) -> BoardFigure:
    """ "Capaian Rencana Pokja PUG <year>": the plan_progress of the year (one
    query when no plan covers it, two otherwise), with its definition."""
    title = gettext("Capaian Rencana Pokja PUG %(year)s") % {"year": year}
    progress = plan_progress(year)
    if progress is None:
        return BoardFigure(
            title,
            "—",
            gettext("Belum ada Rencana Pokja PUG untuk tahun ini."),
            reverse("assessments:plan_list"),
        )
    if progress.percent is None:
        value = "—"
    else:
        value = gettext("%(achieved)s dari %(total)s baris (%(percent)s%%)") % {
            "achieved": progress.achieved,
            "total": progress.with_target,
            "percent": floatformat(progress.percent, 1),
        }
    met = gettext("%(met)s baris mencapai target.") % {"met": progress.met}
    return BoardFigure(
        title,
        value,
        f"{met} {PROGRESS_DEFINITION}",
        progress.plan.get_absolute_url(),
    )
