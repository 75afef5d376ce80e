"""The activity log, as services write it."""

import json
from pathlib import PurePath
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from pug_portal.models import ActivityLog


def log_activity(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Record that `actor` did `action` to `target`. `data` holds what changed, in
    JSON-safe form (dates and decimals are turned into strings)."""
    safe = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    return ActivityLog.objects.create(
        # No actor for the anonymous and for SYSTEM_USER (a command, the seeder).
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:255],
        data=safe,
    )


def changed_fields(instance: models.Model, cleaned: dict[str, Any]) -> dict[str, Any]:
    """Apply `cleaned` to `instance`; return {field: [old, new]} for what really changed.

    A file field takes what a form's file input gives: a new upload, the stored
    file (unchanged) or False ("clear" ticked), which empties the field as
    `FileField.save_form_data` does (set as is, False would be saved as "False")."""
    changes: dict[str, Any] = {}
    for name, value in cleaned.items():
        old = getattr(instance, name)
        if value is False and isinstance(
            instance._meta.get_field(name), models.FileField
        ):
            value = ""
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(instance, name, value)
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, File):  # a stored file or a new upload: its name
        return PurePath(value.name).name if value.name else None
    return value
