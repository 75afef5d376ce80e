"""Links in e-mail lead to where the portal runs: PUG_BASE_URL when it is set, else
the address of the request that caused the mail (`make run` on another port)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from pug_portal.middleware import absolute_url
from pug_portal.models import Role

# Real transactions: the mail leaves when the service's transaction commits, inside the
# request, as on a server (captured callbacks would run after the request is over).
pytestmark = pytest.mark.django_db(transaction=True)


def invite_ani(client):
    response = client.post(
        reverse("user_create"),
        {
            "username": "ani",
            "email": "ani@example.test",
            "role": Role.PLANNER,
            "invite": "on",
        },
        HTTP_HOST="127.0.0.1:8123",
    )
    assert response.status_code == 302
    return re.search(r"https?://\S+", mail.outbox[0].body).group(0)


@pytest.fixture
def any_host(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]


def test_without_a_base_url_the_link_uses_the_requests_address(
    admin, client_for, settings, any_host
):
    settings.PUG_BASE_URL = ""
    link = invite_ani(client_for(admin))
    assert link.startswith("http://127.0.0.1:8123/")


def test_the_base_url_from_the_settings_wins(admin, client_for, settings, any_host):
    settings.PUG_BASE_URL = "https://pug.tangerangselatankota.go.id/"
    link = invite_ani(client_for(admin))
    assert link.startswith("https://pug.tangerangselatankota.go.id/")
    assert "//" not in link.removeprefix("https://")


def test_a_workflow_mail_links_to_the_dossier_at_the_requests_address(
    client_for, focal_a, reviewer, settings, any_host
):
    from evaluations.workflow import Status
    from tests.factories import DossierFactory

    settings.PUG_BASE_URL = ""
    dossier = DossierFactory(
        unit=focal_a.person.appointments.get().unit, status=Status.SUBMITTED
    )
    client_for(reviewer).post(
        reverse("evaluations:review_start", args=[dossier.pk]),
        HTTP_HOST="127.0.0.1:8123",
    )
    assert mail.outbox
    bodies = "\n".join(m.body for m in mail.outbox)
    assert f"http://127.0.0.1:8123{dossier.get_absolute_url()}" in bodies


def test_mail_outside_a_request_uses_the_setting_or_the_development_address(settings):
    settings.PUG_BASE_URL = ""
    assert absolute_url("/dossiers/") == "http://127.0.0.1:8000/dossiers/"
    settings.PUG_BASE_URL = "https://pug.example.go.id"
    assert absolute_url("/dossiers/") == "https://pug.example.go.id/dossiers/"
