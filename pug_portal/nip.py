"""NIP (Nomor Induk Pegawai), the 18-digit number of a civil servant: birth date
(8 digits), start of service (6), sex (1 = laki-laki, 2 = perempuan) and a serial
(3). Typed and printed grouped that way ("19680512 199703 2 004"); stored as the
18 digits. Every form and importer that takes a NIP uses `NipField`."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

GROUPS = (8, 6, 1, 3)
SEX_DIGITS = {"1": "L", "2": "P"}
_DIGITS = re.compile(r"\d{18}")


def format_nip(value: str | None) -> str:
    """'196805121997032004' → '19680512 199703 2 004'; anything else as it is."""
    if not value or not _DIGITS.fullmatch(value):
        return value or ""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(value[start : start + size])
        start += size
    return " ".join(parts)


def nip_sex(value: str | None) -> str | None:
    """'L' or 'P' as digit 15 of a well-formed NIP says, else None."""
    if value and _DIGITS.fullmatch(value):
        return SEX_DIGITS.get(value[14])
    return None


def nip_sex_error(nip: str | None, sex: str | None) -> str | None:
    """The message for a NIP whose sex digit contradicts the chosen sex, else None."""
    coded = nip_sex(nip)
    if not coded or not sex or coded == sex:
        return None
    if coded == "L":
        return gettext(
            "NIP ini milik laki-laki (angka ke-15 = 1), tetapi jenis kelamin yang "
            "dipilih perempuan. Periksa NIP atau jenis kelaminnya."
        )
    return gettext(
        "NIP ini milik perempuan (angka ke-15 = 2), tetapi jenis kelamin yang "
        "dipilih laki-laki. Periksa NIP atau jenis kelaminnya."
    )


class NipField(forms.CharField):
    """A NIP as people type it: spaces (and the apostrophe a spreadsheet keeps
    numbers as text with) are removed, then it must be 18 digits with a sex digit
    of 1 or 2. Empty gives `empty_value` ("" by default; None for a nullable
    column)."""

    default_help_text = _(
        "18 angka; spasi boleh, misalnya 19680512 199703 2 004. Kosongkan bila "
        "bukan ASN."
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("NIP"))
        kwargs.setdefault("required", False)
        if not kwargs.get("help_text"):  # a model form passes the column's ""
            kwargs["help_text"] = self.default_help_text
        # Room for the spaces people type (a model form would pass the column's
        # 18, and the browser would then refuse the grouped form).
        kwargs["max_length"] = 30
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return re.sub(r"[\s']", "", value)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if not _DIGITS.fullmatch(value):
            raise ValidationError(
                _(
                    "NIP harus 18 angka (spasi boleh, misalnya 19680512 199703 2 "
                    "004); yang diisi %(count)s karakter."
                ),
                code="nip",
                params={"count": len(value)},
            )
        if value[14] not in SEX_DIGITS:
            raise ValidationError(
                _(
                    "Angka ke-15 NIP adalah kode jenis kelamin dan harus 1 "
                    "(laki-laki) atau 2 (perempuan), bukan %(digit)s."
                ),
                code="nip_sex_digit",
                params={"digit": value[14]},
            )
