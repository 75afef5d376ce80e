import io

import pytest
from django.core.management import CommandError, call_command

from focal_points.models import Unit
from pug_portal.models import User


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_leaves_one_unit_without_a_valid_sk(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Unit.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Unit.objects.count(), User.objects.count()) == counts
    for username in ("admin", "reviewer", "planner", "focal_dinkes", "focal_setu"):
        assert User.objects.get(username=username).check_password("Demo#PUG2026")
    assert [
        u.short_name
        for u in Unit.objects.visible_to(User.objects.get(username="focal_dinkes"))
    ] == ["Dinkes"]
    assert [
        u.short_name
        for u in Unit.objects.visible_to(User.objects.get(username="focal_setu"))
    ] == ["Kec. Setu"]
    assert Unit.objects.without_valid_focal_point().filter(short_name="Dinsos").exists()
    assert Unit.objects.get(short_name="DPMPPPAKB").predecessor.short_name == "BPMPPKB"


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
