"""@scoped: the access policy of a function view acting on one object, in one place —
anonymous → login, outside scope → 404 (whatever the role), no permission → 403."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from evaluations.models import Dossier
from evaluations.workflow import Status
from focal_points.models import Unit
from pug_portal.permissions import scoped
from tests.factories import DossierFactory


@scoped(Unit, "units:manage")
def manage_unit(request, unit, extra=None):
    return HttpResponse(f"{unit.short_name} {extra}")


@scoped(Dossier, "dossiers:edit", object_rules=True)
def edit_dossier(request, dossier):
    return HttpResponse(dossier.status)


def call(view, rf, user, **kwargs):
    request = rf.get("/somewhere/?x=1")
    request.user = user or AnonymousUser()
    return view(request, **kwargs)


def test_anonymous_is_sent_to_the_login_page(rf, unit_a):
    response = call(manage_unit, rf, None, pk=unit_a.pk)
    assert response.status_code == 302
    assert "/somewhere/%3Fx%3D1" in response["Location"]


def test_an_object_outside_the_scope_is_a_404_before_the_permission(
    rf, unit_a, focal_b
):
    # focal_b may not manage units at all: still a 404, nothing leaks that it exists
    with pytest.raises(Http404):
        call(manage_unit, rf, focal_b, pk=unit_a.pk)


def test_an_unknown_object_is_a_404(rf, reviewer):
    with pytest.raises(Http404):
        call(manage_unit, rf, reviewer, pk=999_999)


def test_in_scope_without_the_permission_is_a_403(rf, unit_a, focal_a):
    with pytest.raises(PermissionDenied):
        call(manage_unit, rf, focal_a, pk=unit_a.pk)


def test_the_view_gets_the_object_and_the_other_arguments(rf, unit_a, reviewer):
    response = call(manage_unit, rf, reviewer, pk=unit_a.pk, extra="x")
    assert response.content == b"Dinkes x"


def test_object_rules_ask_the_object_too(rf, unit_a, focal_a):
    draft = DossierFactory(unit=unit_a)
    assert call(edit_dossier, rf, focal_a, pk=draft.pk).content == b"DRAFT"
    approved = DossierFactory(unit=unit_a, status=Status.APPROVED)
    with pytest.raises(PermissionDenied):
        call(edit_dossier, rf, focal_a, pk=approved.pk)
