import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from pug_portal.models import ActivityLog, Role, User
from tests.factories import UserFactory


def test_admin_creates_an_account_and_the_invitation_sets_a_password(
    admin, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            reverse("user_create"),
            {
                "username": "ani",
                "email": "ani@example.test",
                "role": Role.PLANNER,
                "invite": "on",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="ani")
    assert not user.has_usable_password()
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = urlsplit(link).path
    client = Client()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Tangsel-PUG-2026!", "new_password2": "Tangsel-PUG-2026!"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Tangsel-PUG-2026!")


def test_admin_deactivates_an_account_and_it_is_logged(admin, planner, client_for):
    client_for(admin).post(
        reverse("user_update", args=[planner.pk]),
        {
            "first_name": "",
            "last_name": "",
            "email": planner.email,
            "role": Role.PLANNER,
        },
    )
    planner.refresh_from_db()
    assert not planner.is_active
    assert ActivityLog.objects.for_object(planner).get().data == {
        "is_active": [True, False]
    }


def test_admin_cannot_deactivate_their_own_account(admin, client_for):
    response = client_for(admin).post(
        reverse("user_update", args=[admin.pk]),
        {"email": admin.email, "role": Role.ADMIN},
    )
    assert "akun sendiri" in str(response.context["form"].errors["is_active"])
    admin.refresh_from_db()
    assert admin.is_active


def test_forgot_password_mails_a_reset_link(db):
    UserFactory(username="budi", email="budi@example.test")
    response = Client().post(reverse("password_reset"), {"email": "budi@example.test"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["budi@example.test"]
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_login_works_and_repeated_failures_lock_the_account(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="budi")
    client = Client()
    for _ in range(3):
        client.post(reverse("login"), {"username": "budi", "password": "wrong"})
    locked = client.post(
        reverse("login"), {"username": "budi", "password": "secret-pass-123"}
    )
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan" in locked.content.decode()


@pytest.mark.django_db
def test_login_with_the_right_password_goes_home():
    UserFactory(username="budi")
    response = Client().post(
        reverse("login"), {"username": "budi", "password": "secret-pass-123"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_pages_send_a_content_security_policy(reviewer, client_for):
    response = client_for(reviewer).get(reverse("focal_points:unit_list"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_ui_is_indonesian_by_default_and_english_on_request(reviewer, client_for):
    client = client_for(reviewer)
    assert (
        "Perangkat Daerah"
        in client.get(reverse("focal_points:unit_list")).content.decode()
    )
    client.post(reverse("set_language"), {"language": "en", "next": "/units/"})
    page = client.get(reverse("focal_points:unit_list")).content.decode()
    assert '<html lang="en">' in page
    assert "Regional units" in page


def test_navigation_fits_the_role(admin, focal_a, client_for):
    assert "/users/" in client_for(admin).get("/").content.decode()
    page = client_for(focal_a).get("/").content.decode()
    assert "/users/" not in page and "/focal-points/alerts/" not in page


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(
    reviewer, client_for
):
    client = client_for(reviewer)
    page = client.get(
        reverse("focal_points:unit_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert '<html lang="id">' in page.content.decode()
