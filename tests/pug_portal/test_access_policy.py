"""The one access policy: who sees every unit and every file, and the account
services' own permission check."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from focal_points.models import CapacityEvent, Decree, Unit
from pug_portal.accounts.services import user_create, user_update
from pug_portal.models import ImportBatch, ReportRun, Role
from pug_portal.permissions import SYSTEM_USER, sees_all_files, sees_all_units
from tests.factories import DecreeFactory, EventInvitationFactory, UserFactory


@pytest.mark.parametrize(
    ("role", "all_units", "all_files"),
    [
        (Role.ADMIN, True, True),
        (Role.REVIEWER, True, False),
        (Role.PLANNER, True, False),
        (Role.AUDITOR, True, False),
        (Role.FOCAL_POINT, False, False),
        (Role.UNIT_HEAD, False, False),
    ],
)
def test_who_sees_every_unit_and_every_file(db, role, all_units, all_files):
    user = UserFactory(username=f"p_{role}", role=role)
    assert sees_all_units(user) is all_units
    assert sees_all_files(user) is all_files
    user.is_active = False
    assert not sees_all_units(user) and not sees_all_files(user)


def test_superusers_and_the_system_user_see_everything_the_anonymous_nothing(db):
    superuser = UserFactory(username="root", role=Role.FOCAL_POINT, is_superuser=True)
    for user in (superuser, SYSTEM_USER):
        assert sees_all_units(user) and sees_all_files(user)
    assert not sees_all_units(AnonymousUser())
    assert not sees_all_files(AnonymousUser())


def test_every_visible_to_gives_nothing_to_the_anonymous(db, unit_a, reviewer):
    DecreeFactory(unit=unit_a)
    EventInvitationFactory(unit=unit_a)
    anonymous = AnonymousUser()
    for model in (Unit, Decree, CapacityEvent):
        assert model.objects.visible_to(reviewer).exists()
        assert not model.objects.visible_to(anonymous).exists()
    for model in (ImportBatch, ReportRun):
        assert model.objects.visible_to(anonymous).query.is_empty()


def test_only_account_managers_create_or_change_accounts(admin, reviewer, planner):
    for by in (reviewer, planner):
        with pytest.raises(PermissionDenied):
            user_create(by=by, username="x", email="x@example.test", role=Role.ADMIN)
        with pytest.raises(PermissionDenied):
            user_update(user=planner, by=by, data={"role": Role.ADMIN})
    planner.refresh_from_db()
    assert planner.role == Role.PLANNER
    created = user_create(
        by=admin, username="x", email="x@example.test", role=Role.PLANNER
    )
    assert user_update(user=created, by=admin, data={"first_name": "Ani"}).first_name
