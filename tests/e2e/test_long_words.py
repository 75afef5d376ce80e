"""A long unbroken word wraps in every table and page: the GBS table of a dossier
and the dossier list stay inside the page (the GBS table once grew to 4,670 px)."""

import pytest

from evaluations.models import ActionPlanRow, BudgetLine, Dossier
from pug_portal.models import Role
from tests.e2e.conftest import login
from tests.factories import (
    CycleFactory,
    DossierFactory,
    UnitFactory,
    UserFactory,
    complete_dossier,
)

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "https://ppid.tangerangselatankota.go.id/" + "dokumen" * 60


@pytest.mark.parametrize("width", [1280, 768])
def test_long_words_wrap_inside_the_page(page, live_server, width):
    UserFactory(username="rev", role=Role.REVIEWER)
    unit = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    dossier = complete_dossier(DossierFactory(unit=unit, cycle=CycleFactory()))
    Dossier.objects.filter(pk=dossier.pk).update(
        gap_policy=LONG, gbs_impact=LONG, gap_external=LONG
    )
    ActionPlanRow.objects.filter(dossier=dossier).update(output=LONG)
    BudgetLine.objects.filter(pk=dossier.budget_line_id).update(
        sub_kegiatan_name="Koordinasi " + LONG
    )
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "rev")

    for path in (dossier.get_absolute_url(), "/dossiers/"):
        page.goto(f"{live_server.url}{path}")
        sizes = page.evaluate(
            """() => ({
                page: document.documentElement.scrollWidth,
                main: document.querySelector('main').clientWidth,
                tables: [...document.querySelectorAll('main table')].map(
                    t => t.getBoundingClientRect().width),
            })"""
        )
        assert sizes["page"] <= width, (path, sizes)
        assert max(sizes["tables"]) <= sizes["main"], (path, sizes)
