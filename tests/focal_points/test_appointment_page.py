"""The appointment page as a reviewer meets it: the SK in force comes chosen, expired
SKs are not offered, the message says whether an invitation went out, and the list of
units without a focal point has an appoint button on every row that comes back to it."""

import datetime

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from focal_points.models import FocalPointAppointment
from focal_points.services import registry as services
from tests.factories import DecreeFactory, UserFactory

D = datetime.date
PERSON = {
    "name": "Rina Marlina",
    "nip": "198909252014022002",
    "sex": "P",
    "team_role": "ANGGOTA",
    "start_date": "2026-06-15",
}


def url(unit):
    return reverse("focal_points:appointment_create", args=[unit.pk])


def test_the_sk_in_force_is_chosen_and_expired_ones_are_not_offered(
    reviewer, unit_a, client_for, frozen_today
):
    expired = DecreeFactory(
        unit=unit_a,
        number="800/1/2024",
        valid_from=D(2024, 1, 5),
        valid_to=D(2025, 12, 31),
    )
    in_force = DecreeFactory(unit=unit_a, number="800/2/2026", date=D(2026, 1, 5))
    city_wide = DecreeFactory(unit=None, number="188/9/2026", date=D(2026, 3, 1))

    form = client_for(reviewer).get(url(unit_a)).context["form"]

    offered = list(form.fields["decree"].queryset)
    assert expired not in offered
    assert set(offered) == {in_force, city_wide}
    assert form["decree"].value() == in_force.pk


def test_a_renamed_units_sk_appoints_in_the_successor(
    reviewer, unit_a, client_for, frozen_today
):
    decree = DecreeFactory(unit=unit_a)
    successor = services.unit_rename(
        unit=unit_a, by=reviewer, name="Dinas Baru", short_name="Baru", on=D(2026, 6, 1)
    )
    client = client_for(reviewer)
    assert client.get(url(successor)).context["form"]["decree"].value() == decree.pk
    response = client.post(url(successor), {**PERSON, "decree": decree.pk})
    assert response.status_code == 302
    assert FocalPointAppointment.objects.get(unit=successor).decree == decree


def _message(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_message_says_the_invitation_was_sent(
    reviewer, unit_a, client_for, frozen_today, django_capture_on_commit_callbacks
):
    decree = DecreeFactory(unit=unit_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(reviewer).post(
            url(unit_a),
            {
                **PERSON,
                "decree": decree.pk,
                "email": "rina@example.test",
                "invite": "on",
            },
        )
    assert _message(response) == [
        "Focal point ditetapkan. Undangan untuk membuat kata sandi dikirim ke "
        "rina@example.test."
    ]
    assert [m.to for m in mail.outbox] == [["rina@example.test"]]


def test_the_message_says_no_invitation_went_out(
    reviewer, unit_a, client_for, frozen_today
):
    decree = DecreeFactory(unit=unit_a)
    response = client_for(reviewer).post(url(unit_a), {**PERSON, "decree": decree.pk})
    assert _message(response) == [
        "Focal point ditetapkan. Belum ada akun untuk Rina Marlina, jadi tidak ada "
        "undangan yang dikirim."
    ]
    account = UserFactory(username="rina", role="focal_point")
    response = client_for(reviewer).post(
        url(unit_a),
        {
            **PERSON,
            "decree": decree.pk,
            "team_role": "KETUA",
            "user": account.pk,
        },
    )
    assert _message(response) == [
        "Focal point ditetapkan dan terhubung dengan akun rina; tidak ada undangan "
        "baru yang dikirim."
    ]


def test_each_unit_without_a_focal_point_has_an_appoint_button_that_comes_back(
    reviewer, unit_a, unit_b, planner, client_for, frozen_today
):
    alerts = reverse("focal_points:alerts")
    html = client_for(reviewer).get(alerts).content.decode()
    for unit in (unit_a, unit_b):
        assert f'href="{url(unit)}?next=/focal-points/alerts/"' in html
    assert url(unit_a) not in client_for(planner).get(alerts).content.decode()

    decree = DecreeFactory(unit=unit_a)
    response = client_for(reviewer).post(
        url(unit_a) + "?next=/focal-points/alerts/", {**PERSON, "decree": decree.pk}
    )
    assert response["Location"] == alerts
