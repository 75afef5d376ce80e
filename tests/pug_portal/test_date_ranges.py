"""Every date a person types has a range (pug_portal.validation): checked by the
form and by the model, with one message; events already saved out of range are
moved into it by a migration, so their pages open again."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations.models import EvaluationCycle
from focal_points.models import CapacityEvent, Decree, EventType
from focal_points.services import registry
from pug_portal.validation import DOCUMENT_YEARS, EVENT_YEARS
from tests.factories import EventFactory

DOCUMENT_MESSAGE = "Tanggal harus antara tahun 1945 dan 2100."
EVENT_MESSAGE = "Tanggal harus antara tahun 2000 dan 2100."


def decree_data(unit, **over):
    return {
        "number": "800/7/SK/2026",
        "date": "2026-01-05",
        "title": "tentang Tim Focal Point PUG",
        "issuer_type": "KEPALA_PD",
        "unit": unit.pk,
        "fiscal_year": 2026,
        "valid_from": "2026-01-05",
        **over,
    }


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1944-12-31"])
@pytest.mark.parametrize("field", ["date", "valid_from", "valid_to"])
def test_the_decree_form_refuses_a_date_out_of_range(
    client_for, reviewer, unit_a, field, value
):
    response = client_for(reviewer).post(
        reverse("focal_points:decree_create"), decree_data(unit_a, **{field: value})
    )
    assert response.status_code == 200
    assert DOCUMENT_MESSAGE in response.content.decode()
    assert not Decree.objects.exists()


def test_the_service_refuses_it_too(reviewer, unit_a):
    data = {**decree_data(unit_a), "unit": unit_a, "date": datetime.date(1, 1, 1)}
    with pytest.raises(ValidationError) as refused:
        registry.decree_create(by=reviewer, data=data)
    assert refused.value.message_dict["date"] == [DOCUMENT_MESSAGE]
    assert not Decree.objects.exists()


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_an_event_out_of_range_is_refused_not_a_500(client_for, reviewer, value):
    response = client_for(reviewer).post(
        reverse("focal_points:event_create"),
        {
            "title": "Pelatihan PPRG",
            "event_type": EventType.PELATIHAN_PPRG,
            "starts_at": value,
            "ends_at": value,
            "venue": "Aula",
            "mode": "LURING",
            "opened_by": "",
            "target_participants": "30",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert EVENT_MESSAGE in page, page[-3000:]
    assert not CapacityEvent.objects.exists()


def test_the_pickers_offer_the_range(client_for, reviewer):
    client = client_for(reviewer)
    page = client.get(reverse("focal_points:decree_create")).content.decode()
    assert 'min="1945-01-01"' in page and 'max="2100-12-31"' in page
    page = client.get(reverse("focal_points:event_create")).content.decode()
    assert 'min="2000-01-01T00:00"' in page and 'max="2100-12-31T23:59"' in page


def test_a_cycles_dates_fall_around_its_year(client_for, admin):
    response = client_for(admin).post(
        reverse("evaluations:cycle_create"),
        {
            "year": 2027,
            "open_date": "2020-02-01",
            "submission_deadline": "2027-07-31",
            "review_deadline": "2029-09-30",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Tanggal siklus 2027 harus di tahun 2026–2028.") == 2
    assert not EvaluationCycle.objects.exists()


def test_an_import_row_with_year_1_is_a_row_error():
    from pug_portal.imports.forms import DateCellField

    with pytest.raises(ValidationError, match="1945 dan 2100"):
        DateCellField().clean("01-01-0001")


def test_the_ranges_are_what_they_say():
    DOCUMENT_YEARS(datetime.date(1945, 1, 1))
    DOCUMENT_YEARS(datetime.date(2100, 12, 31))
    EVENT_YEARS(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError):
        EVENT_YEARS(datetime.datetime(1999, 12, 31, tzinfo=datetime.UTC))


def test_the_migration_moves_saved_events_into_the_range(client_for, reviewer):
    migration = importlib.import_module("focal_points.migrations.0004_date_ranges")
    ok = EventFactory()
    early = EventFactory()
    late = EventFactory()
    # Written as the old form let them be, around the validation.
    CapacityEvent.objects.filter(pk=early.pk).update(
        starts_at=datetime.datetime(1, 1, 1, 12, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(1, 1, 2, 12, tzinfo=datetime.UTC),
    )
    CapacityEvent.objects.filter(pk=late.pk).update(
        ends_at=datetime.datetime(9999, 12, 31, 12, tzinfo=datetime.UTC)
    )
    before = CapacityEvent.objects.get(pk=ok.pk)
    migration.clamp_event_times(apps, None)
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.starts_at == early.ends_at
    assert timezone.localtime(early.starts_at).date() == datetime.date(2000, 1, 1)
    assert timezone.localtime(late.ends_at).date() == datetime.date(2100, 12, 31)
    assert late.starts_at == CapacityEvent.objects.get(pk=late.pk).starts_at
    assert CapacityEvent.objects.get(pk=ok.pk).starts_at == before.starts_at
    client = client_for(reviewer)
    for event in (early, late):
        assert client.get(event.get_absolute_url()).status_code == 200
        edit = client.get(reverse("focal_points:event_update", args=[event.pk]))
        assert edit.status_code == 200


def test_the_migration_repairs_a_row_postgresql_could_not_read(client_for, reviewer):
    """0001-01-01 00:00 in Jakarta is 1 BC in UTC: PostgreSQL stores it, and no
    page could read it back ("timestamp too small")."""
    from django.db import DataError, connection, transaction

    migration = importlib.import_module("focal_points.migrations.0004_date_ranges")
    event = EventFactory()
    value = (
        "'0001-01-01 00:00:00+07'"
        if connection.vendor == "postgresql"
        else "'0001-01-01 00:00:00'"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CapacityEvent._meta.db_table} SET starts_at = {value}, "  # noqa: S608
            f"ends_at = {value} WHERE id = %s",
            [event.pk],
        )
    if connection.vendor == "postgresql":
        with (
            pytest.raises((ValueError, OverflowError, DataError)),
            transaction.atomic(),
        ):
            CapacityEvent.objects.get(pk=event.pk)
    migration.clamp_event_times(apps, None)
    event.refresh_from_db()
    assert timezone.localtime(event.starts_at).date() == datetime.date(2000, 1, 1)
    assert client_for(reviewer).get(event.get_absolute_url()).status_code == 200
