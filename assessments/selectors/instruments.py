"""Reads of instruments."""

from typing import Any

from assessments.models import Instrument
from assessments.models.instruments import InstrumentQuerySet


def instrument_list(*, user: Any) -> InstrumentQuerySet:
    return (
        Instrument.objects.visible_to(user)
        .with_counts()
        .order_by("-year", "name", "-version", "pk")
    )
