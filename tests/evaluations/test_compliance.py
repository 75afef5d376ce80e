"""The city's compliance figures count what the officials count: Perangkat Daerah
(not kelurahan, bagian or UPTD), approved documents, and the SK of the fiscal year."""

import io

import pytest
from django.core.checks import Error
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.selectors import dashboard_city
from evaluations.workflow import Status
from focal_points.checks import perangkat_daerah_types_check
from focal_points.models import UnitType
from tests.evaluations.test_exporters import pdf_text
from tests.factories import (
    AppointmentFactory,
    CycleFactory,
    DossierFactory,
    UnitFactory,
    complete_dossier,
)
from tests.reports import download


@pytest.fixture
def registry(db, frozen_today):
    """Two dinas (one with a focal point), a kecamatan with one, three kelurahan (two
    with one), an RSUD with one and a Bagian Setda without: 3 Perangkat Daerah, 2 of
    them with a valid focal point."""
    CycleFactory(year=2026)
    units = {
        "dinas_1": UnitFactory(unit_type=UnitType.DINAS),
        "dinas_2": UnitFactory(unit_type=UnitType.DINAS),
        "kec": UnitFactory(unit_type=UnitType.KECAMATAN),
        "kel_1": UnitFactory(unit_type=UnitType.KELURAHAN),
        "kel_2": UnitFactory(unit_type=UnitType.KELURAHAN),
        "kel_3": UnitFactory(unit_type=UnitType.KELURAHAN),
        "rsud": UnitFactory(unit_type=UnitType.RSUD),
        "bagian": UnitFactory(unit_type=UnitType.BAGIAN_SETDA),
    }
    for key in ("dinas_1", "kec", "kel_1", "kel_2", "rsud"):
        AppointmentFactory(unit=units[key])
    return units


def test_the_headline_denominator_counts_perangkat_daerah_only(registry):
    board = dashboard_city.city_dashboard(year=2026)

    assert (board.units_with_focal_point, board.units_total) == (2, 3)


def test_the_perangkat_daerah_types_are_a_setting(registry, settings):
    settings.PUG_PERANGKAT_DAERAH_TYPES = [*settings.PUG_PERANGKAT_DAERAH_TYPES, "RSUD"]

    board = dashboard_city.city_dashboard(year=2026)

    assert (board.units_with_focal_point, board.units_total) == (3, 4)


def test_the_board_shows_perangkat_daerah_and_the_others_under_a_filter(registry):
    def shown(unit_type):
        rows = dashboard_city.city_dashboard(year=2026, unit_type=unit_type).rows
        return sorted(r.unit.pk for r in rows)

    pd = sorted(registry[k].pk for k in ("dinas_1", "dinas_2", "kec"))
    kelurahan = sorted(registry[k].pk for k in ("kel_1", "kel_2", "kel_3"))
    assert shown(dashboard_city.PERANGKAT_DAERAH) == pd
    assert shown(dashboard_city.ALL_UNITS) == sorted(u.pk for u in registry.values())
    assert shown(UnitType.KELURAHAN) == kelurahan


def test_the_city_page_filters_its_board_by_unit_type(registry, client_for, reviewer):
    url = reverse("evaluations:city_dashboard")
    client = client_for(reviewer)
    kelurahan = registry["kel_1"].short_name

    default = client.get(url).content.decode()
    everything = client.get(url, {"unit_type": "ALL"}).content.decode()
    nonsense = client.get(url, {"unit_type": "<b>"}).content.decode()

    assert "2 dari 3" in default
    assert f">{kelurahan}<" not in default and f">{kelurahan}<" not in nonsense
    assert f">{kelurahan}<" in everything
    assert "2 dari 3" in everything  # the headline stays Perangkat Daerah


def test_an_unknown_perangkat_daerah_type_fails_the_system_check(settings):
    settings.PUG_PERANGKAT_DAERAH_TYPES = ["DINAS", "KELURAHAAN"]

    errors = perangkat_daerah_types_check(None)

    assert [e.id for e in errors] == ["focal_points.E001"]
    assert isinstance(errors[0], Error) and "KELURAHAAN" in errors[0].msg


def test_the_unit_list_filters_the_perangkat_daerah(registry, client_for, reviewer):
    response = client_for(reviewer).get(
        reverse("focal_points:unit_list"), {"unit_type": "PD"}
    )
    listed = {u.pk for u in response.context["page"]}

    assert listed == {registry[k].pk for k in ("dinas_1", "dinas_2", "kec")}


