"""A live portal for the fault and race tests: gunicorn and db_worker processes on
the test's PostgreSQL database, and a browser-like HTTP client. PostgreSQL only:
the processes and the test must share one database."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.deploy.test_multi_server import GUNICORN, free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Live#Portal2026"
ONLY_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: server and worker processes must share the database",
)


def with_password(user):
    """A user who can sign in through the login page (cheap hash for speed)."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "saltsalt", 1000)
    user.save(update_fields=["password"])
    return user


class Live:
    """Starts, kills and stops the portal's processes; their stderr goes to files
    under `tmp_path` (shown when a test fails)."""

    def __init__(self, tmp_path: Path):
        db = connection.settings_dict
        self.tmp_path = tmp_path
        self.env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}"
                f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "DEBUG": "1",  # plain http on loopback: cookies without the Secure flag
            "SECRET_KEY": "live-portal-test-secret-" + "x" * 30,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "PUG_REPORT_HEARTBEAT_SECONDS": "1",
            "PUG_REPORT_LEASE_SECONDS": "3",
            "PUG_REPORT_ATTEMPTS": "2",
        }
        self.processes: list[subprocess.Popen] = []
        self.logs = contextlib.ExitStack()
        self.port = free_port()

    def start(self, args: list[str], **env: str) -> subprocess.Popen:
        log = self.tmp_path / f"process-{len(self.processes)}.log"
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.DEVNULL,
            stderr=self.logs.enter_context(log.open("w")),
        )
        self.processes.append(process)
        return process

    def web(self, workers: int = 2, threads: int = 4) -> str:
        server = self.start(
            [
                str(GUNICORN),
                "pug_portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--no-control-socket",
            ]
        )
        wait_for(self.port, server)
        return f"http://127.0.0.1:{self.port}"

    def worker(self, slow_seconds: float = 0) -> subprocess.Popen:
        return self.start(
            [sys.executable, str(ROOT / "tests" / "deploy" / "slow_worker.py")],
            SLOW_REPORT_SECONDS=str(slow_seconds),
        )

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.logs.close()

    def log_text(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text()[-3000:]}"
            for path in sorted(self.tmp_path.glob("process-*.log"))
        )


@pytest.fixture
def live(transactional_db, tmp_path):
    portal = Live(tmp_path)
    try:
        yield portal
    finally:
        portal.stop()


class Browser:
    """Cookies and CSRF like a browser, through urllib; a 4xx/5xx answer is returned
    (status, body), not raised, and a broken connection is status 0."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def login(self, username: str) -> Browser:
        self.get("/accounts/login/")
        status, body = self.post(
            "/accounts/login/", {"username": username, "password": PASSWORD}
        )
        assert status == 200 and b'name="password"' not in body, "login refused"
        return self

    def request(self, path: str, data: dict | None = None, headers=None):
        url = self.base + path
        body = None
        headers = dict(headers or {})
        if data is not None:
            token = next(c.value for c in self.jar if c.name == "csrftoken")
            body = urllib.parse.urlencode(
                {**data, "csrfmiddlewaretoken": token}
            ).encode()
            headers.setdefault("Referer", url)
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, b""

    def get(self, path: str):
        return self.request(path)

    def post(self, path: str, data: dict, headers=None):
        return self.request(path, data, headers)


def wait_until(condition, seconds: float, what: str, step: float = 0.2):
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(step)
    return value
