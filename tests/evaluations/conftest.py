import pytest

from tests.factories import CycleFactory, DossierFactory, complete_dossier


@pytest.fixture
def cycle(db):
    return CycleFactory(year=2026)


@pytest.fixture
def dossier_a(unit_a, cycle):
    """A complete draft of unit A, ready to submit."""
    return complete_dossier(DossierFactory(unit=unit_a, cycle=cycle))
