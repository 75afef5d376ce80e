"""A unit's evidence library: upload once (content and size checked as every upload),
delete only while nothing links to the file."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from assessments.models import AnswerEvidence, DossierLink, EvidenceFile
from focal_points.models import Unit
from pug_portal.activity import log_activity
from pug_portal.models import User
from pug_portal.permissions import require_in_scope, require_perm
from pug_portal.uploads import delete_files_on_commit, stored_files, upload_fields


def library_add(
    *,
    unit: Unit,
    by: User,
    kind: str,
    title: str,
    document_date: datetime.date,
    file,
) -> EvidenceFile:
    """Put a file in `unit`'s library."""
    require_perm(by, "evidence:manage")
    require_in_scope(by, unit)
    entry = EvidenceFile(
        unit=unit,
        kind=kind,
        title=title,
        document_date=document_date,
        **upload_fields(file, by=by),
    )
    with transaction.atomic(), stored_files(entry):
        entry.full_clean()
        entry.save()
        log_activity(
            actor=by,
            action="evidence.add",
            target=entry,
            data={"kind": kind, "file": entry.original_name, "unit": unit.pk},
        )
    return entry


def where_used(entry: EvidenceFile) -> list[str]:
    """The dossiers ("Dokumen PPRG <sub kegiatan> — <unit> <year>") and the answers
    ("<assessment> · <item code>") that link to `entry`."""
    dossiers = DossierLink.objects.filter(library_file=entry).select_related(
        "dossier__budget_line", "dossier__unit"
    )
    answers = AnswerEvidence.objects.filter(library_file=entry).select_related(
        "answer__assessment__instrument",
        "answer__assessment__unit",
        "answer__item",
    )
    return [str(link) for link in dossiers] + [str(link) for link in answers]


def in_use_error(places: list[str]) -> ValidationError:
    return ValidationError(
        _("Berkas ini masih dipakai dan tidak dapat dihapus: %(places)s.")
        % {"places": "; ".join(places)},
        code="in_use",
    )


def library_delete(*, entry: EvidenceFile, by: User) -> None:
    """Remove a file nothing links to; a linked one is refused, listing where."""
    require_perm(by, "evidence:manage")
    require_in_scope(by, entry)
    places = where_used(entry)
    if places:
        raise in_use_error(places)
    with transaction.atomic():
        log_activity(
            actor=by,
            action="evidence.delete",
            target=entry,
            data={"file": entry.original_name},
        )
        try:
            entry.delete()
        except ProtectedError:  # linked meanwhile
            raise in_use_error(where_used(entry)) from None
        delete_files_on_commit(entry)
