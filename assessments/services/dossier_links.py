"""Library files linked (never copied) from a PPRG dossier's evidence: link, unlink,
and "upload into the library and link" in one step. The dossier's own rule decides
when (`require_editable`: the same as uploading evidence to it)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import DossierLink, EvidenceFile
from assessments.services.evidence import library_add
from evaluations.models import Dossier
from evaluations.services.dossiers import require_editable
from pug_portal.activity import log_activity
from pug_portal.models import User
from pug_portal.permissions import require_in_scope


def dossier_link_add(*, dossier: Dossier, entry: EvidenceFile, by: User) -> DossierLink:
    """Link `entry` of the dossier's unit's library to `dossier`."""
    require_editable(dossier, by)
    require_in_scope(by, entry)
    if entry.unit_id != dossier.unit_id:
        # A reviewer sees every unit's library; the dossier still takes only its own.
        raise ValidationError(
            _("Berkas ini bukan milik pustaka %(unit)s.")
            % {"unit": dossier.unit.short_name},
            code="other_unit",
        )
    with transaction.atomic():
        link, created = DossierLink.objects.get_or_create(
            dossier=dossier, library_file=entry, defaults={"linked_by": by}
        )
        if not created:
            raise ValidationError(
                _("Berkas ini sudah ditautkan ke dokumen PPRG ini."), code="linked"
            )
        log_activity(
            actor=by,
            action="dossier.library_link",
            target=dossier,
            data={"library_file": entry.pk, "title": entry.title},
        )
    return link


def dossier_link_remove(*, link: DossierLink, by: User) -> None:
    """Unlink a library file from its dossier; the file stays in the library."""
    dossier = link.dossier
    require_editable(dossier, by)
    entry = link.library_file
    with transaction.atomic():
        link.delete()
        log_activity(
            actor=by,
            action="dossier.library_unlink",
            target=dossier,
            data={"library_file": entry.pk, "title": entry.title},
        )


def dossier_upload_and_link(
    *,
    dossier: Dossier,
    by: User,
    kind: str,
    title: str,
    document_date: datetime.date,
    file,
) -> DossierLink:
    """Put a file in the dossier's unit's library and link it, or neither."""
    require_editable(dossier, by)
    with transaction.atomic():
        entry = library_add(
            unit=dossier.unit,
            by=by,
            kind=kind,
            title=title,
            document_date=document_date,
            file=file,
        )
        return dossier_link_add(dossier=dossier, entry=entry, by=by)
