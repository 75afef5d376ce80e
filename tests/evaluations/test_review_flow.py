"""The reviewer's way through the queue: a row opens the review page, and a decision
leads to the dossier waiting longest."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Dossier
from evaluations.workflow import Status
from tests.factories import DossierFactory, complete_dossier


@pytest.fixture
def waiting(unit_a, unit_b, cycle):
    """Three dossiers in the queue, submitted a day apart (the first oldest), and a
    draft that is not."""
    now = timezone.now()
    dossiers = []
    for n, unit in enumerate((unit_a, unit_b, unit_a)):
        dossier = complete_dossier(
            DossierFactory(
                unit=unit, cycle=cycle, budget_line__sub_kegiatan_name=f"Antre {n}"
            )
        )
        Dossier.objects.filter(pk=dossier.pk).update(
            status=Status.SUBMITTED,
            submitted_at=now - datetime.timedelta(days=3 - n),
        )
        dossiers.append(Dossier.objects.get(pk=dossier.pk))
    DossierFactory(unit=unit_a, cycle=cycle)
    return dossiers


def review_url(dossier):
    return reverse("evaluations:dossier_review", args=[dossier.pk])


def test_the_queue_opens_the_review_page(client_for, reviewer, waiting):
    html = client_for(reviewer).get(reverse("evaluations:review_queue")).content
    for dossier in waiting:
        assert f'href="{review_url(dossier)}"'.encode() in html


def test_after_a_return_the_next_waiting_dossier_opens(client_for, reviewer, waiting):
    client = client_for(reviewer)
    second = waiting[1]
    client.post(reverse("evaluations:review_start", args=[second.pk]))
    response = client.post(
        reverse("evaluations:review_return", args=[second.pk]),
        {
            "reason": "Sumber data belum ada",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    # the oldest waiting one, not the decided one
    assert response.redirect_chain[-1][0] == review_url(waiting[0])
    text = response.content.decode()
    assert "Dokumen PPRG dikembalikan" in text
    assert "Berikutnya dalam antrean: Antre 0." in text


def test_after_the_last_approval_the_empty_queue_shows(client_for, reviewer, waiting):
    client = client_for(reviewer)
    for dossier in waiting:
        client.post(reverse("evaluations:review_start", args=[dossier.pk]))
        response = client.post(reverse("evaluations:review_approve", args=[dossier.pk]))
    assert response["Location"] == reverse("evaluations:review_queue")
    page = client.get(response["Location"]).content.decode()
    assert "Antrean reviu kosong" in page
    assert set(
        Dossier.objects.filter(pk__in=[d.pk for d in waiting]).values_list(
            "status", flat=True
        )
    ) == {Status.APPROVED}


def test_the_next_dossier_comes_from_the_queue_as_it_was_filtered(
    client_for, reviewer, waiting, unit_a
):
    client = client_for(reviewer)
    queue = client.get(reverse("evaluations:review_queue"), {"unit": unit_a.pk})
    html = queue.content.decode()
    # unit A's: the oldest and the newest; the row carries the filter
    link = f'{review_url(waiting[2])}?queue=unit%3D{unit_a.pk}"'
    assert link in html and review_url(waiting[1]) not in html
    page = client.get(review_url(waiting[2]), {"queue": f"unit={unit_a.pk}"})
    assert f'name="queue" value="unit={unit_a.pk}"' in page.content.decode()
    started = client.post(
        reverse("evaluations:review_start", args=[waiting[2].pk]),
        {"queue": f"unit={unit_a.pk}"},
    )
    assert started["Location"] == f"{review_url(waiting[2])}?queue=unit%3D{unit_a.pk}"
    approved = client.post(
        reverse("evaluations:review_approve", args=[waiting[2].pk]),
        {"queue": f"unit={unit_a.pk}"},
    )
    # unit A's other dossier, not unit B's (which waits longer)
    assert approved["Location"] == f"{review_url(waiting[0])}?queue=unit%3D{unit_a.pk}"
    client.post(reverse("evaluations:review_start", args=[waiting[0].pk]))
    last = client.post(
        reverse("evaluations:review_approve", args=[waiting[0].pk]),
        {"queue": f"unit={unit_a.pk}"},
    )
    assert (
        last["Location"] == reverse("evaluations:review_queue") + f"?unit={unit_a.pk}"
    )
