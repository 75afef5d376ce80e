"""Instruments as versioned data: items checked by the service, an instrument in use
refused with the way forward, a copy for next year that leaves old answers alone."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.models import Answer, AnswerType, Instrument, ItemGroup
from assessments.services import instruments as services
from tests.assessments.factories import AnswerFactory, InstrumentFactory, ItemFactory

pytestmark = pytest.mark.django_db


def item_data(**overrides):
    return {
        "code": "P.1",
        "group": ItemGroup.PELEMBAGAAN,
        "question": "Apakah ada SK Pokja PUG?",
        "answer_type": AnswerType.YES_NO,
        "weight": Decimal("2"),
        **overrides,
    }


def test_an_item_is_added_at_the_end_with_its_weight(reviewer):
    instrument = InstrumentFactory()
    ItemFactory(instrument=instrument, order=4)
    item = services.item_create(instrument=instrument, by=reviewer, data=item_data())
    assert item.order == 5
    assert item.weight == Decimal("2")


def test_a_choice_item_needs_two_scored_options(reviewer):
    instrument = InstrumentFactory()
    with pytest.raises(ValidationError) as caught:
        services.item_create(
            instrument=instrument,
            by=reviewer,
            data=item_data(
                answer_type=AnswerType.CHOICE, options=[{"label": "Ada", "score": 1}]
            ),
        )
    assert "dua pilihan" in str(caught.value)
    assert not instrument.items.exists()


def test_a_focal_point_may_not_manage_instruments(focal_a):
    with pytest.raises(PermissionDenied):
        services.instrument_create(
            by=focal_a, data={"name": "X", "year": 2026, "scope": "UNIT"}
        )


def test_an_instrument_with_answers_refuses_every_edit_with_the_way_forward(reviewer):
    answer = AnswerFactory()
    instrument, item = answer.assessment.instrument, answer.item
    for attempt in (
        lambda: services.instrument_update(
            instrument=instrument, by=reviewer, data={"name": "Baru"}
        ),
        lambda: services.item_update(
            item=item, by=reviewer, data={"question": "Diubah?"}
        ),
        lambda: services.item_create(
            instrument=instrument, by=reviewer, data=item_data(code="Z.9")
        ),
        lambda: services.item_delete(item=item, by=reviewer),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert "salin untuk tahun berikutnya" in str(caught.value)
    item.refresh_from_db()
    assert item.question != "Diubah?"


def test_copy_for_next_year_makes_a_new_version_and_old_answers_never_change(
    reviewer,
):
    answer = AnswerFactory(value="ya")
    old = answer.assessment.instrument
    ItemFactory(instrument=old, code="X.2", question="Kedua?")
    copy = services.instrument_copy(instrument=old, by=reviewer)

    assert (copy.year, copy.version, copy.source) == (old.year + 1, 2, old)
    assert sorted(copy.items.values_list("code", flat=True)) == sorted(
        old.items.values_list("code", flat=True)
    )
    # Editing the copy is allowed and touches neither the old items nor the answer.
    copied = copy.items.get(code=answer.item.code)
    services.item_update(item=copied, by=reviewer, data={"question": "Versi 2?"})
    services.item_create(instrument=copy, by=reviewer, data=item_data(code="N.1"))
    answer.item.refresh_from_db()
    assert answer.item.question != "Versi 2?"
    assert Answer.objects.get(pk=answer.pk).value == "ya"
    assert old.items.count() == 2 and copy.items.count() == 3


def test_the_edit_page_of_an_instrument_in_use_shows_the_refusal(reviewer, client_for):
    answer = AnswerFactory()
    instrument = answer.assessment.instrument
    response = client_for(reviewer).post(
        f"/instruments/{instrument.pk}/edit/",
        {"name": "Baru", "year": 2026, "scope": "UNIT", "co_reviewers": ""},
    )
    assert response.status_code == 200
    assert "salin untuk tahun berikutnya" in response.content.decode()
    assert Instrument.objects.get(pk=instrument.pk).name == instrument.name


def test_the_instrument_page_lists_items_and_offers_the_copy(reviewer, client_for):
    item = ItemFactory(code="A.1", question="Apakah ada SK Pokja PUG?")
    response = client_for(reviewer).get(item.instrument.get_absolute_url())
    page = response.content.decode()
    assert "Apakah ada SK Pokja PUG?" in page
    assert "Salin untuk tahun berikutnya" in page
