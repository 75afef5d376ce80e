"""The evidence library pages: list (with the dossiers' evidence beside the library's
own files), upload, download, delete. Other units' files are a 404."""

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from assessments.filters import LibraryFilter
from assessments.forms.evidence import LibraryUploadForm
from assessments.models import EvidenceFile
from assessments.selectors import evidence as selectors
from assessments.services import evidence as services
from evaluations.forms.budget import ConfirmForm
from focal_points.models import Unit
from pug_portal.permissions import (
    permission_required,
    scoped,
    scoped_object,
    user_has_perm,
)
from pug_portal.uploads import serve_file
from pug_portal.views import ServiceFormView, list_page, query_int

DOSSIER_EVIDENCE_SHOWN = 50


@permission_required("evidence:view")
def library_list(request):
    files = LibraryFilter(
        request.GET, selectors.library_list(user=request.user), request=request
    )
    unit = files.value("unit")
    dossier_evidence = selectors.dossier_evidence(user=request.user, unit=unit)
    return list_page(
        request,
        "assessments/library_list.html",
        files,
        dossier_evidence=dossier_evidence[:DOSSIER_EVIDENCE_SHOWN],
        can_upload=user_has_perm(request.user, "evidence:manage"),
    )


class LibraryUploadView(ServiceFormView):
    permission = "evidence:manage"
    form_class = LibraryUploadForm
    title = _("Unggah ke pustaka bukti dukung")
    success_message = _("Berkas tersimpan di pustaka bukti dukung.")

    def get_form_kwargs(self):
        units = Unit.objects.visible_to(self.request.user).order_by("name")
        return {**super().get_form_kwargs(), "units": units}

    def get_initial(self):
        if unit := query_int(self.request, "unit"):
            return {"unit": unit}
        return {}

    def perform(self, form):
        data = form.cleaned_data
        return services.library_add(
            unit=data["unit"],
            by=self.request.user,
            kind=data["kind"],
            title=data["title"],
            document_date=data["document_date"],
            file=data["file"],
        )

    def get_success_url(self):
        # Back to where the upload was started (an assessment's answers), if local.
        target = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}
        ):
            return target
        return _library_url(self.object.unit)


def _library_url(unit) -> str:
    return f"{reverse('assessments:library_list')}?unit={unit.pk}"


@scoped(EvidenceFile, "evidence:view")
def library_download(request, entry: EvidenceFile):
    return serve_file(entry.file, download_name=entry.original_name)


class LibraryDeleteView(ServiceFormView):
    permission = "evidence:manage"
    form_class = ConfirmForm
    title = _("Hapus berkas dari pustaka")
    success_message = _("Berkas dihapus dari pustaka.")

    def load_object(self):
        self.entry = scoped_object(
            EvidenceFile,
            self.request.user,
            self.kwargs["pk"],
            query=lambda q: q.select_related("unit"),
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Hapus")}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subject", self.entry)
        kwargs.setdefault("cancel_url", _library_url(self.entry.unit))
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.library_delete(entry=self.entry, by=self.request.user)
        return self.entry.unit

    def get_success_url(self):
        return _library_url(self.object)
