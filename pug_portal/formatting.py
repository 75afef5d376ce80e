"""Indonesian formats for official documents: dates and Rupiah, independent of the
active UI language (an official letter says "10 Maret 2017" even for an English user)."""

import datetime
from decimal import Decimal

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(value: datetime.date | None) -> str:
    """`10 Maret 2017`; empty for None."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def thousands(value: int | Decimal | float | None) -> str:
    """`1.250.000` — dots as thousands separators, whole numbers only."""
    if value is None:
        return ""
    whole = int(Decimal(value).quantize(Decimal(1)))
    sign = "-" if whole < 0 else ""
    return sign + f"{abs(whole):,}".replace(",", ".")


def rupiah(value: int | Decimal | float | None) -> str:
    """`Rp 1.250.000`; empty for None."""
    if value is None:
        return ""
    return f"Rp {thousands(value)}"
