"""The restore drill: back up, lose everything, restore, and every dossier, file
and figure is back (manage.py backup / restore, pug_portal/backups.py)."""

import json
import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Avg, Count, Sum

from evaluations.models import BudgetLine, Dossier, Evidence, RubricScore
from focal_points.models import Decree
from pug_portal import backups

pytestmark = pytest.mark.skipif(
    connection.vendor == "postgresql" and shutil.which("pg_dump") is None,
    reason="pg_dump/pg_restore (postgresql-client) are not installed",
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def figures():
    """What the dashboards and recaps are made of."""
    return {
        "by_status": dict(
            Dossier.objects.values_list("status").annotate(n=Count("pk")).order_by()
        ),
        "pagu_by_year": list(
            BudgetLine.objects.values("year", "is_arg")
            .annotate(total=Sum("pagu"))
            .order_by("year", "is_arg")
        ),
        "scores": RubricScore.objects.aggregate(avg=Avg("total"), n=Count("pk")),
        "dossiers": list(Dossier.objects.order_by("pk").values_list()),
    }


@pytest.fixture
def portal(transactional_db, settings, tmp_path, frozen_today):
    settings.DEBUG = True
    call_command(
        "seed_scale", "--units", "3", "--years", "2", "--dossiers-per-unit", "2"
    )
    dossier = Dossier.objects.order_by("pk").first()
    evidence = Evidence(dossier=dossier, kind="DOKUMENTASI", original_name="foto.png")
    evidence.file.save("foto.png", ContentFile(PNG), save=True)
    decree = Decree.objects.order_by("pk").first()
    decree.file.save("sk.pdf", ContentFile(PDF), save=True)
    return {"files": {evidence.file.name: PNG, decree.file.name: PDF}}


def test_a_backup_brings_back_every_dossier_file_and_figure(portal, settings, tmp_path):
    before = figures()
    call_command("backup", "--out", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()

    call_command("flush", interactive=False, verbosity=0)  # the disaster
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Dossier.objects.exists()

    call_command("restore", str(folder), "--yes")
    assert figures() == before
    for name, content in portal["files"].items():
        assert (settings.MEDIA_ROOT / name).read_bytes() == content
    evidence = Evidence.objects.get()
    assert evidence.file.read() == PNG


def test_a_restore_that_does_not_match_its_manifest_fails(portal, tmp_path):
    call_command("backup", "--out", str(tmp_path))
    (folder,) = tmp_path.glob("pug-backup-*")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["rows"]["evaluations.Dossier"] += 1  # as if a dossier went missing
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(
        CommandError, match="evaluations.Dossier: 12 rows, backup had 13"
    ):
        call_command("restore", str(folder), "--yes")


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path, db):
    with pytest.raises(CommandError, match="not a backup folder"):
        call_command("restore", str(tmp_path), "--yes")


def test_restore_asks_before_replacing_the_data(portal, tmp_path, monkeypatch):
    folder = backups.backup(tmp_path)
    monkeypatch.setattr("builtins.input", lambda question: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(folder))
