"""Settings for benchmarks only: the portal's, plus bench/urls.py (the bare view).
Production never loads this module, so the bare view is never reachable there."""

from pug_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Plain http on loopback: the load generators are not browsers on TLS, and a
# cookie marked Secure would never be sent back over http.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
