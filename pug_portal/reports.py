"""The reports page: what the user may download, and the download itself.

Reports come from the exporter registry (pug_portal/exporting.py), filled by the apps.
Checks, in order: anonymous → login; no "reports:download" → 403; unknown report or
format → 404; the report's own permission → 403; a unit outside the user's scope →
404 (the exporter scopes every query by the user)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from pug_portal import exporting
from pug_portal.permissions import permission_required


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


@permission_required("reports:download")
def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/report_list.html",
        {"exporters": exporting.exporters_for(request.user)},
    )


@permission_required("reports:download")
def report_download(request: HttpRequest, identifier: str, fmt: str) -> HttpResponse:
    exporter_cls = exporting.get_exporter(identifier)
    if exporter_cls is None or fmt not in exporter_cls.formats:
        raise Http404
    if not exporter_cls.is_available_to(request.user):
        raise PermissionDenied
    form = ReportParamsForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    exporter = exporter_cls(user=request.user, fmt=fmt, params=form.params())
    try:
        content = exporter.render()
    except exporting.OutOfScope:
        raise Http404 from None
    response = HttpResponse(content, content_type=exporter.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=exporter.filename()
    )
    return response
