"""No form asks a question with the answer already chosen: a radio group starts with
nothing checked, and a required drop-down without an initial value starts on an empty
option (a browser otherwise shows, and submits, its first choice). In a gender tool a
silently preset "Laki-laki" skews the data."""

import importlib
import pkgutil

import pytest
from django import forms

import assessments.forms
import evaluations.forms
import focal_points.forms

# Imported for their form classes, which the walk finds as subclasses.
import pug_portal.accounts.forms  # noqa: F401
import pug_portal.forms  # noqa: F401
import pug_portal.imports.forms  # noqa: F401


def _import_all(package) -> None:
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)


def _form_classes() -> list[type[forms.BaseForm]]:
    for package in (evaluations.forms, focal_points.forms, assessments.forms):
        _import_all(package)
    seen, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    ours = ("evaluations.", "focal_points.", "pug_portal.")
    return sorted(
        (c for c in seen if c.__module__.startswith(ours)),
        key=lambda c: (c.__module__, c.__qualname__),
    )


def _fields(form_class) -> dict[str, forms.Field]:
    """The fields as a page shows them (choices set in __init__ included); forms
    that need more context to be built are read from their declared fields."""
    for kwargs in ({}, {"unit": None}):
        try:
            return form_class(**kwargs).fields
        except TypeError:
            continue
    return form_class.base_fields


def _preset_fields(form_class) -> list[str]:
    preset = []
    for name, field in _fields(form_class).items():
        if not isinstance(field, forms.ChoiceField) or isinstance(
            field, forms.MultipleChoiceField
        ):
            continue
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            if field.initial not in (None, "") or "checked" in widget.render(
                name, None
            ):
                preset.append(name)
        elif isinstance(widget, forms.Select) and field.required:
            if field.initial not in (None, ""):
                continue
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is None:
                    preset.append(name)
                continue
            choices = list(field.choices)
            if choices and choices[0][0] not in (None, ""):
                preset.append(name)
    return preset


def test_the_walk_finds_the_forms_that_ask_for_sex_and_scores():
    names = {c.__name__ for c in _form_classes()}
    assert {"AppointmentForm", "RubricForm", "AttendanceAddForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", _form_classes(), ids=lambda c: c.__qualname__)
def test_no_choice_is_preset(form_class):
    assert _preset_fields(form_class) == []
