"""The committed .mo files must be compiled from the committed .po files: a changed .po
without `make messages` (compilemessages) fails here."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO_FILES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def _catalog(entries) -> dict:
    catalog = {}
    for entry in entries:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        value = dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
        if (
            value
            and value != {0: "", 1: ""}
            and any(value.values() if isinstance(value, dict) else [value])
        ):
            catalog[key] = (
                {int(k): v for k, v in value.items()}
                if isinstance(value, dict)
                else value
            )
    return catalog


def test_there_is_an_english_catalogue():
    assert LOCALE / "en" / "LC_MESSAGES" / "django.po" in PO_FILES


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-3])
def test_compiled_catalogue_matches_its_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run `make messages`"
    po = _catalog(polib.pofile(str(po_path)))
    mo = _catalog(polib.mofile(str(mo_path)))
    assert po == mo, f"{po_path} changed without recompiling: run `make messages`"
