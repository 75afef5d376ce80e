"""A dossier's official documents as PDF (GAP matrix, GBS, KAK/TOR), rendered in the
request. The dossier is fetched through `Dossier.objects.visible_to(user)` first:
another unit's focal point gets a 404, as on the dossier page."""

from django.http import Http404, HttpRequest, HttpResponse

from evaluations.exporters import DOCUMENTS, documents_for, dossier_for_documents
from evaluations.models import Dossier
from pug_portal.permissions import scoped
from pug_portal.reports.views import download_response


@scoped(Dossier, "dossiers:view", query=dossier_for_documents)
def dossier_document(request: HttpRequest, dossier: Dossier, kind: str) -> HttpResponse:
    document_cls = DOCUMENTS.get(kind)
    if document_cls is None or document_cls not in documents_for(dossier):
        raise Http404
    return download_response(document_cls(user=request.user, dossier=dossier))
