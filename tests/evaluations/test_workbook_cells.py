"""Every number in every workbook is a number cell with a number format: Excel
sums it, sorts it and shows it in the reader's own separators. A figure written as
text ('98', 'Rp 8.435.000.000') is a defect, whichever report it is in."""

import io
import re

import pytest
from openpyxl import load_workbook

from pug_portal.reports import exporting
from pug_portal.reports.exporting import ExportParams
from tests.assessments.factories import (
    AnswerFactory,
    AssessmentFactory,
    PlanFactory,
    PlanRowFactory,
    plan_achievement,
    plan_target,
)
from tests.evaluations.test_dashboard import build_city
from tests.factories import complete_dossier

# A figure as a person or a formatter would write it: "98", "1.250", "Rp 8.435.000",
# "40,0 %", "12,5". Not a NIP (18 digits) nor a sub-activity code (2.08.02.2.01.01).
FIGURE = re.compile(r"^(Rp\s?)?-?\d{1,3}([.,]\d{3})*([.,]\d+)?\s?%?$")


def xlsx_exporters() -> list[type[exporting.BaseExporter]]:
    return [cls for cls in exporting.all_exporters() if "xlsx" in cls.formats]


@pytest.fixture
def city(db, unit_a, unit_b, focal_a, focal_b, frozen_today):
    objs = build_city(unit_a, unit_b)
    complete_dossier(objs.a1)
    # a self-assessment of the year with one scored answer (the evaluation recap)
    AnswerFactory(
        assessment=AssessmentFactory(unit=unit_a), value="ya", self_fraction=1
    )
    # the year's Rencana Pokja PUG with a budgeted row and its achievement (the
    # plan's matrix: budget and achievement are numbers)
    row = PlanRowFactory(plan=PlanFactory(start_year=2026))
    plan_target(row, 2026, "4 kali")
    plan_achievement(row, 2026, percent=80, value="3 kali")
    return objs


def test_every_report_with_a_workbook_is_checked():
    identifiers = {cls.identifier for cls in xlsx_exporters()}
    assert {
        "direktori-focal-point",
        "rekap-kota",
        "rekap-tahunan-pd",
        "semua-dossier",
    } <= identifiers


@pytest.mark.parametrize("exporter_cls", xlsx_exporters(), ids=lambda c: c.identifier)
def test_every_number_is_a_number_cell_with_a_number_format(
    city, reviewer, exporter_cls
):
    exporter = exporter_cls(user=reviewer, fmt="xlsx", params=ExportParams(year=2026))
    workbook = load_workbook(io.BytesIO(exporter.render()))
    numbers = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    assert not FIGURE.match(cell.value.strip()), (where, cell.value)
                elif isinstance(cell.value, int | float):
                    numbers += 1
                    assert cell.number_format != "General", (where, cell.value)
    assert numbers, "the data set gives every report some figures"
