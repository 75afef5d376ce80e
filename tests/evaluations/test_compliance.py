"""The city's compliance figures count what the officials count: Perangkat Daerah
(not kelurahan, bagian or UPTD), approved documents, and the SK of the fiscal year."""

import pytest
from django.core.checks import Error
from django.urls import reverse

from evaluations.selectors import dashboard_city
from focal_points.checks import perangkat_daerah_types_check
from focal_points.models import UnitType
from tests.factories import AppointmentFactory, CycleFactory, UnitFactory


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
