"""Sessions end after an idle time and an absolute age; signed-in pages and files
are never cached; the login lockout sees the client's address behind the configured
number of reverse proxies, and never locks a user name for everyone."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pug_portal.middleware import client_address
from tests.factories import UserFactory

START = datetime.datetime(2026, 6, 15, 1, 0, tzinfo=datetime.UTC)


def test_signed_in_pages_and_files_are_never_cached(reviewer, client_for):
    client = client_for(reviewer)
    page = client.get(reverse("reports"))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store, private"
    download = client.get(
        reverse("report_download", args=["direktori-focal-point", "xlsx"])
    )
    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store, private"


def _signed_in(user, when) -> Client:
    client = Client()
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        assert client.get(reverse("reports")).status_code == 200
    return client


def _reports_status(client, when) -> int:
    with time_machine.travel(when, tick=False):
        return client.get(reverse("reports")).status_code


def test_a_session_ends_after_the_idle_timeout(settings, reviewer):
    settings.SESSION_IDLE_TIMEOUT = 8 * 3600
    client = _signed_in(reviewer, START)
    # Active every seven hours: still signed in a day later.
    for hours in (7, 14, 21):
        assert _reports_status(client, START + datetime.timedelta(hours=hours)) == 200
    # Eight hours and a minute without a request: signed out, sent to the login.
    late = START + datetime.timedelta(hours=29, minutes=1)
    with time_machine.travel(late, tick=False):
        response = client.get(reverse("reports"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_autosave_after_the_idle_timeout_says_the_session_ended(settings, reviewer):
    settings.SESSION_IDLE_TIMEOUT = 8 * 3600
    client = _signed_in(reviewer, START)
    with time_machine.travel(START + datetime.timedelta(hours=9), tick=False):
        response = client.post(reverse("reports"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Sesi Anda telah berakhir" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_session_ends_at_its_absolute_age_however_active(settings, reviewer):
    settings.SESSION_IDLE_TIMEOUT = 8 * 3600
    settings.SESSION_ABSOLUTE_AGE = 24 * 3600
    client = _signed_in(reviewer, START)
    for hours in (6, 12, 18, 23):
        assert _reports_status(client, START + datetime.timedelta(hours=hours)) == 200
    assert _reports_status(client, START + datetime.timedelta(hours=25)) == 302


@pytest.mark.parametrize(
    ("header", "proxies", "expected"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        # The client wrote the left entry itself; only the proxy's entry counts.
        ("10.9.9.9, 203.0.113.7", 1, "203.0.113.7"),
        ("10.9.9.9, 203.0.113.7, 192.0.2.1", 2, "203.0.113.7"),
        ("2001:db8::1", 1, "2001:db8::1"),
        ("203.0.113.7", 2, None),  # fewer hops than proxies: the header is not theirs
        ("not-an-address", 1, None),
        ("", 1, None),
    ],
)
def test_the_client_address_is_counted_from_the_right(header, proxies, expected):
    assert client_address(header, proxies) == expected


def _fail_logins(username: str, forwarded_for: str, times: int) -> None:
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"})


def _login_status(username: str, forwarded_for: str) -> int:
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post(
        reverse("login"), {"username": username, "password": "secret-pass-123"}
    ).status_code


@pytest.mark.django_db
def test_behind_a_proxy_an_attacker_locks_only_their_own_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="admin1")
    # Everyone arrives from the proxy (127.0.0.1); the proxy names the client.
    _fail_logins("admin1", "198.51.100.66", 3)
    assert _login_status("admin1", "198.51.100.66") == 429
    # The real administrator, elsewhere, still signs in.
    assert _login_status("admin1", "203.0.113.7") == 302
    # A forged header does not let the attacker out of their own lockout.
    assert _login_status("admin1", "203.0.113.7, 198.51.100.66") == 429


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="budi")
    _fail_logins("budi", "198.51.100.66", 3)
    # Another forged address does not escape: the lock is on REMOTE_ADDR.
    assert _login_status("budi", "203.0.113.99") == 429
