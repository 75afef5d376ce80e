"""LongSelect writes the same HTML as Django's Select, without a template per option."""

import pytest
from django import forms

from pug_portal.forms import LongSelect

CHOICES = [
    ("", "Semua perangkat daerah"),
    (1, "Dinas Kesehatan"),
    (2, 'Dinas "Pendidikan" & <Kebudayaan>'),
    ("Kecamatan", [(3, "Kecamatan Serpong"), (4, "Kecamatan Ciputat")]),
]


@pytest.mark.parametrize("value", [None, "", 2, "4", ["1"]])
@pytest.mark.parametrize(
    "attrs", [None, {"class": "form-select", "id": "id_unit", "required": True}]
)
def test_the_same_html_as_djangos_select(value, attrs):
    expected = forms.Select(choices=CHOICES).render("unit", value, attrs)
    assert LongSelect(choices=CHOICES).render("unit", value, attrs) == expected


def test_the_unit_filter_renders_its_options_without_a_template_each(
    db, unit_a, unit_b, client_for, reviewer
):
    from django.template import engines

    engine = engines["django"].engine
    rendered = []
    original = engine.get_template

    def counted(name):
        rendered.append(name)
        return original(name)

    engine.get_template = counted
    try:
        response = client_for(reviewer).get("/dossiers/")
    finally:
        engine.get_template = original
    html = response.content.decode()
    assert f'<option value="{unit_a.pk}">{unit_a.name}</option>' in html
    assert "django/forms/widgets/select_option.html" not in rendered
