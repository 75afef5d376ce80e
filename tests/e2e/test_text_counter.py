"""The length counter under long text fields (portal.js): it shows the limit the
server enforces, follows typing, and is read with the field (aria-describedby)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_dossier_editor import editor  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_long_field_counts_its_characters(editor):  # noqa: F811
    page = editor
    page.locator("[data-section-link=gap]").click()
    field = page.locator("textarea[name=gap_policy]")
    field_id = field.get_attribute("id")
    counter = page.locator(f"#{field_id}-count")
    used = len(field.input_value())
    expect(counter).to_have_text(f"{used} / 2.000")
    field.fill("a" * 1500)
    expect(counter).to_have_text("1.500 / 2.000")
    assert f"{field_id}-count" in field.get_attribute("aria-describedby")
    # The browser stops at the limit; the counter says it is reached.
    field.fill("b" * 2100)
    expect(counter).to_have_text("2.000 / 2.000")
    expect(counter).to_have_class("form-text text-end char-count text-danger")
