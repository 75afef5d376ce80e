import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from focal_points.models import Decree, EventType, FocalPointAppointment, Unit
from tests.factories import (
    AppointmentFactory,
    AttendanceFactory,
    DecreeFactory,
    EventFactory,
    UnitFactory,
)


def test_unit_list_filters_by_type_search_and_missing_focal_point(
    reviewer, unit_a, unit_b, focal_a, client_for
):
    client = client_for(reviewer)
    page = client.get(
        reverse("focal_points:unit_list"), {"unit_type": "KECAMATAN"}
    ).context["page"]
    assert [u.short_name for u in page.object_list] == ["Kec. Setu"]
    page = client.get(reverse("focal_points:unit_list"), {"q": "kesehatan"}).context[
        "page"
    ]
    assert [u.short_name for u in page.object_list] == ["Dinkes"]
    page = client.get(
        reverse("focal_points:unit_list"), {"no_focal_point": "on"}
    ).context["page"]
    assert [u.short_name for u in page.object_list] == ["Kec. Setu"]


def test_unit_list_hides_inactive_units_unless_asked(reviewer, client_for):
    UnitFactory(short_name="Old", is_active=False)
    client = client_for(reviewer)
    assert "Old" not in client.get(reverse("focal_points:unit_list")).content.decode()
    assert (
        "Old"
        in client.get(
            reverse("focal_points:unit_list"), {"active": "0"}
        ).content.decode()
    )


def _units_with_teams(n: int) -> None:
    for _ in range(n):
        unit = UnitFactory()
        AppointmentFactory(unit=unit)


