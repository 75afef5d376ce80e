"""Recaps of a fiscal year stay true to that year: generated again after the
registry changed in a later year, they print the same SK status, team and trained
counts (DESIGN §5, "Figures are true to their year")."""

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import CycleState
from evaluations.workflow import Status
from focal_points.models import EventType, Sex, TeamRole, UnitType
from focal_points.services.registry import appointment_end
from tests.evaluations.test_exporters import pdf_text
from tests.factories import (
    AppointmentFactory,
    AttendanceFactory,
    CycleFactory,
    DecreeFactory,
    DossierFactory,
    EventFactory,
    PersonFactory,
    UnitFactory,
    complete_dossier,
)
from tests.reports import download as download_report

D = datetime.date


def at(day: datetime.date):
    """Travel to noon (Jakarta) of `day`."""
    noon = datetime.datetime(day.year, day.month, day.day, 5, 0, tzinfo=datetime.UTC)
    return time_machine.travel(noon, tick=False)


def training(day: datetime.date, organiser, *people):
    event = EventFactory(
        organiser=organiser,
        event_type=EventType.BIMTEK,
        starts_at=datetime.datetime(
            day.year, day.month, day.day, 1, tzinfo=datetime.UTC
        ),
        ends_at=datetime.datetime(day.year, day.month, day.day, 8, tzinfo=datetime.UTC),
    )
    for person in people:
        AttendanceFactory(event=event, person=person, sex=person.sex, attended=True)


@pytest.fixture
def year_2025(db):
    """Dinkes: Ahmad (L, ketua) and Budi (P, anggota) under the 2025 SK, Budi trained
    in July 2025; Kec. Setu: Citra (P) under an SK valid through 2025 only. One
    approved and one submitted dokumen PPRG in the closed 2025 cycle."""
    with at(D(2025, 1, 10)):
        dinkes = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
        setu = UnitFactory(
            name="Kecamatan Setu", short_name="Kec. Setu", unit_type=UnitType.KECAMATAN
        )
        sk_dinkes = DecreeFactory(
            unit=dinkes,
            fiscal_year=2025,
            date=D(2025, 1, 10),
            valid_from=D(2025, 1, 10),
        )
        sk_setu = DecreeFactory(
            unit=setu,
            fiscal_year=2025,
            date=D(2025, 1, 10),
            valid_from=D(2025, 1, 10),
            valid_to=D(2025, 12, 31),
        )
        people = {
            "ahmad": PersonFactory(name="Ahmad Fauzi", sex=Sex.L),
            "budi": PersonFactory(name="Budi Lestari", sex=Sex.P),
            "citra": PersonFactory(name="Citra Dewi", sex=Sex.P),
        }
        appointments = {
            "ahmad": AppointmentFactory(
                person=people["ahmad"],
                unit=dinkes,
                decree=sk_dinkes,
                team_role=TeamRole.KETUA,
                start_date=D(2025, 1, 10),
            ),
            "budi": AppointmentFactory(
                person=people["budi"],
                unit=dinkes,
                decree=sk_dinkes,
                start_date=D(2025, 1, 10),
            ),
            "citra": AppointmentFactory(
                person=people["citra"],
                unit=setu,
                decree=sk_setu,
                start_date=D(2025, 1, 10),
            ),
        }
        cycle = CycleFactory(
            year=2025,
            open_date=D(2025, 2, 1),
            submission_deadline=D(2025, 7, 31),
            review_deadline=D(2025, 9, 30),
        )
        approved = complete_dossier(DossierFactory(unit=dinkes, cycle=cycle))
        type(approved).objects.filter(pk=approved.pk).update(status=Status.APPROVED)
        DossierFactory(unit=setu, cycle=cycle, status=Status.SUBMITTED)
    training(D(2025, 7, 1), dinkes, people["budi"])
    type(cycle).objects.filter(pk=cycle.pk).update(state=CycleState.CLOSED)
    return {"dinkes": dinkes, "setu": setu, **people, "appointments": appointments}


