"""The reports page: what the user may download, the download itself, and reports
generated in the background (ReportRun, pug_portal/reports/runs.py).

Reports come from the exporter registry (pug_portal/reports/exporting.py), filled by the apps.
Checks, in order: anonymous → login; no "reports:download" → 403; unknown report or
format → 404; the report's own permission → 403; a unit outside the user's scope →
404 (the exporter scopes every query by the user). A background run is visible only
to its requester and the administrators: anyone else gets a 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pug_portal.models import ReportRun, ReportRunState
from pug_portal.permissions import permission_required, scoped
from pug_portal.reports import exporting
from pug_portal.reports import runs as report_runs

RECENT_RUNS = 10


class ReportParamsForm(forms.Form):
    """Optional narrowing of a report, from the query string."""

    year = forms.IntegerField(
        label=_("Tahun"), required=False, min_value=2000, max_value=2100
    )
    unit = forms.CharField(label=_("Perangkat daerah"), required=False, max_length=60)

    def params(self) -> exporting.ExportParams:
        return exporting.ExportParams(
            year=self.cleaned_data.get("year"),
            unit=self.cleaned_data.get("unit") or None,
        )


def download_response(exporter: exporting.BaseExporter) -> HttpResponse:
    """The report rendered in the request, as a download under its own name."""
    response = HttpResponse(exporter.render(), content_type=exporter.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=exporter.filename()
    )
    return response


def _exporter_or_404(
    request: HttpRequest, identifier: str, fmt: str
) -> type[exporting.BaseExporter]:
    exporter_cls = exporting.get_exporter(identifier)
    if exporter_cls is None or fmt not in exporter_cls.formats:
        raise Http404
    if not exporter_cls.is_available_to(request.user):
        raise PermissionDenied
    return exporter_cls


@permission_required("reports:download")
def report_list(request: HttpRequest) -> HttpResponse:
    exporters = [
        (cls, report_runs.runs_in_background(cls))
        for cls in exporting.exporters_for(request.user)
    ]
    background = [cls for cls, in_background in exporters if in_background]
    runs = ReportRun.objects.filter(requester=request.user)[:RECENT_RUNS]
    return render(
        request,
        "reports/report_list.html",
        {
            "exporters": exporters,
            # The "Buat" forms' selects, one query each, only when a form shows them.
            "year_choices": (
                exporting.param_choices("year", request.user) if background else []
            ),
            "unit_choices": (
                exporting.param_choices("unit", request.user)
                if any(getattr(cls, "takes_unit", False) for cls in background)
                else []
            ),
            "runs": [report_runs.run_context(run) for run in runs],
        },
    )


@permission_required("reports:download")
def report_download(request: HttpRequest, identifier: str, fmt: str) -> HttpResponse:
    """The report as a download, rendered in the request. Reports that cover many
    units are never rendered here (they would hold a web worker for minutes): their
    URL queues a background run, or finds the user's fresh one for the same
    parameters, and shows it on /reports/."""
    exporter_cls = _exporter_or_404(request, identifier, fmt)
    form = ReportParamsForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    if report_runs.runs_in_background(exporter_cls):
        return _queue(request, exporter_cls, fmt, form.params(), reuse=True)
    exporter = exporter_cls(user=request.user, fmt=fmt, params=form.params())
    try:
        return download_response(exporter)
    except exporting.OutOfScope:
        raise Http404 from None


@permission_required("reports:download")
@require_POST
def report_run_start(request: HttpRequest, identifier: str) -> HttpResponse:
    """ "Buat": queue a report for the background worker, back to /reports/."""
    fmt = request.POST.get("fmt", "")
    exporter_cls = _exporter_or_404(request, identifier, fmt)
    form = ReportParamsForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, error.as_text())
        return redirect("reports")
    return _queue(request, exporter_cls, fmt, form.params(), reuse=False)


def _queue(
    request: HttpRequest,
    exporter_cls: type[exporting.BaseExporter],
    fmt: str,
    params: exporting.ExportParams,
    *,
    reuse: bool,
) -> HttpResponse:
    if params.unit:
        # The same scope check the exporter makes, before anything is queued: a
        # unit outside the user's scope is a 404 now, not a failed run later.
        try:
            exporter_cls(user=request.user, fmt=fmt, params=params).prepare()
        except exporting.OutOfScope:
            raise Http404 from None
    run = (report_runs.report_run_fresh if reuse else report_runs.report_run_start)(
        by=request.user, exporter_cls=exporter_cls, fmt=fmt, params=params
    )
    if run.is_finished:
        message = _("%(report)s sudah dibuat baru-baru ini: unduh di bawah.")
    else:
        message = _("%(report)s sedang dibuat. Halaman ini menampilkan kemajuannya.")
    messages.info(request, message % {"report": exporter_cls.verbose_name})
    return redirect(f"{redirect('reports').url}#run-{run.pk}")


@scoped(ReportRun, "reports:download")
def report_run_progress(request: HttpRequest, run: ReportRun) -> HttpResponse:
    """The progress partial of one run (polled by htmx every second while it runs).
    A run whose worker died is noticed here too, even with no worker left to."""
    if not run.is_finished and report_runs.lease_expired(run):
        report_runs.report_runs_recover(ReportRun.objects.filter(pk=run.pk))
        run.refresh_from_db()
    return render(request, "reports/includes/run.html", report_runs.run_context(run))


@scoped(ReportRun, "reports:download")
@require_POST
def report_run_retry(request: HttpRequest, run: ReportRun) -> HttpResponse:
    """ "Coba lagi" on a failed run: the same report queued again, back to /reports/."""
    try:
        new_run = report_runs.report_run_retry(run=run, by=request.user)
    except exporting.OutOfScope:
        raise Http404 from None
    messages.info(
        request,
        _("%(report)s sedang dibuat. Halaman ini menampilkan kemajuannya.")
        % {"report": report_runs.run_context(new_run)["exporter_name"]},
    )
    return redirect(f"{redirect('reports').url}#run-{new_run.pk}")


@scoped(ReportRun, "reports:download")
def report_run_download(request: HttpRequest, run: ReportRun) -> FileResponse:
    if run.state != ReportRunState.DONE or not run.file:
        raise Http404
    try:
        handle = run.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    fmt = exporting.FORMATS.get(run.fmt)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=run.filename or None,
        content_type=fmt.content_type if fmt else "application/octet-stream",
    )
