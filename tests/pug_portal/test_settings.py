import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pug_portal.env import env_bool, env_choice, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "k3y-" + "x7Qp9#Lm2!vR8zT4wY6uN1bE5cH0jKdF3gS" * 2,
        "ALLOWED_HOSTS": "pug.tangerangselatankota.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    # Set by the browser tests' conftest for this process only; never in deployment.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_env_helpers_fail_loudly_on_malformed_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL", True)
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    assert env_list("X_LIST") == ["a", "b", "c"]
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1, minimum=1)


def test_env_choice_accepts_only_its_choices(monkeypatch):
    choices = ("filesystem", "s3")
    monkeypatch.delenv("X_CHOICE", raising=False)
    assert env_choice("X_CHOICE", "filesystem", choices) == "filesystem"
    monkeypatch.setenv("X_CHOICE", " S3 ")
    assert env_choice("X_CHOICE", "filesystem", choices) == "s3"
    monkeypatch.setenv("X_CHOICE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="filesystem, s3"):
        env_choice("X_CHOICE", "filesystem", choices)


def test_an_unknown_media_storage_refuses_to_start():
    env = {**os.environ, "MEDIA_STORAGE": "ftp"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "MEDIA_STORAGE must be one of filesystem, s3" in result.stderr
