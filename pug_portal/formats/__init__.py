"""Number and date formats, by language: Django's localisation (the `date`,
`floatformat` and `filesizeformat` filters, `date_format`) with the format modules in
this package (FORMAT_MODULE_PATH) where Django's own differ from what an official
Indonesian document writes. Pages follow the reader's language; official documents
(pug_portal.reports.pdf) are rendered in Indonesian whatever it is.

`rupiah` is the one helper Django lacks: a currency prefix. Numbers go through
`floatformat` with the "g" (grouping) suffix rather than `number_format`, because
`number_format` cuts decimals off (12,96 → "12,9") where `floatformat` rounds."""

from __future__ import annotations

from decimal import Decimal

from django.template.defaultfilters import floatformat

# A no-break space: "Rp" never ends a line with its number on the next one.
RUPIAH_PREFIX = "Rp\u00a0"


def rupiah(value: int | float | Decimal | None) -> str:
    """`Rp 1.250.000` (Indonesian) or `Rp 1,250,000` (English): whole Rupiah,
    grouped in the active language's separators; empty for None."""
    if value is None or value == "":
        return ""
    return RUPIAH_PREFIX + floatformat(value, "0g")
