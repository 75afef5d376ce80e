"""What every registry import shares."""

from __future__ import annotations

from typing import Any

from focal_points.models import (
    Unit,
)


def units_for(user: Any) -> Any:
    """Units an import by `user` may name; None (a management command) means all."""
    if user is None:
        return Unit.objects.all()
    return Unit.objects.visible_to(user)
