"""A long unbroken word (a pasted URL, a code without spaces) wraps in every dossier
document: nothing runs past the page's edge, where a PDF would clip it."""

import pytest

from evaluations.exporters.documents import DOCUMENTS
from evaluations.models import ActionPlanRow, Dossier
from pug_portal.reports import pdf
from tests.factories import DossierFactory, complete_dossier

# 250 characters: as long as the shortest field it goes into (255) takes, and far
# wider than a landscape A4 page at the documents' type size.
LONG = "https://ppid.tangerangselatankota.go.id/" + "dokumen" * 30


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def overflow(html: str) -> float:
    """How far (in CSS px) the widest box reaches past its page's right edge."""
    from weasyprint import HTML

    document = HTML(
        string=html, base_url=None, url_fetcher=pdf.static_only_fetcher()
    ).render()
    worst = 0.0
    for page in document.pages:
        for box in _boxes(page._page_box):
            right = box.position_x + box.margin_width()
            worst = max(worst, right - page.width)
    return worst


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_a_long_word_stays_on_the_page(unit_a, cycle, reviewer, kind):
    dossier = complete_dossier(DossierFactory(unit=unit_a, cycle=cycle))
    Dossier.objects.filter(pk=dossier.pk).update(
        gap_policy=LONG,
        gap_external=LONG,
        gbs_impact=LONG,
        kak_included=True,
        kak_legal_basis=LONG,
        kak_location=LONG,
    )
    ActionPlanRow.objects.filter(dossier=dossier).update(output=LONG)
    dossier.refresh_from_db()
    document = DOCUMENTS[kind](user=reviewer, dossier=dossier)
    assert overflow(document.render_html()) <= 0.5
