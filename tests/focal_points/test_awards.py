"""The city's APE/PPE results: recorded by DPMPPPAKB, read by everyone, the latest on
the city board."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from focal_points.models import AwardResult
from tests.factories import CycleFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post(client, **data):
    return client.post(
        reverse("focal_points:award_create"),
        {"year": 2023, "framework": "APE", "category": "UTAMA", "note": "", **data},
    )


@pytest.mark.django_db
def test_record_a_result_with_its_evidence(client_for, reviewer):
    response = _post(
        client_for(reviewer),
        evidence=SimpleUploadedFile("piagam.pdf", PDF, "application/pdf"),
        note="Diserahkan Menteri PPPA",
    )
    assert response.status_code == 302
    award = AwardResult.objects.get()
    assert (award.year, award.framework, award.category) == (2023, "APE", "UTAMA")
    download = client_for(reviewer).get(
        reverse("focal_points:award_file", args=[award.pk])
    )
    assert download.status_code == 200
    assert "APE-PPE-2023.pdf" in download["Content-Disposition"]
    page = client_for(reviewer).get(reverse("focal_points:award_list"))
    assert "Diserahkan Menteri PPPA" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": 1999}, "year", "Tahun penghargaan paling awal 2005."),
        ({"category": "EMAS"}, "category", "EMAS"),
        (
            {"evidence": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")},
            "evidence",
            "",
        ),
    ],
)
def test_bad_input_is_refused_next_to_its_field(
    client_for, reviewer, data, field, message
):
    response = _post(client_for(reviewer), **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not AwardResult.objects.exists()


@pytest.mark.django_db
def test_one_result_per_year_and_framework(client_for, reviewer):
    assert _post(client_for(reviewer)).status_code == 302
    response = _post(client_for(reviewer), category="MADYA")
    assert response.status_code == 200
    assert "sudah dicatat" in response.content.decode()
    assert AwardResult.objects.get().category == "UTAMA"
    # the same year under the other framework is another result
    assert _post(client_for(reviewer), framework="PPE").status_code == 302


@pytest.mark.django_db
def test_a_focal_point_reads_but_does_not_record(client_for, focal_a):
    assert (
        client_for(focal_a).get(reverse("focal_points:award_list")).status_code == 200
    )
    assert _post(client_for(focal_a)).status_code == 403
    assert not AwardResult.objects.exists()


@pytest.mark.django_db
def test_edit_a_result(client_for, reviewer):
    award = AwardResult.objects.create(year=2014, framework="APE", category="PRATAMA")
    response = client_for(reviewer).post(
        reverse("focal_points:award_update", args=[award.pk]),
        {"year": 2014, "framework": "APE", "category": "MADYA", "note": ""},
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.category == "MADYA"


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_list_page_queries_do_not_grow(client_for, reviewer, size):
    AwardResult.objects.bulk_create(
        AwardResult(
            year=2005 + i // 2, framework="APE" if i % 2 else "PPE", category="UTAMA"
        )
        for i in range(size)
    )
    client = client_for(reviewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("focal_points:award_list"))
    assert response.status_code == 200
    assert response.content.decode().count('id="award-') == size
    # session, user, the results
    assert len(queries) == 3


@pytest.mark.django_db
def test_the_city_board_shows_the_latest_result(client_for, reviewer):
    CycleFactory()
    AwardResult.objects.create(year=2014, framework="APE", category="MADYA")
    AwardResult.objects.create(year=2023, framework="APE", category="UTAMA")
    page = client_for(reviewer).get(reverse("evaluations:city_dashboard")).content
    assert "Hasil APE terakhir: kategori <strong>Utama</strong> (2023)." in (
        page.decode()
    )


@pytest.mark.django_db
def test_delete_a_result_after_confirming_and_the_board_follows(
    client_for, reviewer, settings, tmp_path, django_capture_on_commit_callbacks
):
    from pug_portal.models import ActivityLog

    settings.MEDIA_ROOT = tmp_path
    CycleFactory()
    AwardResult.objects.create(year=2020, framework="APE", category="UTAMA")
    wrong = AwardResult(year=2024, framework="APE", category="MENTOR", note="salah")
    wrong.evidence.save("piagam.pdf", SimpleUploadedFile("p.pdf", PDF), save=True)
    stored = wrong.evidence.path
    client = client_for(reviewer)
    board = reverse("evaluations:city_dashboard")
    assert (
        "kategori <strong>Mentor</strong> (2024)" in client.get(board).content.decode()
    )
    url = reverse("focal_points:award_delete", args=[wrong.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Hapus hasil APE/PPE" in confirm.content.decode()
    assert AwardResult.objects.filter(pk=wrong.pk).exists()  # a GET deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("focal_points:award_list")
    assert list(AwardResult.objects.values_list("year", flat=True)) == [2020]
    entry = ActivityLog.objects.get(action="award.delete")
    assert entry.actor == reviewer
    assert entry.data == {
        "year": 2024,
        "framework": "APE",
        "category": "MENTOR",
        "note": "salah",
    }
    assert not Path(stored).exists()  # the file goes with the result
    page = client.get(board).content.decode()
    assert "Hasil APE terakhir: kategori <strong>Utama</strong> (2020)." in page


@pytest.mark.django_db
def test_only_staff_delete_a_result(client_for, planner, focal_a):
    award = AwardResult.objects.create(year=2023, framework="APE", category="UTAMA")
    url = reverse("focal_points:award_delete", args=[award.pk])
    for user in (planner, focal_a):
        assert client_for(user).post(url).status_code == 403
    assert AwardResult.objects.filter(pk=award.pk).exists()
    assert client_for(planner).get(
        reverse("focal_points:award_delete", args=[999999])
    ).status_code in (403, 404)
