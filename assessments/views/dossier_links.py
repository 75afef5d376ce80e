"""A PPRG dossier's files from the unit's evidence library: the panel its evidence
section shows (through `evaluations.extensions`, since evaluations does not know
this app), the page that picks a file to link, upload-and-link, and unlink. The
dossier is fetched through its scoped queryset (outside scope → 404); linking
follows the dossier's own rule for changing its evidence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from assessments.filters import DossierLibraryFilter
from assessments.forms.evidence import DossierLinkForm, DossierUploadForm
from assessments.models import DossierLink, EvidenceFile
from assessments.services import dossier_links as services
from evaluations.extensions import EvidencePanel
from evaluations.forms.budget import ConfirmForm
from evaluations.models import Dossier
from evaluations.services.dossiers import require_editable
from pug_portal.forms import add_service_errors
from pug_portal.permissions import scoped, scoped_object
from pug_portal.views import ServiceFormView, list_page


def evidence_panel(request, dossier: Dossier, can_edit: bool) -> EvidencePanel:
    """The linked library files of `dossier` (one query) for its evidence section."""
    links = list(
        DossierLink.objects.filter(dossier=dossier).select_related("library_file")
    )
    html = render_to_string(
        "assessments/includes/dossier_library.html",
        {"dossier": dossier, "links": links, "can_edit": can_edit},
        request=request,
    )
    return EvidencePanel(html=html, count=len(links))


def _for_links(dossiers):
    return dossiers.select_related("unit", "cycle", "budget_line")


def _edit_url(dossier: Dossier) -> str:
    return dossier.get_absolute_url() + "edit/#section-bukti"


def _locked(request, dossier: Dossier):
    """A redirect to the dossier with the reason when its evidence cannot change."""
    try:
        require_editable(dossier, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.warning(request, message)
        return redirect(dossier.get_absolute_url())
    return None


def _unit_files(dossier: Dossier, user):
    """The dossier's unit's library files in `user`'s scope, each marked `linked`
    when this dossier links it already."""
    return (
        EvidenceFile.objects.visible_to(user)
        .filter(unit=dossier.unit_id)
        .annotate(
            linked=Exists(
                DossierLink.objects.filter(dossier=dossier, library_file=OuterRef("pk"))
            )
        )
        .order_by("-document_date", "-pk")
    )


@scoped(Dossier, "dossiers:edit", query=_for_links)
def dossier_library(request, dossier: Dossier):
    """GET: the unit's library, filtered by kind, year and title, a "Tautkan"
    button per file; POST (a button): link that file."""
    if response := _locked(request, dossier):
        return response
    files = _unit_files(dossier, request.user)
    form = None
    if request.method == "POST":
        form = DossierLinkForm(request.POST, files=files)
        if form.is_valid():
            try:
                services.dossier_link_add(
                    dossier=dossier,
                    entry=form.cleaned_data["library_file"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Berkas pustaka ditautkan."))
                return redirect(_edit_url(dossier))
    return list_page(
        request,
        "assessments/dossier_library.html",
        DossierLibraryFilter(request.GET, files, request=request),
        dossier=dossier,
        link_form=form,
    )


class DossierUploadLinkView(ServiceFormView):
    permission = "dossiers:edit"
    form_class = DossierUploadForm
    title = _("Unggah ke pustaka lalu tautkan")
    success_message = _("Berkas tersimpan di pustaka dan ditautkan.")

    def load_object(self):
        self.dossier = scoped_object(
            Dossier, self.request.user, self.kwargs["pk"], query=_for_links
        )

    def get(self, request, *args, **kwargs):
        if response := _locked(request, self.dossier):
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subject", self.dossier)
        kwargs.setdefault("cancel_url", _edit_url(self.dossier))
        return super().get_context_data(**kwargs)

    def perform(self, form):
        data = form.cleaned_data
        services.dossier_upload_and_link(
            dossier=self.dossier,
            by=self.request.user,
            kind=data["kind"],
            title=data["title"],
            document_date=data["document_date"],
            file=data["file"],
        )
        return self.dossier

    def get_success_url(self):
        return _edit_url(self.dossier)


class DossierUnlinkView(ServiceFormView):
    permission = "dossiers:edit"
    form_class = ConfirmForm
    title = _("Lepas tautan berkas pustaka")
    success_message = _("Tautan dilepas; berkas tetap ada di pustaka.")

    def load_object(self):
        self.link = scoped_object(
            DossierLink,
            self.request.user,
            self.kwargs["pk"],
            query=lambda q: q.select_related(
                "library_file", "dossier__cycle", "dossier__unit"
            ),
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Lepas tautan")}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subject", self.link.library_file)
        kwargs.setdefault("cancel_url", _edit_url(self.link.dossier))
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.dossier_link_remove(link=self.link, by=self.request.user)
        return self.link.dossier

    def get_success_url(self):
        return _edit_url(self.object)
