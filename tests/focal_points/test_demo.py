import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from focal_points.models import PokjaMembership, Unit
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
    # the city's SK Pokja PUG, filled from the unit heads, once however often seeded
    members = PokjaMembership.objects.select_related("unit")
    assert members.filter(pokja_role="SEKRETARIS").get().unit.short_name == (
        "DPMPPPAKB"
    )
    assert len({m.person_id for m in members}) == members.count() > 1


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_demo_has_last_years_teams_for_last_years_recaps(settings):
    from evaluations.selectors.dashboard_unit import team_by_unit
    from focal_points.models import FocalPointAppointment, as_of_year

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    dinkes = Unit.objects.get(short_name="Dinkes")
    last_year = as_of_year(timezone.localdate().year - 1)

    then = [
        a.person.name for a in team_by_unit(units=[dinkes.pk], on=last_year)[dinkes.pk]
    ]
    now = [a.person.name for a in team_by_unit(units=[dinkes.pk])[dinkes.pk]]

    assert "Hendra Gunawan, S.KM., M.Kes." in then
    assert "Hendra Gunawan, S.KM., M.Kes." not in now
    covered = FocalPointAppointment.objects.covering_year(last_year.year)
    assert covered.filter(unit=dinkes).exists()
    assert not covered.filter(unit__short_name="Dinsos").exists()
