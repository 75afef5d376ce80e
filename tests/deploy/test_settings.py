"""The settings for running on more than one machine, read as a fresh process
would read them from its environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from evaluations.models import Dossier
from pug_portal.db_routers import ReportReplicaRouter, replica_reads
from pug_portal.models import ReportRun

ROOT = Path(__file__).resolve().parents[2]
SHOW = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "cache": settings.CACHES["default"],
    "session": settings.SESSION_ENGINE,
    "media": settings.STORAGES["default"],
    "databases": sorted(settings.DATABASES),
    "health": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "routers": settings.DATABASE_ROUTERS,
    "replica_test": settings.DATABASES.get("replica", {}).get("TEST"),
}, default=str))
"""


def settings_with(env: dict[str, str], pythonpath: str = "") -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"REDIS_URL", "SESSION_BACKEND", "MEDIA_STORAGE", "DATABASE_REPLICA_URL"}
    }
    clean["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, str(ROOT)) if p)
    done = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, "DJANGO_SETTINGS_MODULE": "pug_portal.settings", **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1])
    return json.loads(done.stdout)


def test_by_default_cache_and_sessions_live_in_the_database():
    shown = settings_with({})
    assert shown["cache"]["BACKEND"].endswith("DatabaseCache")
    assert shown["session"] == "django.contrib.sessions.backends.db"
    assert shown["media"]["BACKEND"].endswith("FileSystemStorage")
    assert shown["health"] is True
    assert shown["databases"] == ["default"] and shown["routers"] == []


def test_redis_url_moves_the_cache_to_redis_and_sessions_through_it():
    shown = settings_with({"REDIS_URL": "redis://10.0.0.5:6379/1"})
    assert shown["cache"]["BACKEND"].endswith("RedisCache")
    assert shown["cache"]["LOCATION"] == "redis://10.0.0.5:6379/1"
    assert shown["session"] == "django.contrib.sessions.backends.cached_db"
    shown = settings_with({"REDIS_URL": "redis://r:6379/1", "SESSION_BACKEND": "cache"})
    assert shown["session"] == "django.contrib.sessions.backends.cache"


def test_a_replica_url_adds_the_replica_and_its_router():
    shown = settings_with(
        {
            "DATABASE_URL": "postgres://app@db1:5432/pug",
            "DATABASE_REPLICA_URL": "postgres://app@db2:5432/pug",
            "DB_CONN_MAX_AGE": "300",
        }
    )
    assert shown["databases"] == ["default", "replica"]
    assert shown["routers"] == ["pug_portal.db_routers.ReportReplicaRouter"]
    assert shown["replica_test"]["MIRROR"] == "default"
    assert shown["max_age"] == 300


def test_s3_media_storage_needs_django_storages_and_a_bucket(tmp_path):
    with pytest.raises(RuntimeError, match="needs django-storages"):
        settings_with({"MEDIA_STORAGE": "s3", "S3_BUCKET": "pug"}, "/nonexistent")
    # A stand-in package, so the settings can be read without the real one.
    (tmp_path / "storages").mkdir()
    (tmp_path / "storages" / "__init__.py").write_text("")
    with pytest.raises(RuntimeError, match="needs S3_BUCKET"):
        settings_with({"MEDIA_STORAGE": "s3"}, str(tmp_path))
    shown = settings_with(
        {
            "MEDIA_STORAGE": "s3",
            "S3_BUCKET": "pug-media",
            "S3_ENDPOINT_URL": "https://s3.example.go.id",
        },
        str(tmp_path),
    )
    assert shown["media"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = shown["media"]["OPTIONS"]
    assert options["bucket_name"] == "pug-media"
    assert options["endpoint_url"] == "https://s3.example.go.id"
    assert options["default_acl"] == "private"


def test_malformed_values_stop_the_process():
    with pytest.raises(RuntimeError, match="SESSION_BACKEND must be one of"):
        settings_with({"SESSION_BACKEND": "file"})
    with pytest.raises(RuntimeError, match="DB_CONN_HEALTH_CHECKS must be a boolean"):
        settings_with({"DB_CONN_HEALTH_CHECKS": "maybe"})


def test_the_router_sends_only_report_reads_of_the_domain_to_the_replica(
    monkeypatch,
):
    router = ReportReplicaRouter()
    monkeypatch.setitem(settings.DATABASES, "replica", {})
    assert router.db_for_read(Dossier) is None
    with replica_reads():
        assert router.db_for_read(Dossier) == "replica"
        assert router.db_for_read(ReportRun) is None  # its progress: the primary
        assert router.db_for_write(Dossier) == "default"
    assert router.db_for_read(Dossier) is None
    assert router.allow_migrate("replica", "evaluations") is False


def test_without_a_replica_report_reads_stay_on_the_primary(monkeypatch):
    monkeypatch.delitem(settings.DATABASES, "replica", raising=False)
    with replica_reads():
        assert ReportReplicaRouter().db_for_read(Dossier) is None