@pytest.mark.parametrize("size", [10, 200])
def test_unit_list_query_count_does_not_grow(
    size, reviewer, client_for, django_assert_num_queries
):
    _units_with_teams(size)
    client = client_for(reviewer)
    # session + user, count for the paginator, the page of units (with EXISTS and
    # COUNT subqueries for the focal-point status), parents for the filter form.
    with django_assert_num_queries(5):
        response = client.get(reverse("focal_points:unit_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 200])
def test_directory_query_count_does_not_grow(
    size, reviewer, client_for, django_assert_num_queries
):
    _units_with_teams(size)
    client = client_for(reviewer)
    # session + user, units for the filter form, count, the page (joined person, unit,
    # decree), the L/P aggregate.
    with django_assert_num_queries(6):
        response = client.get(reverse("focal_points:directory"))
    assert response.context["counts"]["total"] == size


def test_directory_counts_persons_by_sex(reviewer, client_for):
    AppointmentFactory(person__sex="L")
    AppointmentFactory(person__sex="P")
    AppointmentFactory(person__sex="P")
    counts = (
        client_for(reviewer).get(reverse("focal_points:directory")).context["counts"]
    )
    assert counts == {"male": 1, "female": 2, "total": 3}


def test_directory_filters_trained_and_not_trained_people(
    reviewer, client_for, django_assert_num_queries
):
    trained_man = AppointmentFactory(person__sex="L")
    AttendanceFactory(
        event=EventFactory(event_type=EventType.BIMTEK),
        person=trained_man.person,
        attended=True,
    )
    absent = AppointmentFactory(person__sex="L")  # invited, did not attend
    AttendanceFactory(
        event=EventFactory(event_type=EventType.BIMTEK),
        person=absent.person,
        attended=False,
    )
    woman = AppointmentFactory(person__sex="P")
    client = client_for(reviewer)
    url = reverse("focal_points:directory")

    def listed(**params):
        response = client.get(url, params)
        return {a.pk for a in response.context["page"].object_list}, response

    with django_assert_num_queries(6):  # the same six as without the filter
        trained, response = listed(trained="1", sex="L")
    assert trained == {trained_man.pk}
    assert response.context["counts"] == {"male": 1, "female": 0, "total": 1}
    assert listed(trained="0")[0] == {absent.pk, woman.pk}
    assert listed(trained="")[0] == {trained_man.pk, absent.pk, woman.pk}
    # an unknown value is not a filter at all
    assert listed(trained="2")[0] == {trained_man.pk, absent.pk, woman.pk}


def test_appoint_form_shows_the_nip_error_next_to_the_field(
    reviewer, unit_a, client_for
):
    decree = DecreeFactory(unit=unit_a)
    response = client_for(reviewer).post(
        reverse("focal_points:appointment_create", args=[unit_a.pk]),
        {
            "name": "Rina",
            "nip": "1234",
            "sex": "P",
            "team_role": "ANGGOTA",
            "decree": decree.pk,
            "start_date": "2026-02-01",
        },
    )
    assert response.status_code == 200
    assert "18 angka" in str(response.context["form"].errors["nip"])
    assert (
        'id="error_1_id_nip"' in response.content.decode()
        or "is-invalid" in response.content.decode()
    )
    assert not FocalPointAppointment.objects.exists()


def test_appoint_form_shows_the_overlap_error_next_to_the_start_date(
    reviewer, unit_a, client_for
):
    decree = DecreeFactory(unit=unit_a)
    data = {
        "name": "Rina",
        "nip": "198909252014022002",
        "sex": "P",
        "team_role": "ANGGOTA",
        "decree": decree.pk,
        "start_date": "2026-02-01",
    }
    client = client_for(reviewer)
    assert (
        client.post(
            reverse("focal_points:appointment_create", args=[unit_a.pk]), data
        ).status_code
        == 302
    )
    response = client.post(
        reverse("focal_points:appointment_create", args=[unit_a.pk]), data
    )
    assert "bertumpang tindih" in str(response.context["form"].errors["start_date"])
    assert FocalPointAppointment.objects.count() == 1


def _decree_post(file):
    return {
        "number": "800/1/SK/2026",
        "date": "2026-01-05",
        "title": "tentang Tim Focal Point PUG",
        "issuer_type": "KEPALA_PD",
        "fiscal_year": "2026",
        "valid_from": "2026-01-05",
        "file": file,
    }


def test_decree_upload_refuses_a_file_that_is_not_really_a_pdf(reviewer, client_for):
    fake = SimpleUploadedFile(
        "sk.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf"
    )
    response = client_for(reviewer).post(
        reverse("focal_points:decree_create"), _decree_post(fake)
    )
    assert "bukan PDF" in str(response.context["form"].errors["file"])
    assert not Decree.objects.exists()


def test_decree_upload_refuses_a_file_over_the_limit(reviewer, client_for, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    response = client_for(reviewer).post(
        reverse("focal_points:decree_create"), _decree_post(big)
    )
    assert "terlalu besar" in str(response.context["form"].errors["file"])
    assert not Decree.objects.exists()


def test_decree_upload_accepts_a_real_pdf(reviewer, client_for):
    pdf = SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    response = client_for(reviewer).post(
        reverse("focal_points:decree_create"), _decree_post(pdf)
    )
    decree = Decree.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == decree.get_absolute_url()
    )
    assert decree.file.name.endswith(".pdf")


def test_unit_edit_records_what_changed(reviewer, unit_a, client_for):
    response = client_for(reviewer).post(
        reverse("focal_points:unit_update", args=[unit_a.pk]),
        {
            "name": unit_a.name,
            "short_name": unit_a.short_name,
            "unit_type": "DINAS",
            "head_name": "dr. Ani",
        },
    )
    assert response.status_code == 302
    unit_a.refresh_from_db()
    assert unit_a.head_name == "dr. Ani"
    page = client_for(reviewer).get(unit_a.get_absolute_url()).content.decode()
    assert "Data perangkat daerah diubah" in page and "dr. Ani" in page


def test_rename_page_creates_the_successor(reviewer, unit_a, client_for):
    response = client_for(reviewer).post(
        reverse("focal_points:unit_rename", args=[unit_a.pk]),
        {
            "name": "Dinas Kesehatan Kota",
            "short_name": "DinkesKota",
            "on": "2026-06-01",
        },
    )
    successor = Unit.objects.get(short_name="DinkesKota")
    assert response["Location"] == successor.get_absolute_url()
    assert successor.predecessor == unit_a


def test_end_form_refuses_a_date_before_the_start(reviewer, client_for):
    appointment = AppointmentFactory(start_date=datetime.date(2026, 3, 1))
    response = client_for(reviewer).post(
        reverse("focal_points:appointment_end", args=[appointment.pk]),
        {"on": "2026-02-01"},
    )
    assert "on" in response.context["form"].errors
    appointment.refresh_from_db()
    assert appointment.end_date is None
