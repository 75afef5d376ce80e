"""A dossier's official documents as PDF (GAP matrix, GBS, KAK/TOR), rendered in the
request. The dossier is fetched through `Dossier.objects.visible_to(user)` first:
another unit's focal point gets a 404, as on the dossier page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from evaluations.exporters import DOCUMENTS, documents_for, dossier_for_documents
from evaluations.models import Dossier
from pug_portal.permissions import scoped


@scoped(Dossier, "dossiers:view", query=dossier_for_documents)
def dossier_document(request: HttpRequest, dossier: Dossier, kind: str) -> HttpResponse:
    document_cls = DOCUMENTS.get(kind)
    if document_cls is None or document_cls not in documents_for(dossier):
        raise Http404
    document = document_cls(user=request.user, dossier=dossier)
    response = HttpResponse(document.render(), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.filename()
    )
    return response
