"""PUG Portal settings: one module, driven by environment variables.

Every variable is documented in `.env.example`. Development defaults: SQLite, DEBUG on,
console e-mail. Production: set DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import importlib.util
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pug_portal.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "pug_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "pug_portal",
    "focal_points",
    "evaluations",
    "assessments",
]

MIDDLEWARE = [
    # First: everything after it sees the client's address, not the proxy's.
    "pug_portal.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pug_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "pug_portal.middleware.RequestBaseUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pug_portal.middleware.SessionLifetimeMiddleware",
    "pug_portal.middleware.PrivateCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pug_portal.urls"
WSGI_APPLICATION = "pug_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pug_portal.context_processors.portal",
            ],
        },
    }
]

# Persistent connections (DB_CONN_MAX_AGE seconds) are checked before reuse, so a
# connection the database or a proxy closed meanwhile is replaced, not an error.
_DB_OPTIONS = {
    "conn_max_age": env_int("DB_CONN_MAX_AGE", 60, minimum=0),
    "conn_health_checks": env_bool("DB_CONN_HEALTH_CHECKS", True),
}
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), **_DB_OPTIONS
    )
}
# Optional read replica (a streaming standby of the same PostgreSQL): background
# reports read the registry and the dossiers from it (pug_portal/db_routers.py);
# everything else, and every write, stays on "default".
if _replica_url := env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(_replica_url, **_DB_OPTIONS),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["pug_portal.db_routers.ReportReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions, shared by every app server: the database by default (the
# table comes from `manage.py createcachetable`), Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pug_cache",
        }
    )
    | {"KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "pug")}
}
# How long a built city board stays cached (evaluations.board_cache). Its key holds
# the data version, which any write changes: this only bounds an unused entry's life.
PUG_BOARD_CACHE_SECONDS = env_int("PUG_BOARD_CACHE_SECONDS", 86400, minimum=1)
# db: sessions in the database; cached_db: read from the cache, written through to
# the database (the default with Redis: a Redis restart logs nobody out); cache:
# the cache only.
SESSION_ENGINE = "django.contrib.sessions.backends." + env_choice(
    "SESSION_BACKEND", "cached_db" if REDIS_URL else "db", ("db", "cached_db", "cache")
)

AUTH_USER_MODEL = "pug_portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "evaluations:home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600, minimum=600)

# Reverse proxies in front of the app servers (nginx: 1; a load balancer in front of
# nginx: 2). The client's address is then read from X-Forwarded-For, that many
# entries from the right (pug_portal/middleware.py); 0 ignores the header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# A login ends after SESSION_IDLE_HOURS without a request, and SESSION_MAX_AGE_HOURS
# after it began whatever happens (pug_portal/middleware.py).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_HOURS", 8, minimum=1) * 3600
SESSION_ABSOLUTE_AGE = env_int("SESSION_MAX_AGE_HOURS", 14 * 24, minimum=1) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_AGE

# Login throttling: five failures per user name and address lock it for 15 minutes.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Never by user name alone: anyone could then lock any account out at will. The
# address is the client's: behind reverse proxies set TRUSTED_PROXY_COUNT.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Full month names in Indonesian dates ("10 Maret 2017") and day-month order in
# English: pug_portal/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["pug_portal.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# No MEDIA_URL route exists: uploaded files are served only by permission-checked views.
MEDIA_URL = "/files/"
# Uploaded and generated files: MEDIA_ROOT (a folder every app server and worker
# mounts, e.g. NFS), or S3-compatible object storage through django-storages
# (`pip install django-storages[s3]`; credentials from the usual AWS_* variables).
MEDIA_STORAGE = env_choice("MEDIA_STORAGE", "filesystem", ("filesystem", "s3"))
if MEDIA_STORAGE == "s3" and importlib.util.find_spec("storages") is None:
    raise ImproperlyConfigured(
        "MEDIA_STORAGE=s3 needs django-storages: pip install 'django-storages[s3]'"
    )
_MEDIA = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "location": env_str("S3_PREFIX", "media"),
            # Private objects: files are served only by permission-checked views.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if MEDIA_STORAGE == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
if MEDIA_STORAGE == "s3" and not _MEDIA["OPTIONS"]["bucket_name"]:
    raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET.")
STORAGES = {
    "default": _MEDIA,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10, minimum=1)
# Imports (pug_portal/imports): rows per file, and how large the XML inside an XLSX
# may unpack to (a decompression bomb is refused before anything is inflated).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 10_000, minimum=1)
IMPORT_MAX_UNCOMPRESSED_MB = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 50, minimum=1)
# A file with more rows than this gets its preview from the background worker (every
# row runs the page's services: minutes for 10,000 new rows); smaller ones in the
# request. A preview the worker has not finished within IMPORT_PREVIEW_WAIT_MINUTES
# (a stopped worker) is made by the next view of the page instead.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 1_000, minimum=1)
IMPORT_PREVIEW_WAIT_MINUTES = env_int("IMPORT_PREVIEW_WAIT_MINUTES", 15, minimum=1)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console by default; SMTP as soon as EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "PUG Portal <noreply@tangerangselatankota.go.id>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Institution shown on letterheads and pages; never hard-coded in templates.
PUG_INSTITUTION_NAME = env_str(
    "PUG_INSTITUTION_NAME", "Pemerintah Kota Tangerang Selatan"
)
PUG_CITY_NAME = env_str("PUG_CITY_NAME", "Kota Tangerang Selatan")
# Printed under the institution on PDF letterheads (the Pusat Pemerintahan Kota).
PUG_INSTITUTION_ADDRESS = env_str(
    "PUG_INSTITUTION_ADDRESS",
    "Jl. Maruga No. 1, Serua, Ciputat, Kota Tangerang Selatan, Banten 15414",
)
# The place written before the date of a signature on city-wide documents.
PUG_SIGN_PLACE = env_str("PUG_SIGN_PLACE", "Tangerang Selatan")
PUG_PORTAL_NAME = _("Portal PUG")
# Absolute address of the portal, for links in e-mails (invitations, reminders). Unset:
# the address of the request that caused the mail (pug_portal.middleware.absolute_url).
PUG_BASE_URL = env_str("PUG_BASE_URL", "")

# Content-Security-Policy: only our own files; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Evaluations (PPRG dossiers) ---------------------------------------------------
# Rubric C1–C10 (0–2 each, total 0–20) measures the quality of the document:
# total ≥ BAIK → "Kualitas dokumen: Baik", ≥ CUKUP → "Cukup", below → "Kurang"
# (DESIGN §5).
PUG_RUBRIC_BAIK_MIN = env_int("PUG_RUBRIC_BAIK_MIN", 15, minimum=1)
PUG_RUBRIC_CUKUP_MIN = env_int("PUG_RUBRIC_CUKUP_MIN", 8, minimum=1)
if PUG_RUBRIC_CUKUP_MIN >= PUG_RUBRIC_BAIK_MIN:
    raise ImproperlyConfigured(
        "PUG_RUBRIC_CUKUP_MIN must be below PUG_RUBRIC_BAIK_MIN."
    )
# send_reminders: mail units this many days before the submission deadline, and once
# overdue every OVERDUE_EVERY days (first on the day after the deadline).
try:
    PUG_REMINDER_DAYS_BEFORE = sorted(
        {int(d) for d in env_list("PUG_REMINDER_DAYS_BEFORE", ["14", "7", "3", "1"])}
    )
except ValueError:
    raise ImproperlyConfigured(
        "PUG_REMINDER_DAYS_BEFORE must be a comma-separated list of integers."
    ) from None
PUG_REMINDER_OVERDUE_EVERY = env_int("PUG_REMINDER_OVERDUE_EVERY", 7, minimum=1)

# --- Compliance figures (evaluations/selectors/dashboard_city.py) -------------------------
# Unit types that are Perangkat Daerah (PP 18/2016: sekretariat daerah, sekretariat DPRD,
# inspektorat, dinas, badan, kecamatan; Satpol PP is a dinas-level PD): the city's
# compliance figures and matrix count these only. Kelurahan, Bagian Setda and RSUD (a UPTD)
# stay visible on the board under its unit-type filter. Unknown names fail the system
# check (focal_points.checks).
PUG_PERANGKAT_DAERAH_TYPES = env_list(
    "PUG_PERANGKAT_DAERAH_TYPES",
    ["SETDA", "SETWAN", "INSPEKTORAT", "BADAN", "DINAS", "SATPOL_PP", "KECAMATAN"],
)
# "PD melaksanakan PPRG": a Perangkat Daerah with at least this many approved GAP+GBS
# (approved dokumen PPRG) in the fiscal year.
PUG_PPRG_MIN_DOCUMENTS = env_int("PUG_PPRG_MIN_DOCUMENTS", 1, minimum=1)

# --- Reports (pug_portal/reports/exporting.py, pug_portal/reports/pdf.py) ---------------------------
# Logo printed in PDF letterheads: a path inside the static directories, e.g.
# "img/logo-tangsel.png" (empty: no logo). Served to WeasyPrint by its static-only fetcher.
PUG_LOGO_STATIC = env_str("PUG_LOGO_STATIC", "")
# WeasyPrint logs every layout step at INFO; keep its warnings (refused URLs) only.
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}

# --- Background jobs (Tasks API: django-tasks, the backport of Django 6's tasks) ------
# Long reports (many units) are generated by a worker (pug_portal/reports/tasks.py) and kept
# for the requester as a ReportRun. TASKS_BACKEND chooses where tasks are queued:
#   database   the default: a table in this database, run by `manage.py db_worker`
#              (django-tasks-db; `make run` starts one next to the web server);
#   rq         Redis, for workers on other machines (`pip install django-tasks-rq`,
#              REDIS_URL, `manage.py rqworker --job-class django_tasks_rq.Job`);
#   immediate  run in the web process, during the request (tests, tiny installs).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, "
        f"not {TASKS_BACKEND!r}."
    )
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# A worker rendering a report writes a heartbeat every HEARTBEAT seconds; a run without
# one for LEASE seconds lost its worker and is queued again, up to ATTEMPTS tries in
# all, then marked failed (the requester gets a "Coba lagi" button).
PUG_REPORT_HEARTBEAT_SECONDS = env_int("PUG_REPORT_HEARTBEAT_SECONDS", 10, minimum=1)
PUG_REPORT_LEASE_SECONDS = env_int("PUG_REPORT_LEASE_SECONDS", 60, minimum=2)
if PUG_REPORT_LEASE_SECONDS <= 2 * PUG_REPORT_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "PUG_REPORT_LEASE_SECONDS must be over twice PUG_REPORT_HEARTBEAT_SECONDS."
    )
PUG_REPORT_ATTEMPTS = env_int("PUG_REPORT_ATTEMPTS", 2, minimum=1)
# The direct URL of a report that runs in the background (/reports/rekap-kota/pdf/)
# shows the user's run of it finished this many minutes ago instead of a new one.
PUG_REPORT_FRESH_MINUTES = env_int("PUG_REPORT_FRESH_MINUTES", 10, minimum=0)
# A generated report is kept this many days, then `manage.py purge_reports` deletes it.
PUG_REPORT_EXPIRY_DAYS = env_int("PUG_REPORT_EXPIRY_DAYS", 7, minimum=1)
# An uploaded import file (ImportBatch) is kept this many days for its preview and
# result, then `manage.py purge_imports` deletes it with its file.
IMPORT_BATCH_EXPIRY_DAYS = env_int("IMPORT_BATCH_EXPIRY_DAYS", 7, minimum=1)
