"""`pug_portal.validation.full_clean` skips the database round trips of
CheckConstraints, so every model validated with it must catch each of its
CheckConstraints in Python first. One violating instance per constraint."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from evaluations.models import BudgetLine
from focal_points.models import Attendance
from pug_portal.validation import full_clean
from tests.factories import AttendanceFactory, BudgetLineFactory

# {model: {constraint name: (field values that violate it, field the error is on)}}
VIOLATIONS = {
    BudgetLine: {
        "budget_line_pagu_not_negative": ({"pagu": Decimal("-1")}, "pagu"),
        "budget_line_realisasi_not_negative": (
            {"realisasi": Decimal("-1")},
            "realisasi",
        ),
        "budget_line_category_only_for_arg": (
            {"is_arg": False, "arg_category": "KHUSUS"},
            "arg_category",
        ),
    },
    Attendance: {
        "attendance_pre_test_range": ({"pre_test": 101}, "pre_test"),
        "attendance_post_test_range": ({"post_test": 101}, "post_test"),
    },
}
FACTORIES = {BudgetLine: BudgetLineFactory, Attendance: AttendanceFactory}


@pytest.mark.parametrize("model", list(VIOLATIONS), ids=lambda m: m.__name__)
def test_every_check_constraint_of_the_model_has_a_violation_listed(model):
    names = {
        c.name for c in model._meta.constraints if isinstance(c, models.CheckConstraint)
    }
    assert names == set(VIOLATIONS[model])


@pytest.mark.parametrize(
    ("model", "name"),
    [(model, name) for model, checks in VIOLATIONS.items() for name in checks],
)
def test_each_check_constraint_is_caught_in_python_next_to_its_field(db, model, name):
    values, field = VIOLATIONS[model][name]
    instance = FACTORIES[model]()
    full_clean(instance)  # valid as made
    for key, value in values.items():
        setattr(instance, key, value)
    with pytest.raises(ValidationError) as caught:
        full_clean(instance)
    assert field in caught.value.message_dict
    assert not any(name in m for m in sum(caught.value.message_dict.values(), []))


def test_unique_constraints_are_still_checked(db):
    line = BudgetLineFactory()
    twin = BudgetLineFactory.build(
        unit=line.unit, year=line.year, sub_kegiatan_code=line.sub_kegiatan_code
    )
    with pytest.raises(ValidationError) as caught:
        full_clean(twin)
    assert "sudah tercatat" in str(caught.value)
