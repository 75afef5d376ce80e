"""Every text field has a length limit: the form counts it (maxlength, shown by a
counter in portal.js) and the model enforces it for every caller."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.forms.dossiers import MAX_ACTION_ROWS
from evaluations.models import Dossier
from pug_portal.validation import NARRATIVE_TEXT, LimitedTextField
from tests.evaluations.test_dossier_views import edit_payload
from tests.factories import DossierFactory


@pytest.fixture
def draft_a(unit_a, cycle):
    return DossierFactory(unit=unit_a, cycle=cycle)


def test_no_model_has_an_unlimited_text_field():
    from django.apps import apps

    unlimited = [
        f"{model._meta.label}.{field.name}"
        for app in ("evaluations", "focal_points", "assessments")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if field.get_internal_type() == "TextField"
        and not isinstance(field, LimitedTextField)
    ]
    assert unlimited == []


def test_the_editor_shows_each_limit(client_for, focal_a, draft_a):
    page = client_for(focal_a).get(
        reverse("evaluations:dossier_edit", args=[draft_a.pk])
    )
    html = page.content.decode()
    assert f'maxlength="{NARRATIVE_TEXT}"' in html
    assert 'name="gap_policy"' in html


def test_over_long_text_is_refused_by_the_form_and_nothing_saved(
    client_for, focal_a, draft_a
):
    payload = edit_payload(draft_a, gap_policy="a" * (NARRATIVE_TEXT + 1))
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_edit", args=[draft_a.pk]), payload
    )
    assert response.status_code == 200
    assert "paling banyak 2000 karakter" in response.content.decode().replace(".", "")
    draft_a.refresh_from_db()
    assert draft_a.version == 1 and draft_a.gap_policy == ""


def test_line_breaks_count_once_as_the_browser_counts_them(
    client_for, focal_a, draft_a
):
    text = ("a" * 99 + "\r\n") * 20  # 2,000 characters in the browser's count
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_edit", args=[draft_a.pk]),
        edit_payload(draft_a, gap_policy=text),
    )
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.gap_policy == text.replace("\r\n", "\n").strip()


def test_the_model_refuses_it_for_any_caller(draft_a):
    draft_a.gap_insight = "b" * (NARRATIVE_TEXT + 1)
    with pytest.raises(ValidationError) as refused:
        draft_a.full_clean()
    assert "gap_insight" in refused.value.message_dict


def test_the_action_table_has_a_row_limit(client_for, focal_a, draft_a):
    rows = MAX_ACTION_ROWS + 1
    payload = edit_payload(draft_a, **{"actions-TOTAL_FORMS": str(rows)})
    for i in range(rows):
        payload |= {
            f"actions-{i}-description": f"Aksi {i}",
            f"actions-{i}-input_amount": "1000",
            f"actions-{i}-output": "keluaran",
            f"actions-{i}-outcome": "hasil",
        }
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_edit", args=[draft_a.pk]), payload
    )
    assert response.status_code == 200
    assert not Dossier.objects.get(pk=draft_a.pk).action_rows.exists()
