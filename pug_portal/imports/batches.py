"""The services behind the import pages: keep an upload for preview, preview it,
commit it once."""

from __future__ import annotations

import datetime
import io
import logging
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pug_portal.activity import log_activity
from pug_portal.imports.base import (
    Importer,
    ImportResult,
    Preview,
    RowError,
    get_importer,
)
from pug_portal.imports.reading import (
    TableError,
    inspect_upload,
    max_upload_bytes,
    megabytes,
)
from pug_portal.models import ImportBatch, ImportBatchState

logger = logging.getLogger(__name__)


def batch_create(
    *,
    by: Any,
    importer: type[Importer],
    upload: Any,
    context: dict[str, Any] | None = None,
) -> ImportBatch:
    """Check an uploaded file (type, size, safety, headers) and keep it for preview,
    with the importer's `context` (the object its rows belong to, e.g. {"event": 3}).

    A file that cannot be read at all raises ValidationError keyed "file" and is not
    kept; row problems are for the preview to show."""
    if not importer.is_available_to(by):
        raise PermissionDenied
    size = getattr(upload, "size", None)
    if size is not None and size > max_upload_bytes():
        raise ValidationError(
            {
                "file": _("Berkas terlalu besar (%(size)s MB). Batas %(limit)s MB.")
                % {"size": megabytes(size), "limit": settings.MAX_UPLOAD_MB}
            }
        )
    data = upload.read(max_upload_bytes() + 1)
    name = PurePath(getattr(upload, "name", "") or "").name[:200]
    try:
        kind = inspect_upload(data, name=name)
        rows = importer(user=by, context=context).read(io.BytesIO(data), name=name)
    except TableError as error:
        raise ValidationError({"file": str(error)}) from None
    batch = ImportBatch(
        user=by,
        importer=importer.identifier,
        original_name=name,
        context=context or {},
    )
    in_background = len(rows) > settings.IMPORT_BACKGROUND_ROWS
    if in_background:
        batch.preview = {"pending": timezone.now().isoformat()}
    batch.file.save(f"{importer.identifier}.{kind}", ContentFile(data), save=False)
    batch.save()
    if in_background:
        from pug_portal.imports.tasks import build_import_preview

        transaction.on_commit(lambda: build_import_preview.enqueue(batch.pk))
    return batch


def _batch_rows(batch: ImportBatch, importer: Importer):
    with batch.file.open("rb") as handle:
        return importer.read(handle, name=batch.original_name)


def batch_importer(batch: ImportBatch) -> type[Importer]:
    importer = get_importer(batch.importer)
    if importer is None:  # an importer removed since the upload
        raise Http404
    return importer


def batch_preview(*, batch: ImportBatch, by: Any) -> Preview | None:
    """The batch's preview: its file parsed against the database as it was at the
    first view, kept on the batch (`ImportBatch.preview`) so that the next views and
    pages do not read the file and run every row again. (The commit always runs
    against the database of its moment.) None while the background worker is still
    making it (a large file, see `batch_create`); made here when the worker has not
    finished it in IMPORT_PREVIEW_WAIT_MINUTES. Raises TableError when the kept file
    can no longer be read."""
    kept = batch.preview
    if "table_error" in kept:
        raise TableError(kept["table_error"])
    if "rows" in kept:
        importer_cls = batch_importer(batch)
        return Preview.from_dict(
            kept,
            columns=list(importer_cls.columns),
            field_columns=importer_cls.field_columns,
        )
    if "pending" in kept:
        since = datetime.datetime.fromisoformat(kept["pending"])
        wait = datetime.timedelta(minutes=settings.IMPORT_PREVIEW_WAIT_MINUTES)
        if timezone.now() - since < wait:
            return None
    return _build_preview(batch, by=by)


def _build_preview(batch: ImportBatch, *, by: Any) -> Preview:
    importer = batch_importer(batch)(user=by, context=batch.context)
    try:
        preview = importer.parse(_batch_rows(batch, importer))
    except TableError as error:
        batch.preview = {"table_error": str(error)}
        batch.save(update_fields=["preview"])
        raise
    batch.preview = preview.as_dict()
    batch.save(update_fields=["preview"])
    return preview


def batch_preview_build(*, batch_id: int) -> str:
    """The background worker's part: make and keep the preview of an uploaded
    batch, as its uploader would see it. Returns what it did."""
    batch = (
        ImportBatch.objects.select_related("user")
        .filter(pk=batch_id, state=ImportBatchState.PREVIEWED)
        .first()
    )
    if batch is None or "pending" not in batch.preview:
        return "skipped"  # purged, committed, or already made by a page view
    try:
        preview = _build_preview(batch, by=batch.user)
    except TableError:
        return "unreadable"
    return f"{len(preview.rows)} rows"


