"""Uploaded files: checked by content and size on the way in, served only through
permission-checked views on the way out (there is no public /media/ URL)."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import FileField, Model
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import floatformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Extension → MIME type the content must have. DOCX/XLSX are recognised inside the zip.
KINDS: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def megabytes(size: int) -> str:
    """A size in MB with one decimal, in the active language ("28,6" in Indonesian)."""
    return floatformat(size / 1024 / 1024, 1)


@deconstructible
class FileContentValidator:
    """Accept a file only if its bytes are one of `extensions` (and its name agrees)
    and it is not larger than MAX_UPLOAD_MB."""

    def __init__(self, extensions: Iterable[str]):
        self.extensions = tuple(extensions)

    def __call__(self, file) -> None:
        if file.size > max_upload_bytes():
            raise ValidationError(
                _("Berkas terlalu besar (%(size)s MB). Batas %(limit)s MB.")
                % {
                    "size": megabytes(file.size),
                    "limit": settings.MAX_UPLOAD_MB,
                },
                code="too_large",
            )
        allowed = ", ".join(e.upper() for e in self.extensions)
        extension = PurePath(file.name).suffix.lower().lstrip(".")
        if extension not in self.extensions:
            raise ValidationError(
                _("Jenis berkas tidak diterima. Yang diterima: %(allowed)s.")
                % {"allowed": allowed},
                code="bad_extension",
            )
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(8192)
        file.seek(position)
        kind = filetype.guess(head)
        if kind is None or kind.mime != KINDS[extension]:
            raise ValidationError(
                _(
                    "Isi berkas bukan %(kind)s seperti namanya. Unggah berkas %(kind)s "
                    "yang asli."
                )
                % {"kind": extension.upper()},
                code="bad_content",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, FileContentValidator) and (
            self.extensions == other.extensions
        )


def serve_file(
    field_file: FieldFile, *, download_name: str | None = None
) -> FileResponse:
    """Send a stored file as an attachment with the content type its bytes have.

    Call only after the view has fetched the owning object through a scoped queryset
    and checked the permission."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = filetype.guess(handle.read(8192))
    handle.seek(0)
    name = download_name or PurePath(field_file.name).name
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=kind.mime if kind else "application/octet-stream",
    )


@contextmanager
def stored_files(instance: Model) -> Iterator[None]:
    """Around the code that changes and saves `instance` (inside its transaction):
    keep the files in storage in step with the row, so none is ever orphaned.

    A file the block wrote (a new upload saved with the row) is deleted again when
    the block fails; a file the block replaced or cleared is deleted once the
    transaction commits (before that the old row, and its file, may still be the
    one that stays). Enter it before the instance's fields are changed."""
    fields = [f for f in instance._meta.concrete_fields if isinstance(f, FileField)]
    before = {f.attname: _stored_name(getattr(instance, f.attname)) for f in fields}
    try:
        yield
    except BaseException:
        for field in fields:
            written = _stored_name(getattr(instance, field.attname))
            if written and written != before[field.attname]:
                field.storage.delete(written)
        raise
    for field in fields:
        old = before[field.attname]
        if old and _stored_name(getattr(instance, field.attname)) != old:
            transaction.on_commit(partial(field.storage.delete, old))


def delete_files_on_commit(instance: Model) -> None:
    """Call right after `instance.delete()`, inside its transaction: its stored
    files go once the deletion commits, never before (a rollback keeps the row,
    which still needs them)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, FileField) and (
            name := _stored_name(getattr(instance, field.attname))
        ):
            transaction.on_commit(partial(field.storage.delete, name))


class UploadedFile(models.Model):
    """What a model holding one user's upload (a dossier's evidence, a library
    file) records beside its own FileField: the name the user gave it (storage
    renames), its size, who uploaded it and when. Fill it with `upload_fields`."""

    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        abstract = True


def upload_fields(file, *, by) -> dict:
    """The `file` field and the UploadedFile fields of a new upload by `by`."""
    return {
        "file": file,
        "original_name": getattr(file, "name", "")[:255],
        "size": getattr(file, "size", 0) or 0,
        "uploaded_by": by,
    }


def _stored_name(field_file: FieldFile) -> str:
    """The name in storage, or "" for no file or an upload not saved yet."""
    return field_file.name if field_file and field_file._committed else ""
