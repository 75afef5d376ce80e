"""How a page form reads one row of an import file: `ImportFormMixin`, and form
fields for cells typed the way spreadsheets hold them (1.250.000,50, 31-01-2026,
"ya", a choice by its label, a unit by its short name).

An importer's form is the page's form with this mixin in front and, where a cell may
be written differently from a browser input, one of these fields in place of the
page's; everything else (labels, lengths, validators, `clean()`) is the page's own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pug_portal.imports.reading import (
    CellError,
    parse_amount,
    parse_choice,
    parse_date,
    parse_flag,
    parse_int,
)
from pug_portal.validation import DOCUMENT_YEARS


class ImportFormMixin:
    """Put in front of a page form to bind it to one row of a file.

    `present` names the fields whose column is in the file; the form has only those,
    so what a file leaves out keeps its saved value (a new object: its default).

    The form parses and checks the cells; it does not validate the model. A
    ModelForm would run `full_clean()` for every row here (with a query per
    constraint) and the service runs it again when it writes the row: the service's
    run is the one that counts, and its errors come back to the row's columns the
    same way as the form's. (An import form's own fields need no label: a row's
    errors are shown in their column.)"""

    def __init__(self, *args: Any, present: Collection[str], **kwargs: Any) -> None:
        # Only the fields of the file's columns are copied for the row: a page form
        # has more, and copying them (querysets included) for every row of a large
        # file cost more than reading the rows. (The page forms' __init__ therefore
        # set up only the fields they have.)
        self.base_fields = {
            name: field for name, field in self.base_fields.items() if name in present
        }
        super().__init__(*args, **kwargs)

    def _post_clean(self) -> None:
        """No model validation here (see the class docstring)."""


class CellField(forms.Field):
    """A field that reads a cell's text with `parse` (which raises CellError with
    the message the row shows). An empty cell is `empty_value`."""

    empty_value: Any = None

    def parse(self, text: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_python(self, value: Any) -> Any:
        text = "" if value is None else str(value).strip()
        if not text:
            return self.empty_value
        try:
            return self.parse(text)
        except CellError as error:
            raise ValidationError(str(error), code="invalid") from None


class AmountCellField(CellField):
    """Rupiah as Indonesian spreadsheets write it (see `parse_amount`)."""

    def parse(self, text: str) -> Any:
        return parse_amount(text)


class DateCellField(CellField):
    """A date typed in a cell; a document's date (see `DOCUMENT_YEARS`)."""

    default_validators = [DOCUMENT_YEARS]

    def parse(self, text: str) -> Any:
        return parse_date(text)


class IntegerCellField(CellField):
    """A whole number, optionally within [min_value, max_value]."""

    def __init__(
        self,
        *,
        min_value: int | None = None,
        max_value: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def parse(self, text: str) -> int:
        number = parse_int(text)
        low = self.min_value if self.min_value is not None else number
        high = self.max_value if self.max_value is not None else number
        if not low <= number <= high:
            raise CellError(
                _("%(value)s di luar rentang %(min)s–%(max)s")
                % {"value": number, "min": low, "max": high}
            )
        return number


class FlagCellField(CellField):
    """Yes or no (`parse_flag`: ya/tidak, 1/0, x, …); or, with `yes` and `no`, the
    words of one column (a daftar hadir's "hadir") and its own message. An empty
    cell is `empty` (None: the form decides what it means)."""

    def __init__(
        self,
        *,
        yes: Iterable[str] = (),
        no: Iterable[str] = (),
        message: str = "",
        empty: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self.yes, self.no = frozenset(yes), frozenset(no)
        self.message = message
        self.empty_value = empty
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def parse(self, text: str) -> bool:
        if not self.yes:
            return parse_flag(text)
        word = text.lower()
        if word in self.yes or word in self.no:
            return word in self.yes
        raise CellError(self.message)


class ChoiceCellField(CellField):
    """A choice by its value or its label, in any case (`parse_choice`)."""

    empty_value = ""

    def __init__(self, *, choices: Iterable[tuple[str, Any]], **kwargs: Any) -> None:
        self.choices = list(choices)
        # {language: {value or label, lower-cased: value}}, shared by the copies a
        # form makes of the field: labels are translated once, not once per row.
        self.index: dict[str | None, dict[str, str]] = {}
        super().__init__(**kwargs)

    def parse(self, text: str) -> str:
        index = self.index.get(get_language())
        if index is None:
            index = self.index[get_language()] = {
                str(key).lower(): value
                for value, label in self.choices
                for key in (value, label)
            }
        value = index.get(text.lower())
        return parse_choice(text, self.choices) if value is None else value


class LookupCellField(CellField):
    """An object named by a cell: `options` maps lower-cased names to objects, which
    the importer loaded once for every row. `message(text)` says a name is not
    known (the same words whether it does not exist or is outside the user's scope,
    so that a file cannot probe the registry)."""

    def __init__(
        self,
        *,
        options: Mapping[str, Any],
        message: Callable[[str], str],
        **kwargs: Any,
    ) -> None:
        self.options, self.message = options, message
        super().__init__(**kwargs)

    def parse(self, text: str) -> Any:
        found = self.options.get(text.lower())
        if found is None:
            raise CellError(self.message(text))
        return found
