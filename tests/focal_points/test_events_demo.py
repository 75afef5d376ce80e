"""Demo events and the calendar-like upcoming page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from focal_points.demo import seed_events, seed_registry
from focal_points.models import Attendance, CapacityEvent, EventType, Person
from tests.factories import EventFactory, EventInvitationFactory


@pytest.mark.django_db
def test_seed_events_loads_the_2017_event_and_an_upcoming_training_once(
    frozen_today,
):
    seed_registry(today=frozen_today)
    first = seed_events(today=frozen_today)
    again = seed_events(today=frozen_today)
    assert first["events"] == 2
    assert again == {"events": 0, "invitations": 0, "attendances": 0}

    event = CapacityEvent.objects.get(title="Penguatan Focal Point Gender")
    start = timezone.localtime(event.starts_at)
    assert (start.date(), start.strftime("%A")) == (
        datetime.date(2017, 3, 10),
        "Friday",
    )
    assert event.venue == "RM Kampoeng Anggrek, Serpong"
    assert event.organiser.short_name == "DPMPPPAKB"
    assert "Benyamin Davnie" in event.opened_by
    assert {"Caroline", "drg. Khairati, M.Kes."} <= set(
        event.speakers.values_list("name", flat=True)
    )
    assert event.attendances.filter(attended=True, person__isnull=True).exists()
    assert event.attendances.values("unit").distinct().count() >= 5

    upcoming = CapacityEvent.objects.exclude(pk=event.pk).get()
    assert upcoming.event_type == EventType.PELATIHAN_PPRG
    assert upcoming.starts_at.year == frozen_today.year
    assert upcoming.starts_at > timezone.now()

    trained = Person.objects.with_training_status().filter(is_trained=True)
    assert trained.filter(nip="198304172008012011").exists()  # Dewi attended
    assert not trained.filter(nip="199101082015031004").exists()  # Agus was absent
    assert Attendance.objects.count() > 10


@pytest.mark.django_db
def test_the_upcoming_page_groups_future_events_by_month(
    focal_a, unit_a, client_for, frozen_today
):
    july = EventFactory(title="Bimtek Juli")
    EventInvitationFactory(event=july, unit=unit_a)
    august = EventFactory(
        title="Rakor Agustus",
        starts_at=datetime.datetime(2026, 8, 3, 1, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 8, 3, 5, tzinfo=datetime.UTC),
        event_type=EventType.RAKOR_POKJA,
    )
    EventInvitationFactory(event=august, unit=unit_a)
    EventFactory(title="Tidak diundang")
    response = client_for(focal_a).get(reverse("focal_points:event_upcoming"))
    html = response.content.decode()
    assert [m for m, _ in response.context["months"]] == [
        datetime.date(2026, 7, 1),
        datetime.date(2026, 8, 1),
    ]
    assert html.index("Bimtek Juli") < html.index("Rakor Agustus")
    assert "Tidak diundang" not in html
