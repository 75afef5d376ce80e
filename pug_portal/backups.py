"""Backups of the whole portal: the database and the uploaded/generated files.

`backup(out_dir)` writes one folder:
  database.dump      PostgreSQL: `pg_dump --format=custom` (restore with pg_restore)
  database.sqlite3   SQLite: a consistent copy made with SQLite's backup API,
                     safe while the portal is running
  media.tar.gz       MEDIA_ROOT (absent with MEDIA_STORAGE=s3: object storage is
                     backed up by the bucket's own versioning/replication)
  manifest.json      when, which database, and what it held (rows per model, files
                     with their SHA-256), so a restore can prove it is complete

`restore(folder)` puts both back and checks the result against the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(Exception):
    pass


def backup(out_dir: Path) -> Path:
    """Write a new backup folder inside `out_dir`; its path."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = Path(out_dir) / f"pug-backup-{stamp}"
    folder.mkdir(parents=True)
    manifest: dict[str, Any] = {
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "rows": row_counts(),
    }
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / "database.dump"),
                _dbname(),
            ]
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = _sqlite_connect(folder / "database.sqlite3")
        with target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    if _media_on_disk():
        manifest["files"] = media_files()
        with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as tar:
            tar.add(settings.MEDIA_ROOT, arcname=".")
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder


def restore(folder: Path) -> dict[str, Any]:
    """Replace the database and MEDIA_ROOT with the backup in `folder`; returns the
    manifest. Raises BackupError when the result differs from the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest['vendor']} database, the portal uses "
            f"{connection.vendor}"
        )
    connections.close_all()  # pg_restore needs the tables free of our locks
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                _dbname(),
                str(folder / "database.dump"),
            ]
        )
    else:
        source = _sqlite_connect(folder / "database.sqlite3")
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
        connection.close()
    if (folder / MEDIA_ARCHIVE).exists():
        _restore_media(folder / MEDIA_ARCHIVE)
    problems = _compare(manifest)
    if problems:
        raise BackupError("restored, but not as backed up: " + "; ".join(problems))
    return manifest


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def media_files() -> dict[str, str]:
    """Every file under MEDIA_ROOT: relative path → SHA-256."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _compare(manifest: dict[str, Any]) -> list[str]:
    problems = []
    rows = row_counts()
    for label, count in manifest["rows"].items():
        if rows.get(label) != count:
            problems.append(f"{label}: {rows.get(label)} rows, backup had {count}")
    if "files" in manifest and media_files() != manifest["files"]:
        problems.append("the files in MEDIA_ROOT differ from the backup")
    return problems


def _restore_media(archive: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(root, filter="data")


def _media_on_disk() -> bool:
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def _sqlite_connect(path: Path):
    import sqlite3

    return sqlite3.connect(path)


def _dbname() -> str:
    """A libpq connection string for the pg_* tools (password via PGPASSWORD)."""
    db = connection.settings_dict
    parts = {
        "dbname": db["NAME"],
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
        "user": db.get("USER") or "",
    }
    return " ".join(f"{k}='{v}'" for k, v in parts.items() if v)


def _run(command: list[str]) -> None:
    env = {**os.environ}
    if password := connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = password
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} not found: install the PostgreSQL client "
            "(apt-get install postgresql-client), the same major version as the server"
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def read_manifest(folder: Path) -> dict[str, Any]:
    return json.loads((Path(folder) / MANIFEST).read_text())


def default_out_dir() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups")
