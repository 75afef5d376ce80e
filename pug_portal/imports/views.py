"""The import pages: choose an importer, upload, preview every row, commit, result.

Checks, in order: anonymous → login; no "imports:use" → 403; a batch outside the
user's own (administrators: everyone's) → 404; the importer's own permission → 403.
The work is done by the services in pug_portal/imports/batches.py."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pug_portal import imports as importing
from pug_portal.forms import PortalFormMixin, add_service_errors
from pug_portal.models import ImportBatch, ImportBatchState
from pug_portal.permissions import permission_required

RECENT_BATCHES = 20
# Rows per page of a preview: a 10,000-row file is 100 pages, not 20 MB of HTML.
PREVIEW_PAGE_SIZE = 100
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(PortalFormMixin, forms.Form):
    submit_label = _("Unggah dan lihat pratinjau")

    file = forms.FileField(
        label=_("Berkas XLSX atau CSV"),
        help_text=_(
            "Isi templat lalu unggah. Belum ada data yang disimpan sampai Anda "
            "menekan tombol Impor di halaman pratinjau."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _importer_or_404(identifier: str, user) -> type[importing.Importer]:
    importer = importing.get_importer(identifier)
    if importer is None:
        raise Http404
    if not importer.is_available_to(user):
        raise PermissionDenied
    return importer


def _batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(
        ImportBatch.objects.visible_to(request.user).select_related("user"), pk=pk
    )


@permission_required("imports:use")
def import_list(request: HttpRequest) -> HttpResponse:
    batches = ImportBatch.objects.filter(user=request.user)[:RECENT_BATCHES]
    return render(
        request,
        "imports/import_list.html",
        {
            "importers": importing.importers_for(request.user),
            "batches": [(b, importing.get_importer(b.importer)) for b in batches],
            "states": ImportBatchState,
        },
    )


@permission_required("imports:use")
def import_upload(request: HttpRequest, identifier: str) -> HttpResponse:
    importer = _importer_or_404(identifier, request.user)
    if importer.context_keys:  # started from its object's page, with that object
        raise Http404
    return upload_page(request, importer)


def upload_page(
    request: HttpRequest,
    importer_cls: type[importing.Importer],
    *,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The upload step of `importer_cls` (checks done by the caller): keep the file
    as a batch with the importer's `context`, then on to its preview."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = importing.batch_create(
                by=request.user,
                importer=importer_cls,
                upload=form.cleaned_data["file"],
                context=context,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(batch)
    return render(
        request,
        "imports/import_upload.html",
        {
            "importer": importer_cls(user=request.user, context=context),
            "form": form,
            "max_upload_mb": importing.max_upload_bytes() // 1024 // 1024,
            "max_rows": importing.row_limit(),
        },
    )


@permission_required("imports:use")
def import_template(request: HttpRequest, identifier: str) -> HttpResponse:
    importer = _importer_or_404(identifier, request.user)(user=request.user)
    response = HttpResponse(importer.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=importer.template_filename()
    )
    return response


@permission_required("imports:use")
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    if batch.state == ImportBatchState.COMMITTED or importing.batch_commit_pending(
        batch
    ):
        return redirect("import_result", pk=batch.pk)
    # Read as the uploader sees it: their scope is the one the commit will use.
    importer = importing.batch_importer(batch)(user=batch.user, context=batch.context)
    preview = table_error = None
    try:
        preview = importing.batch_preview(batch=batch, by=batch.user)
    except importing.TableError as error:
        table_error = str(error)
    only_errors = request.GET.get("tampil") == "galat"
    shown = preview.rows if preview else []
    if only_errors:
        shown = [row for row in shown if not row.ok]
    page = Paginator(shown, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/import_preview.html",
        {
            "batch": batch,
            "importer": importer,
            "preview": preview,
            "rows": preview.table(page.object_list) if preview else [],
            "page": page,
            "only_errors": only_errors,
            "table_error": table_error,
            # a large file's preview that the background worker is still making
            "pending": preview is None and table_error is None,
            "can_commit": bool(
                preview
                and preview.ok
                and batch.user_id == request.user.pk
                and importer.is_available_to(request.user)
            ),
        },
    )


@permission_required("imports:use")
@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    if importing.batch_is_large(batch):
        try:
            importing.batch_commit_enqueue(batch=batch, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(batch)
        return redirect("import_result", pk=batch.pk)
    try:
        result = importing.batch_commit(batch=batch, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(batch)
    if result.ok:
        messages.success(
            request,
            _(
                "Impor selesai: %(created)s baru, %(updated)s diperbarui, "
                "%(unchanged)s tidak berubah."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    else:
        messages.error(request, _("Impor dibatalkan; tidak ada data yang disimpan."))
    return redirect("import_result", pk=batch.pk)


@permission_required("imports:use")
def import_result(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    importing_now = importing.batch_commit_pending(batch)
    if batch.state == ImportBatchState.PREVIEWED and not importing_now:
        return redirect("import_preview", pk=batch.pk)
    importer_cls = importing.get_importer(batch.importer)
    return render(
        request,
        "imports/import_result.html",
        {
            "batch": batch,
            "importer": importer_cls
            and importer_cls(user=batch.user, context=batch.context),
            "result": batch.result,
            "committed": batch.state == ImportBatchState.COMMITTED,
            "pending": importing_now,
        },
    )