def recaps(client) -> dict[str, object]:
    """The 2025 city and unit recaps and focal-point directory as a reader compares
    them: every cell of the workbooks, and the PDFs' text without the day they were
    printed (the print line and the signature's date)."""

    def download(identifier, fmt):
        url = reverse("report_download", args=[identifier, fmt])
        response = download_report(client, url + "?year=2025")
        assert response.status_code == 200
        return response.content

    def cells(content):
        workbook = load_workbook(io.BytesIO(content))
        return {
            ws.title: [[c.value for c in row] for row in ws.iter_rows()]
            for ws in workbook.worksheets
        }

    def text(content):
        return re.sub(
            r"(Dicetak|Tangerang Selatan,) \d+ \w+ \d{4}", r"\1", pdf_text(content)
        )

    return {
        "city_xlsx": cells(download("rekap-kota", "xlsx")),
        "city_pdf": text(download("rekap-kota", "pdf")),
        "unit_xlsx": cells(download("rekap-tahunan-pd", "xlsx")),
        "unit_pdf": text(download("rekap-tahunan-pd", "pdf")),
        "directory_xlsx": cells(download("direktori-focal-point", "xlsx")),
    }


def test_the_2025_recaps_are_the_same_after_the_registry_changes_in_2027(
    year_2025, reviewer, client_for
):
    with at(D(2026, 2, 1)):
        before = recaps(client_for(reviewer))

    with at(D(2027, 3, 1)):
        # Ahmad leaves Dinkes, Dodi takes over under a 2027 SK, Ahmad is trained
        # at last, Setu gets a new team
        appointment_end(
            appointment=year_2025["appointments"]["ahmad"],
            by=reviewer,
            on=D(2027, 2, 28),
            reason="Mutasi",
        )
        sk_2027 = DecreeFactory(
            unit=year_2025["dinkes"],
            fiscal_year=2027,
            date=D(2027, 3, 1),
            valid_from=D(2027, 3, 1),
        )
        AppointmentFactory(
            person=PersonFactory(name="Dodi Pratama", sex=Sex.L),
            unit=year_2025["dinkes"],
            decree=sk_2027,
            team_role=TeamRole.KETUA,
            start_date=D(2027, 3, 1),
        )
        AppointmentFactory(unit=year_2025["setu"], start_date=D(2027, 3, 1))
        training(D(2027, 2, 20), year_2025["dinkes"], year_2025["ahmad"])
        # a unit set up in 2027 is not one of 2025's Perangkat Daerah
        UnitFactory(name="Badan Riset dan Inovasi Daerah", valid_from=D(2027, 1, 2))
        after = recaps(client_for(reviewer))

    assert after == before
    # ... and they are the figures of 2025
    summary = dict(row[:2] for row in before["city_xlsx"]["Ringkasan"])
    assert summary["Perangkat Daerah"] == 2
    assert summary["Perangkat Daerah dengan SK focal point tahun berjalan"] == 2
    assert summary["Focal point menjabat"] == 3
    assert summary["Focal point menjabat, laki-laki"] == 1
    assert summary["Focal point menjabat yang terlatih"] == 1
    team = {row[1]: row for row in before["unit_xlsx"]["Focal Point"][1:]}
    assert sorted(team) == ["Ahmad Fauzi", "Budi Lestari", "Citra Dewi"]
    assert team["Ahmad Fauzi"][-1] == "Tidak" and team["Budi Lestari"][-1] == "Ya"
    assert "Dodi Pratama" not in before["unit_pdf"]
    assert "Ahmad Fauzi" in before["unit_pdf"]
    assert "tim pada 31 Desember 2025" in before["unit_pdf"]
    summary = {row[0]: row for row in before["unit_xlsx"]["Ringkasan per PD"][1:]}
    # Setu's SK ended with 2025: it still had one for 2025
    assert summary["Kecamatan Setu"][-1] == summary["Dinas Kesehatan"][-1] == "Ya"
    directory = {row[1]: row for row in before["directory_xlsx"]["Direktori"][1:]}
    assert set(directory) >= {"Ahmad Fauzi", "Budi Lestari", "Citra Dewi"}
    assert directory["Ahmad Fauzi"][-1] == "Tidak"  # trained only in 2027
