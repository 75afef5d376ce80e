"""What every form page does with hostile input: the Cancel link's `?next=`, names
with control characters, the upload widget's link."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from focal_points.models import Unit
from pug_portal.forms import strip_control_characters
from pug_portal.views import same_site_path

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"

ELSEWHERE = [
    "https://elsewhere.example/",
    "//elsewhere.example/",
    "/\\elsewhere.example",
    "///elsewhere.example",
    "https:elsewhere.example",
    "javascript:alert(1)",
    "/\t/elsewhere.example",
    "/\x00//elsewhere.example",
    " /units/",
]


@pytest.mark.parametrize("url", ELSEWHERE)
def test_a_next_leading_elsewhere_is_dropped(url):
    assert same_site_path(url) == ""


def test_a_path_of_this_site_is_kept():
    assert same_site_path("/units/3/?tab=sk#x") == "/units/3/?tab=sk#x"
    assert same_site_path(None) == ""


@pytest.mark.parametrize(
    "name", ["focal_points:unit_create", "focal_points:event_create"]
)
def test_the_cancel_link_never_leads_off_site(client_for, reviewer, name):
    client = client_for(reviewer)
    url = reverse(name)
    page = client.get(url, {"next": "https://elsewhere.example/"}).content.decode()
    # (The language switch carries the page's own address, query included.)
    assert 'href="https://elsewhere.example/"' not in page
    assert ">Batal</a>" not in page
    page = client.get(url, {"next": "/units/"}).content.decode()
    assert '<a class="btn btn-link" href="/units/">Batal</a>' in page


def test_a_page_about_one_object_is_headed_with_it_and_cancel_leads_to_it(
    client_for, reviewer, unit_a
):
    # ServiceFormView.subject_attr; a `?next=` does not replace the object's page.
    page = (
        client_for(reviewer)
        .get(reverse("focal_points:unit_update", args=[unit_a.pk]), {"next": "/"})
        .content.decode()
    )
    assert f'<p class="text-body-secondary mb-1">{unit_a}</p>' in page
    assert (
        f'<a class="btn btn-link" href="{unit_a.get_absolute_url()}">Batal</a>' in page
    )


def test_control_characters_are_stripped_from_names_on_input(client_for, reviewer):
    response = client_for(reviewer).post(
        reverse("focal_points:unit_create"),
        {
            "name": "Dinas\x00 Kese\x07hatan\u202e",
            "short_name": "Din\tkes\x1b",
            "unit_type": "DINAS",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    unit = Unit.objects.get(short_name="Din kes")
    assert unit.name == "Dinas Kesehatan"


def test_multi_line_text_keeps_its_line_breaks_only():
    # (as "\n": a browser counts a line break once against maxlength, sends two)
    assert strip_control_characters("a\r\nb\tc\x0b\x7f", multiline=True) == "a\nb\tc"
    assert strip_control_characters("a\r\nb\tc\x0b\x85") == "a  b c"


def test_the_file_widget_links_the_permission_checked_download(
    client_for, reviewer, unit_a
):
    from focal_points.services import registry as services

    decree = services.decree_create(
        by=reviewer,
        data={
            "number": "800/7/SK/2026",
            "date": "2026-01-05",
            "title": "tentang Tim Focal Point PUG",
            "issuer_type": "KEPALA_PD",
            "unit": unit_a,
            "fiscal_year": 2026,
            "valid_from": "2026-01-05",
            "file": SimpleUploadedFile("sk-lama.pdf", PDF),
        },
    )
    client = client_for(reviewer)
    page = client.get(
        reverse("focal_points:decree_update", args=[decree.pk])
    ).content.decode()
    download = reverse("focal_points:decree_file", args=[decree.pk])
    assert f'<a href="{download}">sk-lama' in page
    assert "/files/" not in page
    assert client.get(download).status_code == 200


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "0", "-1"])
@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("evaluations:city_dashboard", "year"),
        ("evaluations:budget_line_create", "unit"),
        ("evaluations:dossier_create", "budget_line"),
        ("focal_points:decree_create", "unit"),
    ],
)
def test_a_number_in_the_query_is_ascii_and_in_range_or_ignored(
    client_for, admin, name, parameter, value
):
    assert client_for(admin).get(reverse(name), {parameter: value}).status_code == 200


def test_query_int_reads_only_ascii_digits_in_range(rf):
    from pug_portal.views import query_int, query_year

    def read(value, **kwargs):
        return query_int(rf.get("/", {"n": value}), "n", **kwargs)

    assert read("42") == 42
    assert [read(v) for v in ("²", "٣", "4.2", "", "0", "9" * 20)] == [None] * 6
    assert query_year(rf.get("/", {"year": "2026"})) == 2026
    assert query_year(rf.get("/", {"year": "9999"})) is None
