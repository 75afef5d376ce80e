"""The city board and its charts cached per (year, scope, data version): a repeat
view runs no figure query and renders no chart; a write, committed, changes the
data version, so the next view shows it (evaluations.board_cache)."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from evaluations import board_cache, charts
from evaluations.selectors import dashboard_city
from evaluations.services.dossiers import dossier_submit
from evaluations.workflow import Status
from tests.evaluations.test_dashboard_queries import BOARD_CACHE_HIT
from tests.factories import DossierFactory

BOARD = reverse("evaluations:city_dashboard") + "?year=2026"


@pytest.fixture
def builds(monkeypatch):
    """How many times the board's figures were computed and its charts rendered."""
    calls = {"board": 0, "charts": 0}

    def counted(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        dashboard_city,
        "city_dashboard",
        counted("board", dashboard_city.city_dashboard),
    )
    monkeypatch.setattr(charts, "city_charts", counted("charts", charts.city_charts))
    return calls


def same_page(response) -> bytes:
    """The page without its per-request tokens (CSP nonce, CSRF token)."""
    return re.sub(rb'(nonce|csrfmiddlewaretoken" value)="[^"]*"', b"", response.content)


def submitted(response) -> int:
    return response.context["board"].status_totals[Status.SUBMITTED]


@pytest.mark.django_db
def test_a_repeat_view_runs_no_figure_query_and_renders_no_chart(
    frozen_today, dossier_a, client_for, reviewer, builds, django_assert_num_queries
):
    client = client_for(reviewer)
    first = client.get(BOARD)
    assert first.status_code == 200
    assert builds == {"board": 1, "charts": 1}
    # the session, the user, then the data version and the board from the cache
    with django_assert_num_queries(2 + BOARD_CACHE_HIT):
        again = client.get(BOARD)
    assert builds == {"board": 1, "charts": 1}
    assert same_page(again) == same_page(first)
    # another scope or sort is another entry
    client.get(BOARD + "&unit_type=ALL")
    client.get(BOARD + "&sort=name")
    assert builds == {"board": 3, "charts": 3}


@pytest.mark.django_db
def test_a_committed_write_is_on_the_next_view(
    frozen_today,
    dossier_a,
    focal_a,
    client_for,
    reviewer,
    builds,
    django_capture_on_commit_callbacks,
):
    client = client_for(reviewer)
    assert submitted(client.get(BOARD)) == 0
    # the submission updates the row (no signal) inside the service's transaction
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier_submit(dossier=dossier_a, by=focal_a)
    # one new version per transaction (the other callback sends the mail)
    assert callbacks.count(board_cache._new_version) == 1
    assert submitted(client.get(BOARD)) == 1
    assert builds["board"] == 2
    # a plain save, outside a transaction, changes the version at once
    DossierFactory(unit=dossier_a.unit, cycle=dossier_a.cycle, status=Status.SUBMITTED)
    assert submitted(client.get(BOARD)) == 2
    # a deletion too (Django deletes in a transaction)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_a.delete()
    assert submitted(client.get(BOARD)) == 1


@pytest.mark.django_db
def test_the_version_changes_once_per_transaction_and_not_on_rollback(
    dossier_a, django_capture_on_commit_callbacks
):
    before = board_cache.data_version()
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            for status in (Status.SUBMITTED, Status.DRAFT):
                dossier_a.status = status
                dossier_a.save()
        try:
            with transaction.atomic():
                dossier_a.save()
                raise RuntimeError
        except RuntimeError:
            pass
    # not yet committed: readers still get the board of the committed rows
    assert board_cache.data_version() == before
    assert callbacks == [board_cache._new_version]
    callbacks[0]()
    assert board_cache.data_version() != before
