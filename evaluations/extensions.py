"""What apps above evaluations add to its pages without evaluations importing them
(dependencies point one way): a column of the city compliance board and a line on a
unit's dashboard. An app appends to these lists in its AppConfig.ready(); the
assessments app adds the self-assessment status."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

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


BOARD_COLUMNS: list[BoardColumn] = []
UNIT_FACTS: list[tuple[str | Promise, Callable[[Unit, int], Cell]]] = []


def board_columns(year: int | None, units: list[Unit]) -> list[tuple[str, dict]]:
    """[(label, {unit id: Cell})] of the registered columns for `year`."""
    if year is None:
        return []
    return [(column.label, column.cells(year, units)) for column in BOARD_COLUMNS]


def unit_facts(unit: Unit, year: int | None) -> list[tuple[str, Cell]]:
    if year is None:
        return []
    return [(label, fact(unit, year)) for label, fact in UNIT_FACTS]
