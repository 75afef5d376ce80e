"""What apps above evaluations add to its pages without evaluations importing them
(dependencies point one way): a column of the city compliance board, a headline
figure of the city board, a line on a unit's dashboard and a part of a dossier's
evidence section. An app appends to these lists in its AppConfig.ready(); the
assessments app adds the self-assessment status, the Rencana Pokja PUG achievement
and the dossier's files linked from the unit's evidence library."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.safestring import SafeString

from focal_points.models import Unit


@dataclass(frozen=True)
class Cell:
    """One unit's value: its text, the page it links to, and whether it is the
    state to be in (a badge with its text, never colour alone)."""

    text: str
    url: str = ""
    ok: bool = False


@dataclass(frozen=True)
class BoardColumn:
    """A column of the compliance board: `cells(year, units)` gives each unit's
    cell in one query (units without a cell show a dash)."""

    label: str | Promise
    cells: Callable[[int, list[Unit]], dict[int, Cell]]


@dataclass(frozen=True)
class EvidencePanel:
    """A part of a dossier's evidence section: its rendered HTML and how many files
    it lists (the editor counts them in its "Bukti dukung" section)."""

    html: SafeString
    count: int


@dataclass(frozen=True)
class BoardFigure:
    """A headline figure of the city board for a year: its title, the figure, a
    line saying what it counts (its definition), and the page behind it."""

    title: str | Promise
    value: str
    note: str = ""
    url: str = ""


BOARD_COLUMNS: list[BoardColumn] = []
# Each gives the year's figure, or None when it has nothing to say for the year.
BOARD_FIGURES: list[Callable[[int], BoardFigure | None]] = []
UNIT_FACTS: list[tuple[str | Promise, Callable[[Unit, int], Cell]]] = []
# (request, dossier, whether the user may change its evidence) → the panel; a
# constant number of queries whatever the dossier holds.
DOSSIER_EVIDENCE: list[Callable[[HttpRequest, object, bool], EvidencePanel]] = []


def board_columns(year: int | None, units: list[Unit]) -> list[tuple[str, dict]]:
    """[(label, {unit id: Cell})] of the registered columns for `year`."""
    if year is None:
        return []
    return [(column.label, column.cells(year, units)) for column in BOARD_COLUMNS]


def board_figures(year: int | None) -> list[BoardFigure]:
    """The registered headline figures of `year` (those that have one)."""
    if year is None:
        return []
    return [f for figure in BOARD_FIGURES if (f := figure(year)) is not None]


def unit_facts(unit: Unit, year: int | None) -> list[tuple[str, Cell]]:
    if year is None:
        return []
    return [(label, fact(unit, year)) for label, fact in UNIT_FACTS]


def dossier_evidence(request: HttpRequest, dossier, can_edit: bool) -> list:
    """The registered panels of `dossier`'s evidence section."""
    return [panel(request, dossier, can_edit) for panel in DOSSIER_EVIDENCE]
