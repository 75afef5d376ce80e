"""With REDIS_URL, the cache and the sessions every app server shares live in Redis
(a real redis-server on a loopback port, started and stopped here)."""

import shutil
import socket
import subprocess
import time

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="redis-server is not installed (apt-get install redis-server)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def on_redis(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "pug",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return redis_url


def test_the_cache_is_shared_through_redis(on_redis):
    caches["default"].set("board", {"figures": [1, 2, 3]}, 60)
    # another app server: a client of its own on the same Redis
    other = caches.create_connection("default")
    assert other.get("board") == {"figures": [1, 2, 3]}


@pytest.mark.django_db
def test_sessions_are_read_from_redis_and_survive_its_restart(on_redis):
    session = SessionStore()
    session["_auth_user_id"] = "42"
    session.create()
    assert Session.objects.filter(session_key=session.session_key).exists()
    caches["default"].clear()  # Redis restarted empty: the database still has it
    assert SessionStore(session.session_key).load()["_auth_user_id"] == "42"