# --- approved documents and "PD melaksanakan PPRG" ---


@pytest.fixture
def documents(registry):
    """Dinas 1: two approved dokumen PPRG; Dinas 2: one submitted, its GBS amount
    typed; the kecamatan: one approved with a KAK/TOR; a kelurahan: one approved."""
    cycle = CycleFactory(year=2026)

    def dossier(unit, status, **fields):
        made = complete_dossier(DossierFactory(unit=registry[unit], cycle=cycle))
        type(made).objects.filter(pk=made.pk).update(status=status, **fields)

    dossier("dinas_1", Status.APPROVED)
    dossier("dinas_1", Status.APPROVED)
    dossier("dinas_2", Status.SUBMITTED, kak_included=True)
    dossier("kec", Status.APPROVED, kak_included=True)
    dossier("kel_1", Status.APPROVED)
    return cycle


def test_gap_gbs_and_kak_count_approved_documents(registry, documents):
    counts = dashboard_city.documents_by_unit(cycle_id=documents.pk)

    def of(key):
        row = counts[registry[key].pk]
        return row["n"], row["gap"], row["gbs"], row["kak"]

    assert of("dinas_1") == (2, 2, 2, 0)
    assert of("dinas_2") == (1, 0, 0, 0)  # complete, amount typed, not approved
    assert of("kec") == (1, 1, 1, 1)


def test_pd_melaksanakan_pprg_counts_perangkat_daerah_with_approved_documents(
    registry, documents
):
    board = dashboard_city.city_dashboard(year=2026)

    assert (board.units_implementing_pprg, board.units_total) == (2, 3)
    assert board.pprg_percent == pytest.approx(200 / 3)
    implementing = {r.unit.pk for r in board.rows if r.implements_pprg}
    assert implementing == {registry["dinas_1"].pk, registry["kec"].pk}


def test_pd_melaksanakan_pprg_needs_the_configured_number_of_documents(
    registry, documents, settings
):
    settings.PUG_PPRG_MIN_DOCUMENTS = 2

    board = dashboard_city.city_dashboard(year=2026)

    assert (board.units_implementing_pprg, board.units_total) == (1, 3)
    assert board.pprg_percent == pytest.approx(100 / 3)


def test_the_city_page_shows_pd_melaksanakan_pprg(
    registry, documents, client_for, reviewer
):
    html = client_for(reviewer).get(reverse("evaluations:city_dashboard")).text

    assert "PD melaksanakan PPRG" in html
    assert '2 dari 3</a> <span class="text-body-secondary">(66,7 %)' in html


def test_the_city_recap_prints_pd_melaksanakan_pprg(
    registry, documents, client_for, planner
):
    client = client_for(planner)
    url = reverse("report_download", args=["rekap-kota", "xlsx"])
    workbook = load_workbook(io.BytesIO(download(client, url + "?year=2026").content))
    summary = {r[0].value: r[1].value for r in workbook["Ringkasan"].iter_rows()}
    matrix = {
        r[0].value: [c.value for c in r[3:8]]
        for r in workbook["Kepatuhan"].iter_rows(min_row=2)
    }
    text = pdf_text(
        download(
            client,
            reverse("report_download", args=["rekap-kota", "pdf"]) + "?year=2026",
        ).content
    )

    assert summary["Perangkat Daerah"] == 3
    assert summary["PD melaksanakan PPRG"] == 2
    assert summary["Persentase PD melaksanakan PPRG"] == pytest.approx(2 / 3)
    assert sorted(matrix) == sorted(
        registry[k].name for k in ("dinas_1", "dinas_2", "kec")
    )  # the kelurahan's approved dossier is not in the Perangkat Daerah matrix
    assert matrix[registry["dinas_1"].name] == [2, 2, 2, 0, "Ya"]
    assert matrix[registry["dinas_2"].name] == [1, 0, 0, 0, "Tidak"]
    assert matrix[registry["kec"].name] == [1, 1, 1, 1, "Ya"]
    assert "PD melaksanakan PPRG 2" in text
    assert "Persentase PD melaksanakan PPRG 66,7 %" in text
    # the matrix's totals are its own rows': the kelurahan's dossier is not in them
    assert "Jumlah 2/3 4 3 3 1 2/3" in text
