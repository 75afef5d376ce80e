"""Recording the city's APE/PPE results (see focal_points.services.registry for the
shape every service here follows)."""

from typing import Any

from django.db import transaction

from focal_points.models import AwardResult
from pug_portal.activity import changed_fields, log_activity
from pug_portal.models import User
from pug_portal.permissions import require_perm
from pug_portal.uploads import stored_files


def award_create(*, by: User, data: dict[str, Any]) -> AwardResult:
    require_perm(by, "awards:manage")
    award = AwardResult(**data)
    with transaction.atomic(), stored_files(award):
        award.full_clean()
        award.save()
        log_activity(actor=by, action="award.create", target=award)
    return award


def award_update(*, award: AwardResult, by: User, data: dict[str, Any]) -> AwardResult:
    """Correct a result; `evidence` may be a new file (the old one is deleted once
    this commits), False to remove it, or the stored file (unchanged)."""
    require_perm(by, "awards:manage")
    with transaction.atomic(), stored_files(award):
        changes = changed_fields(award, data)
        if not changes:
            return award
        award.full_clean()
        award.save(update_fields=list(changes))
        log_activity(actor=by, action="award.update", target=award, data=changes)
    return award


def award_delete(*, award: AwardResult, by: User) -> None:
    """Remove a result recorded in error (logged with what it said); its evidence
    file goes once the removal commits. The city board's latest result follows."""
    require_perm(by, "awards:manage")
    with transaction.atomic():
        stored = award.evidence.name
        storage = award.evidence.storage
        log_activity(
            actor=by,
            action="award.delete",
            target=award,
            data={
                "year": award.year,
                "framework": award.framework,
                "category": award.category,
                "note": award.note,
            },
        )
        award.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
