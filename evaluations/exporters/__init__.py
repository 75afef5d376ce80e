"""Documents and reports of the evaluations app (DESIGN §6).

Single-dossier documents, rendered in the request from the dossier detail page:
the GAP matrix (A4 landscape, the nine official columns under their group headers),
the GBS (official row order, signature block of the Kepala PD) and the KAK/TOR. They
are not in the /reports/ registry: they are fetched through the dossier, in scope.

Reports in the registry (pug_portal/reports/exporting.py), registered from
`EvaluationsConfig.ready()`:
- `UnitRecapExporter`   unit annual recap (PDF + Excel), one unit or every unit in
  the user's scope;
- `CityRecapExporter`   city recap for Bappeda (PDF + Excel): compliance matrix,
  ARG per unit and city, classification distribution, year-over-year, charts;
- `DossierListExporter` every dossier, one row each with every field (Excel, CSV).
The multi-unit ones run in the background (`background = True`, pug_portal/reports/tasks.py)
and tell the run how many units are done through `report_progress()`.

No self-assessment model exists yet (DESIGN §3 *prasyarat PUG*): the recaps leave the
self-assessment column/section out instead of printing an empty one.
"""

from evaluations.exporters.city_recap import CityRecapExporter
from evaluations.exporters.documents import (
    DOCUMENTS,
    DossierDocument,
    GapMatrixDocument,
    GbsDocument,
    KakDocument,
    documents_for,
    dossier_for_documents,
)
from evaluations.exporters.dossier_list import DossierListExporter
from evaluations.exporters.unit_recap import UnitRecapExporter

__all__ = [
    "DOCUMENTS",
    "CityRecapExporter",
    "DossierDocument",
    "DossierListExporter",
    "GapMatrixDocument",
    "GbsDocument",
    "KakDocument",
    "UnitRecapExporter",
    "documents_for",
    "dossier_for_documents",
]
