import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import BudgetLine, Dossier, ReviewComment
from evaluations.workflow import Status
from tests.factories import (
    BudgetLineFactory,
    CycleFactory,
    DossierFactory,
    EventFactory,
    EventInvitationFactory,
)

HOME_QUERIES = 9


def test_city_readers_land_on_the_city_dashboard(reviewer, planner, client_for):
    for user in (reviewer, planner):
        response = client_for(user).get(reverse("evaluations:home"))
        assert "evaluations/dashboard/city.html" in [t.name for t in response.templates]


def test_a_focal_point_lands_on_their_units_and_invited_events(
    focal_a, unit_a, unit_b, client_for
):
    soon = timezone.now() + datetime.timedelta(days=7)
    invited = EventFactory(
        title="Bimtek PPRG Dinkes",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=4),
    )
    EventInvitationFactory(event=invited, unit=unit_a)
    other = EventFactory(
        title="Sosialisasi Setu",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=4),
    )
    EventInvitationFactory(event=other, unit=unit_b)
    page = client_for(focal_a).get(reverse("evaluations:home")).content.decode()
    assert unit_a.name in page and unit_b.name not in page
    assert "Bimtek PPRG Dinkes" in page and "Sosialisasi Setu" not in page
    assert reverse("evaluations:unit_dashboard", args=[unit_a.pk]) in page


# --- the focal point's to-do list ----------------------------------------------------


@pytest.fixture
def open_cycle(db):
    from evaluations.models import CycleState

    today = timezone.localdate()
    return CycleFactory(
        year=today.year,
        open_date=today - datetime.timedelta(days=30),
        submission_deadline=today + datetime.timedelta(days=9),
        review_deadline=today + datetime.timedelta(days=40),
        state=CycleState.OPEN,
    )


def _todo(unit, cycle, size: int) -> None:
    """`size` budget lines without a dossier, `size` drafts and `size` returned
    dossiers with two open comments each (and one addressed)."""
    for n in range(size):
        BudgetLineFactory(
            unit=unit, year=cycle.year, sub_kegiatan_name=f"Baru {chr(65 + n)}"
        )
        DossierFactory(
            unit=unit, cycle=cycle, budget_line__sub_kegiatan_name=f"Draf {chr(65 + n)}"
        )
        returned = DossierFactory(
            unit=unit,
            cycle=cycle,
            status=Status.REVISION_REQUESTED,
            budget_line__sub_kegiatan_name=f"Kembali {chr(65 + n)}",
        )
        for text, resolved in (("a", False), ("b", False), ("c", True)):
            ReviewComment.objects.create(
                dossier=returned, target="gap_1", text=text, resolved=resolved
            )


def test_a_focal_point_sees_what_to_do_now_instead_of_zeros(
    focal_a, unit_a, unit_b, open_cycle, client_for
):
    _todo(unit_a, open_cycle, 1)
    _todo(unit_b, open_cycle, 1)  # another unit's: not shown
    DossierFactory(unit=unit_a, cycle=open_cycle, status=Status.SUBMITTED)
    html = client_for(focal_a).get(reverse("evaluations:home")).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Batas pengajuan" in text and "9 hari lagi" in text
    returned = html[html.index("home-returned") : html.index("home-not-started")]
    assert "Kembali A" in returned and "2 catatan verifikator terbuka" in returned
    line = BudgetLine.objects.get(sub_kegiatan_name="Baru A", unit=unit_a)
    not_started = html[html.index("home-not-started") : html.index("home-drafts")]
    assert "Baru A" in not_started
    assert f'name="budget_line" value="{line.pk}"' in not_started
    assert "Draf A" in html[html.index("home-drafts") :]
    assert "Kembali A" in html and html.count("Kembali A") == 1
    # the summary names what exists, no row of zeros
    assert "1 diajukan" in text.lower() and " 0 " not in text


def test_start_on_the_home_page_creates_the_dossier_and_opens_the_editor(
    focal_a, unit_a, open_cycle, client_for
):
    line = BudgetLineFactory(unit=unit_a, year=open_cycle.year)
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_create"), {"budget_line": line.pk}
    )
    dossier = Dossier.objects.get(budget_line=line)
    assert response["Location"] == dossier.get_absolute_url() + "edit/"


def test_nothing_to_do_says_so(focal_a, unit_a, open_cycle, client_for):
    DossierFactory(unit=unit_a, cycle=open_cycle, status=Status.SUBMITTED)
    html = client_for(focal_a).get(reverse("evaluations:home")).content.decode()
    assert "Tidak ada yang perlu dikerjakan sekarang" in html


@pytest.mark.parametrize("size", [1, 6])
def test_the_home_page_query_count_does_not_grow(
    size, focal_a, unit_a, open_cycle, client_for, django_assert_num_queries
):
    _todo(unit_a, open_cycle, size)
    client = client_for(focal_a)
    client.get(reverse("evaluations:home"))  # session, caches
    with django_assert_num_queries(HOME_QUERIES):
        client.get(reverse("evaluations:home"))
