"""Section 2: HTTP under gunicorn, loaded by wrk on loopback.

gunicorn serves the portal with bench/settings.py (DEBUG off), so /bench/bare/ —
a view that does nothing, through the same middleware — is the floor. For every
page and concurrency, each round runs wrk on the bare view and then on the page,
back to back. wrk reports requests/s, latency percentiles and errors (connect,
read, write, timeout, HTTP status ≥ 400); before each run one request checks that
the URL answers 200 (a redirect to the login page would load nothing real).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import ROOT, Database, Paired, env_for

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


ERROR_KINDS = ("connect", "read", "write", "status ≥ 400", "timeout")


def missing_tools() -> list[str]:
    return [tool for tool in ("wrk", "gunicorn") if not _which(tool)]


def _which(tool: str) -> str | None:
    local = Path(ROOT / ".venv" / "bin" / tool)
    return str(local) if local.exists() else shutil.which(tool)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, db: Database, secret_key: str, workers: int):
        self.port = _free_port()
        env = env_for(
            db,
            DEBUG="0",
            SECRET_KEY=secret_key,
            DJANGO_SETTINGS_MODULE="bench.settings",
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            STATIC_MANIFEST="0",
        )
        # gunicorn's output, kept for a look after a failed start
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix="bench-gunicorn-", delete=False
        )
        self.process = subprocess.Popen(
            [
                _which("gunicorn"),
                "pug_portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--backlog",
                "2048",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start; see " + self.log.name)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


def _check(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def drain(bare: str, cookie: str) -> None:
    """Wait until the server answers the bare view quickly again: wrk stops at its
    deadline, but gunicorn still works through the requests queued behind a slow
    page, and the next run (the floor of the next round) must not wait for them."""
    for _ in range(60):
        began = time.monotonic()
        _check(bare, cookie)
        if time.monotonic() - began < 0.5:
            return


def wrk(url: str, cookie: str, clients: int, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    done = subprocess.run(
        [
            _which("wrk"),
            "-t",
            str(min(clients, 2)),
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "--timeout",
            "30s",
            "-s",
            script.name,
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
    )
    Path(script.name).unlink()
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    n, duration, p50, p95, p99, *errors = (int(v) for v in line.split()[1:])
    return {
        "rps": n / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": sum(errors),
        "error_kinds": {
            kind: count
            for kind, count in zip(ERROR_KINDS, errors, strict=True)
            if count
        },
        "requests": n,
    }


def measure(
    db: Database,
    cookie: str,
    secret_key: str,
    pages: list[tuple[str, str]],
    concurrency: list[int],
    seconds: int,
    rounds: int,
    workers: int,
    log,
) -> list[dict]:
    server = Gunicorn(db, secret_key, workers)
    rows = []
    try:
        bare = server.url("/bench/bare/")
        for label, path in pages:
            url = server.url(path)
            status = _check(url, cookie)
            # every worker's first request loads templates and modules: not measured
            for warm in (bare, url):
                wrk(warm, cookie, workers, 3)
                drain(bare, cookie)
            for clients in concurrency:
                paired, last_floor, last = Paired(), None, None
                errors: dict[str, int] = {}
                for _ in range(rounds):
                    last_floor = wrk(bare, cookie, clients, seconds)
                    last = wrk(url, cookie, clients, seconds)
                    drain(bare, cookie)
                    # ratio of throughput: page ÷ bare (higher is better)
                    paired.add(last_floor["rps"], last["rps"])
                    for run, side in ((last, "page"), (last_floor, "bare")):
                        for kind, n in run["error_kinds"].items():
                            errors[f"{side} {kind}"] = (
                                errors.get(f"{side} {kind}", 0) + n
                            )
                log(
                    f"  {label} × {clients}: {last['rps']:.1f} req/s, bare "
                    f"{last_floor['rps']:.1f}"
                )
                rows.append(
                    {
                        "page": label,
                        "path": path,
                        "clients": clients,
                        "status": status,
                        "floor": last_floor,
                        "page_run": last,
                        "ratio": paired,
                        "errors": errors,
                    }
                )
    finally:
        server.stop()
    return rows
