"""The dossier editor's sections, its error summary, its tables' "add row" and marking
a comment addressed without leaving the page."""

import re

import pytest
from django.urls import reverse

from evaluations.models import ActionPlanRow, Dossier, ReviewComment
from evaluations.workflow import Status
from tests.evaluations.test_dossier_views import edit_payload
from tests.factories import DossierFactory


@pytest.fixture
def draft_a(unit_a, cycle):
    return DossierFactory(unit=unit_a, cycle=cycle)


def edit_url(dossier):
    return reverse("evaluations:dossier_edit", args=[dossier.pk])


def nav(html: str) -> dict[str, str]:
    """Each section link's text, whitespace squeezed: {"gap": "GAP 1/9", …}."""
    links = re.findall(r'data-section-link="(\w+)">(.*?)</a>', html, re.S)
    return {key: " ".join(re.sub(r"<[^>]+>", " ", text).split()) for key, text in links}


def test_a_failed_save_lists_each_error_with_a_link_to_its_field(
    client_for, focal_a, draft_a
):
    payload = edit_payload(
        draft_a,
        gap_policy="Teks yang tidak boleh hilang",
        gbs_amount="seratus juta",
        **{
            "data-TOTAL_FORMS": "1",
            "data-0-label": "Balita",
            "data-0-kind": "BASELINE",
            "data-0-male": "-3",
            "data-0-female": "498",
            "data-0-unit_of_measure": "anak",
        },
    )
    response = client_for(focal_a).post(edit_url(draft_a), payload)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert "2 isian perlu diperbaiki" in summary
    links = re.findall(
        r'<a href="#([^"]+)"[^>]*data-section="(\w+)">([^<]+)</a>', summary
    )
    assert links == [
        ("id_gbs_amount", "gbs", "Jumlah anggaran (Rp)"),
        ("id_data-0-male", "data", "Data terpilah, baris 1: Laki-laki"),
    ]
    # every link points at an input on the page
    for field_id, _section, _label in links:
        assert f'id="{field_id}"' in html
    sections = nav(html)
    assert sections["gbs"].endswith("1 kesalahan")
    assert sections["data"].endswith("1 kesalahan")
    assert "kesalahan" not in sections["gap"]
    assert "Teks yang tidak boleh hilang" in html
    draft_a.refresh_from_db()
    assert draft_a.version == 1 and draft_a.gap_policy == ""


def test_a_plain_page_has_no_error_summary(client_for, focal_a, draft_a):
    html = client_for(focal_a).get(edit_url(draft_a)).content.decode()
    assert "error-summary" not in html


def test_the_section_navigation_shows_each_sections_completeness(
    client_for, focal_a, dossier_a
):
    Dossier.objects.filter(pk=dossier_a.pk).update(gap_external="", gbs_amount=None)
    html = client_for(focal_a).get(edit_url(dossier_a)).content.decode()
    # dossier_a: eight of nine GAP steps now, the GBS has its own rows but the
    # amount, KAK
    # not included, an insight and a baseline row, no evidence
    assert nav(html) == {
        "gap": "GAP 8/9",
        "gbs": "GBS 8/9",
        "kak": "KAK/TOR opsional , lengkap",
        "data": "Data terpilah 2 baris , lengkap",
        "bukti": "Bukti dukung 0 berkas",
    }
    for key in ("gap", "gbs", "kak", "data", "bukti"):
        assert f'data-editor-section="{key}"' in html


def test_a_table_with_rows_gets_no_blank_row_and_an_empty_one_gets_one(
    client_for, focal_a, dossier_a, draft_a
):
    client = client_for(focal_a)
    html = client.get(edit_url(dossier_a)).content.decode()
    assert 'name="actions-TOTAL_FORMS" value="1"' in html
    assert 'name="data-TOTAL_FORMS" value="2"' in html
    html = client.get(edit_url(draft_a)).content.decode()
    assert 'name="actions-TOTAL_FORMS" value="1"' in html
    assert 'name="actions-INITIAL_FORMS" value="0"' in html
    # the row "add row" copies, outside the form's inputs
    assert '<template id="actions-empty-row">' in html
    assert html.count('data-add-row="') == 2


def test_add_row_without_javascript_keeps_what_was_typed_and_saves_nothing(
    client_for, focal_a, draft_a
):
    payload = edit_payload(
        draft_a,
        gap_policy="Diketik sebelum menambah baris",
        add_row="actions",
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-0-description": "Posyandu malam hari",
            "actions-0-input_amount": "25000000",
            "actions-0-output": "12 posyandu",
            "actions-0-outcome": "Ayah ikut",
        },
    )
    response = client_for(focal_a).post(edit_url(draft_a), payload)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="actions-TOTAL_FORMS" value="2"' in html
    assert 'name="actions-1-description"' in html
    assert "Posyandu malam hari" in html and "Diketik sebelum menambah baris" in html
    assert "error-summary" not in html
    assert not ActionPlanRow.objects.filter(dossier=draft_a).exists()
    draft_a.refresh_from_db()
    assert draft_a.version == 1


def test_a_comment_marked_from_the_page_answers_in_place(
    client_for, focal_a, dossier_a
):
    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.REVISION_REQUESTED)
    comment = ReviewComment.objects.create(
        dossier=dossier_a, target="gap_2", text="Sebutkan sumber data"
    )
    client = client_for(focal_a)
    html = client.get(edit_url(dossier_a)).content.decode()
    url = reverse("evaluations:comment_resolve", args=[comment.pk])
    assert f'hx-post="{url}"' in html
    response = client.post(url, {"next": "edit"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Catatan ditandai sudah ditindaklanjuti." in response.content.decode()
    comment.refresh_from_db()
    assert comment.resolved
    # nothing waits to be shown on the next page
    assert (
        "sudah ditindaklanjuti" not in client.get(edit_url(dossier_a)).content.decode()
    )
