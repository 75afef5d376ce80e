"""Model validation for services that write many rows (the imports)."""

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import models, router


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
