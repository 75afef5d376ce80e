"""A focal point sees only the units of their current appointments: other units'
pages and files are 404, and ending the appointment removes access at once."""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from focal_points.models import Unit
from focal_points.services import registry as services
from tests.factories import DecreeFactory

PDF = b"%PDF-1.4\n%%EOF\n"


def test_focal_point_of_a_gets_404_on_unit_b_pages_and_files(
    focal_a, unit_b, client_for
):
    decree_b = DecreeFactory(unit=unit_b)
    decree_b.file.save("sk.pdf", ContentFile(PDF), save=True)
    client = client_for(focal_a)
    for url in (
        unit_b.get_absolute_url(),
        decree_b.get_absolute_url(),
        reverse("focal_points:decree_file", args=[decree_b.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_focal_point_sees_exactly_their_units(focal_a, unit_a, unit_b, client_for):
    response = client_for(focal_a).get(reverse("focal_points:unit_list"))
    assert [u.pk for u in response.context["page"].object_list] == [unit_a.pk]


def test_ending_the_appointment_removes_access_at_once(
    focal_a, unit_a, client_for, reviewer
):
    appointment = focal_a.person.appointments.get()
    services.appointment_end(
        appointment=appointment,
        by=reviewer,
        on=datetime.date.today() - datetime.timedelta(days=1),
    )
    assert not Unit.objects.visible_to(focal_a).exists()
    assert client_for(focal_a).get(unit_a.get_absolute_url()).status_code == 404


def test_decree_file_is_an_attachment_with_its_real_content_type(
    focal_a, unit_a, client_for
):
    decree = DecreeFactory(unit=unit_a)
    decree.file.save("scan.pdf", ContentFile(PDF), save=True)
    response = client_for(focal_a).get(
        reverse("focal_points:decree_file", args=[decree.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_uploaded_files_have_no_public_url(client_for, admin):
    assert client_for(admin).get("/files/decrees/2026/sk.pdf").status_code == 404
    assert client_for(admin).get("/media/decrees/2026/sk.pdf").status_code == 404


def test_unit_head_sees_only_the_unit_they_head(
    unit_head_a, unit_a, unit_b, client_for
):
    assert list(Unit.objects.visible_to(unit_head_a)) == [unit_a]
    assert client_for(unit_head_a).get(unit_b.get_absolute_url()).status_code == 404
