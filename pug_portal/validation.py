"""Model validation for services that write many rows (the imports), and the
ranges every date a person types must fall in."""

import datetime
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, router
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


def full_clean(
    instance: models.Model,
    *,
    exclude: list[str] | None = None,
    checked: Collection[str] = (),
) -> None:
    """`instance.full_clean()`, without asking the database about CheckConstraints
    nor about the constraints named in `checked` (which the calling service has just
    checked itself, with the message a user should read).

    Django checks each CheckConstraint with a savepoint and a SELECT: three queries
    per constraint on every save, which made up 9 of the 16 queries of each imported
    budget line. Use this only for models whose every CheckConstraint restates a
    field validator or the model's `clean()` (they run first, with the message a
    user should read; tests/pug_portal/test_validation.py holds each such model to
    it). The database still enforces every constraint on save, and the other
    constraints (unique ones) are checked here with their own message."""
    instance.full_clean(exclude=exclude, validate_constraints=False)
    using = router.db_for_write(type(instance), instance=instance)
    errors: dict = {}
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            if isinstance(constraint, models.CheckConstraint):
                continue
            if constraint.name in checked:
                continue
            try:
                constraint.validate(model, instance, exclude=exclude, using=using)
            except ValidationError as error:  # as Model.validate_constraints does
                if error.code == "unique" and len(constraint.fields) == 1:
                    errors.setdefault(constraint.fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


# --- date ranges -------------------------------------------------------------------


@deconstructible
class YearRangeValidator:
    """A date or datetime whose year lies between `first` and `last` (inclusive).

    Every date a person types has one: year 1 or 9999 is a slip of the keyboard, and
    a datetime near either end cannot even be shifted to UTC (PostgreSQL then fails
    every page that reads the row: "timestamp too small")."""

    code = "date_range"

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.last = last

    def __call__(self, value: datetime.date | None) -> None:
        if value is not None and not self.first <= value.year <= self.last:
            raise ValidationError(
                _("Tanggal harus antara tahun %(first)s dan %(last)s."),
                code=self.code,
                params={"first": self.first, "last": self.last},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YearRangeValidator) and (self.first, self.last) == (
            other.first,
            other.last,
        )

    def __hash__(self) -> int:
        return hash((self.first, self.last))

    def html_bounds(self, *, with_time: bool = False) -> dict[str, str]:
        """min/max for the browser's date (or datetime-local) picker."""
        suffix = "T00:00" if with_time else ""
        end = "T23:59" if with_time else ""
        return {
            "min": f"{self.first:04d}-01-01{suffix}",
            "max": f"{self.last:04d}-12-31{end}",
        }


# Decrees, appointments, units' validity, signatures, a cycle's dates: documents of
# the Republic (from 1945) to the end of any plan the portal holds.
DOCUMENT_YEARS = YearRangeValidator(1945, 2100)
# Capacity-building events: the portal's records start long after 2000.
EVENT_YEARS = YearRangeValidator(2000, 2100)


def in_cycle_years(value: datetime.date | None, year: int) -> bool:
    """True when `value` (a cycle's date, a GBS signature) falls in the year before,
    of, or after the fiscal `year`: planning starts the year before, the evaluation
    ends the year after."""
    return value is None or year - 1 <= value.year <= year + 1


# --- text limits -------------------------------------------------------------------

# Characters, by purpose: a note or an indicator is a paragraph, a narrative part of a
# document (a GAP step, the KAK's method) a page. The dossier's PDFs are benched at
# every field full (bench/dossier_pdf_limits.py): they stay under 5 s.
ROW_TEXT = 500  # a cell of a table (an action, its output)
NOTE_TEXT = 1_000
REASON_TEXT = 2_000
NARRATIVE_TEXT = 2_000


class LimitedTextField(models.TextField):
    """A TextField whose `max_length` model validation enforces too (Django passes
    a TextField's max_length to the form's textarea only), so a service refuses
    over-long text from any caller with the form's message."""

    def __init__(self, *args, max_length: int, **kwargs) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self) -> list:
        return [*super().validators, MaxLengthValidator(self.max_length)]
