import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, EventInvitationFactory


def test_city_readers_land_on_the_city_dashboard(reviewer, planner, client_for):
    for user in (reviewer, planner):
        response = client_for(user).get(reverse("evaluations:home"))
        assert "evaluations/dashboard/city.html" in [t.name for t in response.templates]


def test_a_focal_point_lands_on_their_units_and_invited_events(
    focal_a, unit_a, unit_b, client_for
):
    soon = timezone.now() + datetime.timedelta(days=7)
    invited = EventFactory(
        title="Bimtek PPRG Dinkes",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=4),
    )
    EventInvitationFactory(event=invited, unit=unit_a)
    other = EventFactory(
        title="Sosialisasi Setu",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=4),
    )
    EventInvitationFactory(event=other, unit=unit_b)
    page = client_for(focal_a).get(reverse("evaluations:home")).content.decode()
    assert unit_a.name in page and unit_b.name not in page
    assert "Bimtek PPRG Dinkes" in page and "Sosialisasi Setu" not in page
    assert reverse("evaluations:unit_dashboard", args=[unit_a.pk]) in page