def batch_is_large(batch: ImportBatch) -> bool:
    """True when the batch's rows are many enough for the background worker."""
    return len(batch.preview.get("rows", ())) > settings.IMPORT_BACKGROUND_ROWS


def batch_commit_pending(batch: ImportBatch) -> bool:
    """True while the background worker is importing the batch (see
    `batch_commit_enqueue`); a commit older than IMPORT_PREVIEW_WAIT_MINUTES that
    has not finished (a stopped worker) is no longer pending, and may be tried
    again."""
    committed = batch.state == ImportBatchState.COMMITTED
    since = None if committed else batch.result.get("pending")
    if not since:
        return False
    wait = datetime.timedelta(minutes=settings.IMPORT_PREVIEW_WAIT_MINUTES)
    return timezone.now() - datetime.datetime.fromisoformat(since) < wait


def batch_commit_enqueue(*, batch: ImportBatch, by: Any) -> None:
    """Hand the commit of a large batch to the background worker (a 10,000-row
    commit runs every row's services: minutes, past any web worker's timeout). The
    worker runs `batch_commit` with its rules and its lock; the result page shows
    its progress meanwhile."""
    importer_cls = batch_importer(batch)
    if batch.user_id != getattr(by, "pk", None) or not importer_cls.is_available_to(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state == ImportBatchState.COMMITTED:
            raise ValidationError(_("Berkas ini sudah diimpor."), code="committed")
        if batch_commit_pending(locked):
            return  # a second click: the first one's commit is on its way
        locked.result = {"pending": timezone.now().isoformat()}
        locked.save(update_fields=["result"])
        from pug_portal.imports.tasks import commit_import

        transaction.on_commit(lambda: commit_import.enqueue(batch.pk, by.pk))


def batch_commit_run(*, batch_id: int, user_id: int) -> str:
    """The background worker's part of `batch_commit_enqueue`."""
    batch = ImportBatch.objects.select_related("user").filter(pk=batch_id).first()
    if batch is None or not batch.result.get("pending"):
        return "skipped"
    by = get_user_model()._default_manager.get(pk=user_id)
    try:
        result = batch_commit(batch=batch, by=by)
    except (ValidationError, PermissionDenied):
        return "skipped"
    return "committed" if result.ok else f"{len(result.errors)} errors"


def batch_commit(*, batch: ImportBatch, by: Any) -> ImportResult:
    """Import the batch's file in one transaction, once. The result (counts or row
    errors) is kept on the batch; nothing is written unless every row is clean, and an
    unexpected failure on any row rolls every row back."""
    importer_cls = batch_importer(batch)
    # Administrators may look at anyone's batch; only the uploader imports it.
    if batch.user_id != getattr(by, "pk", None) or not importer_cls.is_available_to(by):
        raise PermissionDenied
    importer = importer_cls(user=by, context=batch.context)
    with transaction.atomic():
        # Held until the end: a second click (or a second tab) waits, then sees the
        # batch committed instead of importing it twice.
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state == ImportBatchState.COMMITTED:
            raise ValidationError(_("Berkas ini sudah diimpor."), code="committed")
        try:
            result = importer.commit(_batch_rows(locked, importer))
        except TableError as error:
            result = ImportResult(errors=[RowError(0, "", str(error))])
        except Exception:
            # importer.commit's own transaction has rolled every row back.
            logger.exception("import batch %s failed", batch.pk)
            result = ImportResult(
                errors=[
                    RowError(
                        0,
                        "",
                        _(
                            "Terjadi kesalahan tak terduga saat mengimpor; tidak ada "
                            "data yang disimpan. Coba lagi atau hubungi administrator."
                        ),
                    )
                ]
            )
        locked.result = result.as_dict()
        locked.preview = {}  # a failed commit's rows are read again on the next view
        locked.finished_at = timezone.now()
        locked.state = (
            ImportBatchState.COMMITTED if result.ok else ImportBatchState.FAILED
        )
        locked.save(update_fields=["result", "preview", "finished_at", "state"])
        if result.ok:
            log_activity(
                actor=by,
                action="import.commit",
                target=locked,
                data={
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
    batch.refresh_from_db()
    return result


def batches_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete the batches uploaded more than IMPORT_BATCH_EXPIRY_DAYS ago, and their
    files (an upload holds personal data; it is kept for its preview and result only).
    Returns the counts."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.IMPORT_BATCH_EXPIRY_DAYS
    )
    expired = list(ImportBatch.objects.filter(created_at__lt=cutoff).only("file"))
    files = 0
    for batch in expired:
        if batch.file:
            batch.file.delete(save=False)
            files += 1
    deleted, _detail = ImportBatch.objects.filter(
        pk__in=[b.pk for b in expired]
    ).delete()
    return {"batches": deleted, "files": files}
