"""Reports generated in the background (ReportRun, pug_portal/reports/tasks.py): starting a
run from /reports/, the real task generating the file with its progress, the
progress partial, the download, who may see a run, failures, expiry and purging,
and export_report for the new reports.

Tasks run with Django's immediate backend here (TASKS setting), after the commit of
the request's transaction (captured on-commit callbacks), so the real task function
`generate_report` is what runs."""

import datetime
import io
import os
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from pug_portal.models import ActivityLog, ReportRun, ReportRunState
from pug_portal.reports import exporting
from pug_portal.reports.exporting import Column, ListExporter
from pug_portal.reports.runs import ProgressMixin, report_runs_purge
from pug_portal.reports.tasks import generate_report
from tests.evaluations.test_dashboard import build_city

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def city(db, unit_a, unit_b, focal_a, focal_b, frozen_today):
    objs = build_city(unit_a, unit_b)
    type(unit_a).objects.filter(is_coordinator=True).update(is_active=False)
    return objs


def start(client, identifier: str, capture, **data):
    """POST "Buat" and run what the commit enqueues (the task, immediately)."""
    with capture(execute=True):
        return client.post(reverse("report_run_start", args=[identifier]), data)


# --- start → task → file ----------------------------------------------------------


def test_a_planner_starts_the_city_recap_and_gets_the_file(
    city, planner, client_for, django_capture_on_commit_callbacks
):
    client = client_for(planner)

    response = start(
        client,
        "rekap-kota",
        django_capture_on_commit_callbacks,
        fmt="pdf",
        year=2026,
    )

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/#run-{run.pk}"
    assert run.requester == planner
    assert (run.exporter, run.fmt, run.params) == ("rekap-kota", "pdf", {"year": 2026})
    assert run.state == ReportRunState.DONE
    assert (run.units_done, run.units_total) == (3, 3)
    assert run.percent == 100
    assert run.task_id
    assert run.expires_at == pytest.approx(
        timezone.now() + datetime.timedelta(days=7), abs=datetime.timedelta(minutes=1)
    )
    assert run.filename == "rekap-kota-2026-20260615.pdf"
    assert ActivityLog.objects.filter(action="report_run.start").count() == 1

    page = client.get(reverse("reports")).content.decode()
    assert f'id="run-{run.pk}"' in page
    assert 'role="progressbar"' in page and 'aria-valuenow="100"' in page
    assert "100 %" in page
    assert reverse("report_run_download", args=[run.pk]) in page

    download = client.get(reverse("report_run_download", args=[run.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="rekap-kota-2026-20260615.pdf"' in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Rekap PPRG Kota Tahun 2026" in text and "Dinas Kesehatan" in text


def test_the_xlsx_of_a_run_reads_back(
    city, reviewer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(reviewer)
    start(client, "rekap-kota", django_capture_on_commit_callbacks, fmt="xlsx")

    run = ReportRun.objects.get()
    download = client.get(reverse("report_run_download", args=[run.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    names = [r[0].value for r in wb["Kepatuhan"].iter_rows(min_row=2)]
    assert names == ["Dinas Kesehatan", "Dinas Pendidikan", "Kecamatan Setu"]


def test_the_page_offers_buat_for_background_reports_and_links_for_the_rest(
    city, planner, client_for
):
    page = client_for(planner).get(reverse("reports")).content.decode()

    assert reverse("report_run_start", args=["rekap-kota"]) in page
    assert reverse("report_run_start", args=["semua-dossier"]) in page
    assert reverse("report_download", args=["direktori-focal-point", "pdf"]) in page
    assert "Buat" in page


def _options(page: str, name: str, identifier: str) -> list[tuple[str, str]]:
    """(value, text) of the select `name` in the "Buat" form of `identifier`."""
    select = re.search(
        rf'<select[^>]*name="{name}" id="{name}-{identifier}">(.*?)</select>',
        page,
        re.S,
    )
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', select[1])


def test_a_focal_points_unit_select_lists_only_their_units(city, focal_a, client_for):
    from tests.factories import UnitFactory

    UnitFactory(name="Dinas Lama", short_name="Dislam", is_active=False)
    page = client_for(focal_a).get(reverse("reports")).content.decode()

    assert _options(page, "unit", "rekap-tahunan-pd") == [
        ("", "semua"),
        ("Dinkes", "Dinas Kesehatan"),
    ]
    assert _options(page, "year", "rekap-tahunan-pd") == [
        ("", "terkini"),
        ("2026", "2026"),
        ("2025", "2025"),
    ]


def test_a_planners_unit_select_lists_the_active_units_by_name(
    city, planner, client_for, django_capture_on_commit_callbacks
):
    from tests.factories import UnitFactory

    UnitFactory(name="Dinas Lama", short_name="Dislam", is_active=False)
    client = client_for(planner)
    page = client.get(reverse("reports")).content.decode()

    options = _options(page, "unit", "rekap-tahunan-pd")
    assert options == [
        ("", "semua"),
        ("Dinkes", "Dinas Kesehatan"),
        ("Disdik", "Dinas Pendidikan"),
        ("Kec. Setu", "Kecamatan Setu"),
    ]
    # the city recap is for the whole city: no unit select there
    assert 'id="unit-rekap-kota"' not in page
    # a chosen option is what the exporter expects: the unit's short name
    start(
        client,
        "rekap-tahunan-pd",
        django_capture_on_commit_callbacks,
        fmt="xlsx",
        unit=options[3][0],
        year="2026",
    )
    wb = load_workbook(ReportRun.objects.get().file.path)
    assert [r[0].value for r in wb["Ringkasan per PD"].iter_rows(min_row=2)] == [
        "Kecamatan Setu"
    ]


class Slow(ProgressMixin, ListExporter):
    """Reports progress over four 'units' and looks at its own run meanwhile."""

    identifier = "test-slow"
    verbose_name = "Uji lambat"
    columns = (Column("Unit"),)
    seen: list = []

    def rows(self):
        for done in range(4):
            self.report_progress(done, 4)
            run = ReportRun.objects.get()
            Slow.seen.append((run.state, run.percent))
            yield [f"Unit {done}"]
        self.report_progress(4, 4)


@pytest.fixture
def slow_report():
    exporting.register(Slow)
    Slow.seen = []
    yield Slow
    exporting.unregister(Slow.identifier)


def test_progress_moves_while_the_task_runs_and_reaches_100(
    slow_report, planner, client_for, django_capture_on_commit_callbacks
):
    client = client_for(planner)
    start(client, "test-slow", django_capture_on_commit_callbacks, fmt="csv")

    # Stored as it went: 0 → 25 → 50 → 75 %, while running; 100 only once saved.
    assert Slow.seen == [
        ("running", 0),
        ("running", 25),
        ("running", 50),
        ("running", 75),
    ]
    run = ReportRun.objects.get()
    assert run.state == "done" and run.percent == 100
    assert run.file.name.startswith("reports/") and run.file.size > 0
    partial = client.get(reverse("report_run_progress", args=[run.pk])).content
    assert b'aria-valuenow="100"' in partial
    assert b"hx-get" not in partial  # finished: the partial stops polling


def test_a_queued_run_polls_its_progress_every_second(planner, client_for, db):
    run = ReportRun.objects.create(
        requester=planner,
        exporter="rekap-kota",
        fmt="pdf",
        units_done=12,
        units_total=48,
        state=ReportRunState.RUNNING,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )

    html = (
        client_for(planner)
        .get(reverse("report_run_progress", args=[run.pk]))
        .content.decode()
    )

    url = reverse("report_run_progress", args=[run.pk])
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 1s"' in html
    assert 'aria-valuenow="25"' in html and "25 %" in html
    assert "12 dari 48 perangkat daerah" in html
    assert reverse("report_run_download", args=[run.pk]) not in html
    assert (
        client_for(planner)
        .get(reverse("report_run_download", args=[run.pk]))
        .status_code
        == 404
    )  # not done yet


def test_the_task_function_runs_a_queued_run_once(planner, city):
    run = ReportRun.objects.create(
        requester=planner,
        exporter="semua-dossier",
        fmt="csv",
        params={"year": 2026},
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )

    result = generate_report.enqueue(run.pk)

    assert result.return_value == "done"
    run.refresh_from_db()
    assert run.state == "done" and run.file.read().decode("utf-8-sig").count("\n") == 6
    assert generate_report.enqueue(run.pk).return_value == "skipped"


# --- failures ------------------------------------------------------------------------


class Broken(ProgressMixin, ListExporter):
    identifier = "test-broken"
    verbose_name = "Uji rusak"
    columns = (Column("A"),)

    def rows(self):
        raise RuntimeError("boom")


def test_a_failing_report_is_shown_as_failed_with_a_message(
    planner, client_for, django_capture_on_commit_callbacks, db
):
    exporting.register(Broken)
    try:
        client = client_for(planner)
        start(client, "test-broken", django_capture_on_commit_callbacks, fmt="csv")
    finally:
        exporting.unregister(Broken.identifier)

    run = ReportRun.objects.get()
    assert run.state == "failed" and not run.file
    html = client.get(reverse("report_run_progress", args=[run.pk])).content.decode()
    assert "Laporan gagal dibuat" in html and "hx-get" not in html


# --- who may start and see runs --------------------------------------------------------


def test_a_focal_point_cannot_start_the_city_recap(
    city, focal_a, client_for, django_capture_on_commit_callbacks
):
    response = start(
        client_for(focal_a), "rekap-kota", django_capture_on_commit_callbacks, fmt="pdf"
    )
    assert response.status_code == 403
    assert not ReportRun.objects.exists()


def test_a_focal_point_cannot_start_a_report_on_another_unit(
    city, focal_a, client_for, django_capture_on_commit_callbacks
):
    response = start(
        client_for(focal_a),
        "rekap-tahunan-pd",
        django_capture_on_commit_callbacks,
        fmt="pdf",
        unit="Kec. Setu",
    )
    assert response.status_code == 404
    assert not ReportRun.objects.exists()


def test_a_focal_points_unit_recap_run_covers_their_units_only(
    city, focal_a, client_for, django_capture_on_commit_callbacks
):
    client = client_for(focal_a)
    start(client, "rekap-tahunan-pd", django_capture_on_commit_callbacks, fmt="xlsx")

    run = ReportRun.objects.get()
    assert run.state == "done" and run.units_total == 1
    wb = load_workbook(run.file.path)
    assert [r[0].value for r in wb["Ringkasan per PD"].iter_rows(min_row=2)] == [
        "Dinas Kesehatan"
    ]


def test_nobody_else_sees_a_run_but_its_requester_and_admins(
    city,
    focal_a,
    focal_b,
    planner,
    admin,
    client_for,
    django_capture_on_commit_callbacks,
):
    start(
        client_for(focal_a),
        "rekap-tahunan-pd",
        django_capture_on_commit_callbacks,
        fmt="pdf",
    )
    run = ReportRun.objects.get()
    urls = [
        reverse("report_run_progress", args=[run.pk]),
        reverse("report_run_download", args=[run.pk]),
    ]
    for url in urls:
        assert client_for(focal_a).get(url).status_code == 200
        assert client_for(admin).get(url).status_code == 200
        assert client_for(focal_b).get(url).status_code == 404
        assert client_for(planner).get(url).status_code == 404
    # and it is not listed on anyone else's page
    page = client_for(focal_b).get(reverse("reports")).content.decode()
    assert f"run-{run.pk}" not in page


def test_unknown_report_or_format_is_not_found(planner, client_for, db):
    client = client_for(planner)
    url = reverse("report_run_start", args=["tidak-ada"])
    assert client.post(url, {"fmt": "pdf"}).status_code == 404
    url = reverse("report_run_start", args=["rekap-kota"])
    assert client.post(url, {"fmt": "csv"}).status_code == 404


# --- expiry ----------------------------------------------------------------------------


def test_purge_reports_deletes_expired_runs_and_their_files(
    city, planner, client_for, django_capture_on_commit_callbacks, settings
):
    settings.PUG_REPORT_EXPIRY_DAYS = 3
    start(
        client_for(planner), "rekap-kota", django_capture_on_commit_callbacks, fmt="pdf"
    )
    old = ReportRun.objects.get()
    path = old.file.path
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        start(
            client_for(planner),
            "rekap-kota",
            django_capture_on_commit_callbacks,
            fmt="xlsx",
        )
    young = ReportRun.objects.exclude(pk=old.pk).get()
    assert old.expires_at == old.created_at + datetime.timedelta(days=3)

    out = io.StringIO()
    with time_machine.travel(old.expires_at + datetime.timedelta(minutes=1)):
        call_command("purge_reports", stdout=out)

    assert (
        out.getvalue().strip() == "Purged 1 expired report run(s), 1 file(s) deleted."
    )
    assert list(ReportRun.objects.all()) == [young]
    assert not os.path.exists(path)
    assert os.path.exists(young.file.path)
    assert report_runs_purge(now=young.expires_at) == {"runs": 1, "files": 1}


# --- export_report covers the new reports ----------------------------------------------


@pytest.mark.parametrize(
    ("report", "fmt", "extra"),
    [
        ("rekap-kota", "pdf", []),
        ("rekap-kota", "xlsx", []),
        ("rekap-tahunan-pd", "pdf", ["--unit", "Dinkes"]),
        ("rekap-tahunan-pd", "xlsx", []),
        ("semua-dossier", "xlsx", []),
        ("semua-dossier", "csv", ["--unit", "Kec. Setu"]),
    ],
)
def test_export_report_writes_the_new_reports(city, tmp_path, report, fmt, extra):
    target = tmp_path / f"out.{fmt}"
    out = io.StringIO()

    call_command(
        "export_report",
        report,
        "--year",
        "2026",
        "--format",
        fmt,
        "--out",
        str(target),
        *extra,
        stdout=out,
    )

    assert re.match(rf"Wrote {re.escape(str(target))} \({fmt}, ", out.getvalue())
    data = target.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).sheetnames
    else:
        lines = data.decode("utf-8-sig").splitlines()
        assert len(lines) == 2 and "Kecamatan Setu" in lines[1]


# --- the page's query count ------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 10])
def test_the_reports_page_runs_five_queries_whatever_the_runs(
    planner, client_for, django_assert_num_queries, n, db
):
    ReportRun.objects.bulk_create(
        ReportRun(
            requester=planner,
            exporter="rekap-kota",
            fmt="pdf",
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
        for _ in range(n)
    )
    client = client_for(planner)
    # 1 session, 2 user, 3 the cycles' years, 4 the units in scope (the "Buat"
    # forms' selects), 5 the user's latest runs
    with django_assert_num_queries(5):
        response = client.get(reverse("reports"))
    assert response.content.decode().count('role="progressbar"') == n


# --- the TASKS setting -----------------------------------------------------------------


def _settings_value(expression: str, **env: str):
    import subprocess
    import sys
    from pathlib import Path

    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            f"from django.conf import settings; print({expression})",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **{k: v for k, v in os.environ.items() if k != "TASKS_BACKEND"},
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_database_queue_is_the_default_and_the_backend_follows_the_env():
    default = _settings_value("settings.TASKS['default']['BACKEND']")
    assert default.stdout.strip() == "django_tasks_db.DatabaseBackend"
    immediate = _settings_value(
        "settings.TASKS['default']['BACKEND']", TASKS_BACKEND="immediate"
    )
    assert immediate.stdout.strip().endswith("ImmediateBackend")
    expiry = _settings_value(
        "settings.PUG_REPORT_EXPIRY_DAYS", PUG_REPORT_EXPIRY_DAYS="3"
    )
    assert expiry.stdout.strip() == "3"


def test_an_unknown_task_backend_refuses_to_start():
    result = _settings_value("settings.TASKS", TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, rq, immediate" in result.stderr


def test_a_run_nobody_picks_up_says_the_worker_is_missing(planner, client_for, db):
    run = ReportRun.objects.create(
        requester=planner,
        exporter="rekap-kota",
        fmt="pdf",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    url = reverse("report_run_progress", args=[run.pk])
    assert "pekerja latar belakang" not in client_for(planner).get(url).content.decode()
    ReportRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    html = client_for(planner).get(url).content.decode()
    assert "Belum ada pekerja latar belakang" in html
    assert 'hx-trigger="every 1s"' in html  # still polling: a worker may start later
