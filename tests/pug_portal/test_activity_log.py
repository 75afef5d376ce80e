"""The activity log reads as sentences: a label per action instead of its code, field
names by their labels, and a run of autosaves as one line."""

import datetime
import re
from pathlib import Path

from django.urls import reverse

from pug_portal.activity import ACTION_LABELS, log_activity
from pug_portal.models import ActivityLog
from tests.factories import DossierFactory

ROOT = Path(__file__).resolve().parents[2]


def test_every_logged_action_has_a_label():
    logged = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        logged |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    from assessments.services.assessments import ASSESSMENT_WORKFLOW
    from evaluations.services.dossiers import DOSSIER_WORKFLOW
    from evaluations.workflow import Action

    for workflow in (DOSSIER_WORKFLOW, ASSESSMENT_WORKFLOW):
        logged |= {f"{workflow.name}.{action}" for action in Action.values}
    assert logged - set(ACTION_LABELS) == set()


def test_the_log_shows_labels_and_one_line_per_run_of_autosaves(
    focal_a, unit_a, client_for
):
    dossier = DossierFactory(unit=unit_a)
    base = datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC)
    for minute, field in enumerate(["gap_policy", "gap_access", "gap_policy"]):
        entry = log_activity(
            actor=focal_a,
            action="dossier.update",
            target=dossier,
            data={field: ["", "teks"]},
        )
        ActivityLog.objects.filter(pk=entry.pk).update(
            created_at=base + datetime.timedelta(minutes=minute)
        )
    submitted = log_activity(actor=focal_a, action="dossier.submit", target=dossier)
    ActivityLog.objects.filter(pk=submitted.pk).update(
        created_at=base + datetime.timedelta(minutes=5)
    )

    html = client_for(focal_a).get(dossier.get_absolute_url()).content.decode()
    log = html[html.index('id="log-heading"') :]
    assert "dossier.update" not in log and "dossier.submit" not in log
    assert log.count("Isian dokumen PPRG disimpan") == 1
    assert "(3 kali)" in log
    assert "Diajukan" in log
    assert "tujuan" in log.lower()  # gap_policy by its label, not its name
    assert "gap_policy" not in log


def test_a_single_change_shows_old_and_new(reviewer, unit_a, client_for):
    client_for(reviewer).post(
        reverse("focal_points:unit_update", args=[unit_a.pk]),
        {"name": "Dinas Kesehatan Kota", "short_name": "Dinkes", "unit_type": "DINAS"},
    )
    html = client_for(reviewer).get(unit_a.get_absolute_url()).content.decode()
    log = html[html.index('id="log-heading"') :]
    assert "Data perangkat daerah diubah" in log
    assert "Dinas Kesehatan → Dinas Kesehatan Kota" in log
