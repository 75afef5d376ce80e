"""Reports that cover many units are never rendered in a web request: their direct
URLs queue a background run (or show the user's fresh one for the same parameters)
and redirect to it on /reports/. Per-dossier and per-event documents stay direct."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Dossier
from pug_portal.models import ReportRun, ReportRunState
from pug_portal.reports import exporting
from tests.evaluations.test_dashboard import build_city
from tests.pug_portal.test_report_runs import IMMEDIATE

HEAVY = [("rekap-kota", "pdf"), ("rekap-tahunan-pd", "pdf"), ("semua-dossier", "xlsx")]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    settings.PUG_REPORT_FRESH_MINUTES = 10


@pytest.fixture
def city(db, unit_a, unit_b, focal_a, focal_b, frozen_today):
    return build_city(unit_a, unit_b)


@pytest.fixture
def no_rendering(monkeypatch):
    """Any exporter asked to render during the request fails the test."""

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"{self.identifier} rendered in the web request")

    monkeypatch.setattr(exporting.BaseExporter, "render", refuse)
    monkeypatch.setattr(exporting.BaseExporter, "write", refuse)


@pytest.mark.parametrize(("identifier", "fmt"), HEAVY)
def test_the_direct_url_of_a_heavy_report_queues_a_run(
    city, planner, client_for, no_rendering, identifier, fmt
):
    response = client_for(planner).get(
        reverse("report_download", args=[identifier, fmt]) + "?year=2026"
    )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('reports')}#run-{run.pk}"
    assert (run.exporter, run.fmt, run.params) == (identifier, fmt, {"year": 2026})
    assert (run.requester, run.state) == (planner, ReportRunState.QUEUED)


def test_the_queued_run_is_generated_by_the_task_and_shown_on_the_page(
    city, planner, client_for, django_capture_on_commit_callbacks
):
    client = client_for(planner)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("report_download", args=["rekap-kota", "xlsx"]))
    run = ReportRun.objects.get()
    assert run.state == ReportRunState.DONE
    page = client.get(reverse("reports")).content.decode()
    assert reverse("report_run_download", args=[run.pk]) in page


def test_a_repeated_link_reuses_the_users_fresh_run(
    city, planner, reviewer, client_for, no_rendering
):
    url = reverse("report_download", args=["semua-dossier", "xlsx"])
    client = client_for(planner)
    first = client.get(url + "?year=2026")["Location"]
    assert client.get(url + "?year=2026")["Location"] == first  # still queued
    assert ReportRun.objects.count() == 1
    # Other parameters, another format or another person: a run of their own.
    client.get(url + "?year=2025")
    client.get(reverse("report_download", args=["semua-dossier", "csv"]))
    client_for(reviewer).get(url + "?year=2026")
    assert ReportRun.objects.count() == 4


def test_a_finished_run_is_reused_while_fresh_then_made_again(
    city, planner, client_for, no_rendering
):
    url = reverse("report_download", args=["rekap-kota", "pdf"])
    client = client_for(planner)
    client.get(url)
    run = ReportRun.objects.get()
    finished = timezone.now()
    ReportRun.objects.filter(pk=run.pk).update(
        state=ReportRunState.DONE, finished_at=finished
    )
    response = client.get(url)
    assert response["Location"].endswith(f"#run-{run.pk}")
    later = finished + datetime.timedelta(minutes=11)
    with time_machine.travel(later, tick=False):
        client.get(url)
    assert ReportRun.objects.count() == 2
    # A failed run is never what the link shows: it queues again.
    ReportRun.objects.update(state=ReportRunState.FAILED)
    client.get(url)
    assert ReportRun.objects.count() == 3


def test_a_unit_outside_the_scope_queues_nothing(city, focal_b, client_for):
    response = client_for(focal_b).get(
        reverse("report_download", args=["rekap-tahunan-pd", "pdf"]) + "?unit=Dinkes"
    )
    assert response.status_code == 404
    assert not ReportRun.objects.exists()


def test_per_dossier_documents_stay_direct(city, focal_a, client_for):
    dossier = Dossier.objects.visible_to(focal_a).first()
    response = client_for(focal_a).get(
        reverse("evaluations:dossier_document", args=[dossier.pk, "gap"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not ReportRun.objects.exists()
