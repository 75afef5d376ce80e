"""Persona fixtures shared by every test: one user per role, and two units A and B
with a focal point each. Dates are frozen in the middle of fiscal year 2026."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from evaluations.models.budget import nomenclature_for
from pug_portal.models import Role
from tests.factories import UnitFactory, UserFactory, appoint

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The nomenclature is cached per process: each test reads its own database.
    nomenclature_for.cache_clear()
    yield
    # A request with the language cookie activates its language in this thread and
    # nothing deactivates it: the next test would run in English.
    translation.deactivate()


@pytest.fixture
def frozen_today():
    """Freeze 'today' at TODAY (12:00 Jakarta time) for date-dependent rules."""
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 5, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield TODAY


@pytest.fixture
def unit_a(db):
    return UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")


@pytest.fixture
def unit_b(db):
    return UnitFactory(
        name="Kecamatan Setu", short_name="Kec. Setu", unit_type="KECAMATAN"
    )


@pytest.fixture
def admin(db):
    return UserFactory(username="t_admin", role=Role.ADMIN)


@pytest.fixture
def reviewer(db):
    return UserFactory(username="t_reviewer", role=Role.REVIEWER)


@pytest.fixture
def planner(db):
    return UserFactory(username="t_planner", role=Role.PLANNER)


@pytest.fixture
def auditor(db):
    return UserFactory(username="t_auditor", role=Role.AUDITOR)


@pytest.fixture
def focal_a(db, unit_a):
    user = UserFactory(username="t_focal_a", role=Role.FOCAL_POINT)
    appoint(user, unit_a)
    return user


@pytest.fixture
def focal_b(db, unit_b):
    user = UserFactory(username="t_focal_b", role=Role.FOCAL_POINT)
    appoint(user, unit_b)
    return user


@pytest.fixture
def unit_head_a(db, unit_a):
    user = UserFactory(username="t_head_a", role=Role.UNIT_HEAD)
    unit_a.head_user = user
    unit_a.save(update_fields=["head_user"])
    return user


@pytest.fixture
def client_for():
    """`client_for(user)` → a test client logged in as `user` (None → anonymous)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
