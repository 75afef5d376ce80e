"""403, 404 and 500 in the portal's layout and the reader's language, with a way
back; a 403 names the roles that may do it; the 500 page needs no database or
session."""

from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from pug_portal.errors import server_error
from tests.factories import DossierFactory


def test_a_404_has_the_portal_layout_and_a_way_back_to_the_list(focal_b, client_for):
    other_units = DossierFactory()
    response = client_for(focal_b).get(
        reverse("evaluations:dossier_detail", args=[other_units.pk]),
        HTTP_REFERER="http://testserver/dossiers/?status=DRAFT",
    )
    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html
    assert settings.PUG_CITY_NAME in html and 'class="navbar' in html
    assert 'href="/dossiers/?status=DRAFT"' in html
    assert f'href="{reverse("evaluations:home")}"' in html


def test_a_404_in_english_for_an_english_reader(focal_b, client_for):
    client = client_for(focal_b)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/dossiers/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in html
    assert "Halaman tidak ditemukan" not in html
    assert 'href="/dossiers/"' in html


def test_a_403_says_which_roles_may_do_it(planner, client_for):
    response = client_for(planner).get(reverse("user_list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Tindakan ini hanya untuk peran:" in html
    assert "<strong>Administrator</strong>" in html
    assert "Anda masuk sebagai Perencana (badan perencanaan)" in html


def test_a_403_of_a_reviewer_lists_the_staff_roles(focal_a, client_for):
    response = client_for(focal_a).get(reverse("focal_points:unit_create"))
    assert response.status_code == 403
    assert "Administrator, Verifikator DPMPPPAKB" in response.content.decode()


def test_the_500_page_needs_neither_database_nor_session():
    # No `db` fixture: any query here fails the test.
    request = RequestFactory().get(
        "/dossiers/12/edit/", HTTP_REFERER="http://testserver/dossiers/12/"
    )
    response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Maaf, terjadi kesalahan pada server" in html
    assert settings.PUG_CITY_NAME in html
    assert 'href="/dossiers/12/"' in html


def test_the_portal_urlconf_uses_these_pages():
    from pug_portal import urls

    assert urls.handler500 == "pug_portal.errors.server_error"
    assert urls.handler403 == "pug_portal.errors.permission_denied"
    assert urls.handler404 == "pug_portal.errors.page_not_found"
