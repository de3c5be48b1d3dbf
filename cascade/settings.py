"""Cascade settings: read top to bottom; everything that varies comes from the environment.

Embedded default (no variables): SQLite file + a filesystem Celery broker, so `make run` needs no
server. `DATABASE_URL` and `REDIS_URL` (or `CELERY_BROKER_URL`) switch to PostgreSQL and Redis.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from cascade.env import env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CASCADE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(BASE_DIR / ".secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "django_htmx",
    "template_partials",
    "treebeard",
    "axes",
    "django_ratelimit",  # counts the rate limits of cascade/lib/ratelimit.py; here for its cache checks
    "directives",
    "reports",
    "accounts",
    "cascade",  # no models: hosts the ops and dev-tool management commands
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cascade.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cascade.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.audit.AuditContextMiddleware",
    # Last, so it sees the lockout flag the login attempt set (django-axes' documented position).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cascade.urls"
WSGI_APPLICATION = "cascade.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "directives.notifications.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cascade.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file in the embedded default: WAL lets readers run
    # beside the single writer, and IMMEDIATE transactions wait for the lock instead of failing.
    # The one side effect here: SQLite needs its folder before the first connection (system checks
    # of JSON fields already connect, before `migrate` could create it).
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, login throttling, worker heartbeat): shared, never process memory ----
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        # The same Redis for rate-limit counters, but a request waits at most half a second for it:
        # then the limit is skipped (fails open, cascade/lib/ratelimit.py) rather than the page hanging.
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
else:
    _file_cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    CACHES = {"default": _file_cache, "ratelimit": _file_cache}

# --- Auth ------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Axes first: it refuses a locked-out client before any password is checked.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)
INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 7)

# Brute-force protection (django-axes, database handler: attempts survive a Redis flush, are shared
# by every web process, show in the admin, and an admin unlocks with `manage.py axes_reset_username`).
# Lock a username tried from one address after 5 failures for 15 minutes: locking by address alone
# would lock a whole office behind one NAT address, by username alone lets anyone lock out anyone.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"  # Vietnamese page, HTTP 429
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Behind the TLS proxy the client address is the proxy's unless we read X-Forwarded-For; the
# right-most entry is the one our proxy appended (the left-most is whatever the client sent).
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 1) if env_bool("CASCADE_HTTPS", False) else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if env_bool("CASCADE_HTTPS", False) else ("REMOTE_ADDR",)
)

# Rate limits on expensive endpoints (cascade/lib/ratelimit.py; django-ratelimit's settings) count
# in this cache: Redis when REDIS_URL is set, so every web process shares one count.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLED", True)
RATELIMIT_USE_CACHE = "ratelimit"
# The client's address as our TLS proxy saw it (the right-most X-Forwarded-For entry).
RATELIMIT_IP_META_KEY = "cascade.lib.ratelimit.client_ip"
# A count the cache cannot give (e.g. its key expired between add and incr) lets the request
# through instead of refusing it; a Redis that is down is handled in cascade/lib/ratelimit.py.
RATELIMIT_FAIL_OPEN = True

# --- Language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["cascade.formats"]

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads live outside the web root and have no URL: views stream them after a permission check.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# A whole request larger than this is refused (413) before Django reads it (cascade/middleware.py).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 3 * UPLOAD_MAX_BYTES)
# A .docx is a zip: refuse one that inflates past this, or by more than this ratio (zip bombs).
UPLOAD_DOCX_MAX_INFLATED_BYTES = env_int("UPLOAD_DOCX_MAX_INFLATED_BYTES", 100 * 1024 * 1024)
UPLOAD_DOCX_MAX_RATIO = env_int("UPLOAD_DOCX_MAX_RATIO", 100)
# CA certificates (a PEM/DER file, or a folder of them) that a signed PDF's certificate chain is
# checked against, e.g. the Vietnamese root CA (Ban Cơ yếu Chính phủ / Bộ TT&TT). Unset: signatures
# are still read and checked for changes, but the page says the chain was not checked.
SIGNATURE_TRUST_ROOTS = env_str("SIGNATURE_TRUST_ROOTS", "")
if SIGNATURE_TRUST_ROOTS and not Path(SIGNATURE_TRUST_ROOTS).exists():
    raise ImproperlyConfigured(f"SIGNATURE_TRUST_ROOTS={SIGNATURE_TRUST_ROOTS!r} does not exist")

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cascade <no-reply@cascade.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ----------------------------------------------------------------------------------
# Embedded default: kombu's filesystem transport (supports the fanout that `celery inspect`
# needs) and a filesystem result store, both under var/. Redis when REDIS_URL is set.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "store_processed": False,
    }
else:
    # Longer than any task we run; we never use long ETAs (see DESIGN: a sweep, not countdowns).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL or f"file://{VAR_DIR / 'celery-results'}")
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Task modules beside each app's `tasks.py` (autodiscovery finds only that one name).

# PDF reports with more table rows than this render on a Celery worker, with a progress bar.
PDF_SYNC_MAX_ROWS = env_int("PDF_SYNC_MAX_ROWS", 300)

SWEEP_INTERVAL_MINUTES = env_int("SWEEP_INTERVAL_MINUTES", 15)
CELERY_BEAT_SCHEDULE = {
    # Every minute: the worker records that it is alive; /healthz reports its age.
    "worker-heartbeat": {
        "task": "cascade.tasks.heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Every SWEEP_INTERVAL_MINUTES (15) minutes, and once when beat starts: reminders, overdue notices,
    # escalations, the next periods of recurring tasks, then the e-mail outbox (daily digests from
    # DEADLINE_DIGEST_HOUR). Idempotent, so a late or doubled run is harmless; a run still queued
    # when the next one is due is dropped (expires).
    "deadline-sweep": {
        "task": "directives.tasks.sweep_deadlines",
        "schedule": SWEEP_INTERVAL_MINUTES * 60.0,
        "options": {"expires": max(SWEEP_INTERVAL_MINUTES * 60 - 30, 30)},
    },
}

# --- Deadlines (directives.deadlines.rules) ------------------------------------------------------
# Offsets and delays count working days: weekends, Vietnamese public holidays (Tết included) and
# the admin-edited calendar overrides are skipped.
DEADLINE_REMINDER_DAYS = env_list("DEADLINE_REMINDER_DAYS", [7, 3, 1], cast=int)
DEADLINE_ESCALATION_DAYS = env_int("DEADLINE_ESCALATION_DAYS", 3)  # overdue > 3 working days: leaders above
DEADLINE_ESCALATION_2_DAYS = env_int("DEADLINE_ESCALATION_2_DAYS", 10)  # second escalation level
DEADLINE_RECURRENCE_LEAD_DAYS = env_int("DEADLINE_RECURRENCE_LEAD_DAYS", 30)  # calendar days ahead
DEADLINE_CATCH_UP_DAYS = env_int("DEADLINE_CATCH_UP_DAYS", 30)  # older missed stages notify nobody
DEADLINE_DUE_SOON_DAYS = env_int("DEADLINE_DUE_SOON_DAYS", 3)  # working days
DEADLINE_SWEEP_BATCH = env_int("DEADLINE_SWEEP_BATCH", 2000)  # assignments per transaction
DEADLINE_DIGEST_HOUR = env_int("DEADLINE_DIGEST_HOUR", 7)  # local hour of the daily digest e-mail
DEADLINE_DIGEST_ON_DAYS_OFF = env_bool("DEADLINE_DIGEST_ON_DAYS_OFF", False)
# E-mail outbox: retries with exponential backoff (kept well under the broker's visibility timeout),
# then the sweep re-enqueues what is still pending after EMAIL_REQUEUE_MINUTES.
EMAIL_MAX_RETRIES = env_int("EMAIL_MAX_RETRIES", 6)
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 30)
EMAIL_RETRY_MAX_SECONDS = env_int("EMAIL_RETRY_MAX_SECONDS", 900)
EMAIL_REQUEUE_MINUTES = env_int("EMAIL_REQUEUE_MINUTES", 60)

# --- Security --------------------------------------------------------------------------------
# HTTPS-only settings are switched on together behind a TLS-terminating proxy (production).
HTTPS = env_bool("CASCADE_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# `__Host-` cookies are only accepted over HTTPS, for this exact host, on path / (no subdomain
# can plant or read them).
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# Form widgets render through Jinja2 where Django ships them for it (the same HTML as the Django
# renderer at a fraction of the CPU); the admin's own widgets fall back to Django templates.
FORM_RENDERER = "cascade.form_renderer.FormRenderer"

X_FRAME_OPTIONS = "DENY"
# HSTS preload is a decision for whoever owns the parent domain (e.g. the province's .gov.vn zone),
# not for one application: opt in with SECURE_HSTS_PRELOAD=true once the whole domain is HTTPS.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# django-ratelimit 4.1 lists the cache backends it knows; Django's own RedisCache (add = SET NX,
# incr = INCR, both atomic) came later and only gets "not officially supported"
# (jsocol/django-ratelimit#283).
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.W001"]
if not REDIS_URL:
    # The embedded default (one machine, no Redis) counts in the file cache, whose incr is read then
    # write: two simultaneous requests may count once, so a limit can be overshot by a few. Set
    # REDIS_URL for exact counts shared by every process.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]

# Content-Security-Policy (django-csp 4): scripts only from our own origin or with the per-request
# nonce (`<script nonce="{{ request.csp_nonce }}">`); vendored assets only, never a CDN. Inline
# `style="…"` attributes are allowed (progress-bar widths, badges): style injection needs an HTML
# injection first, which template autoescaping prevents, and it cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Axes logs every sign-in at INFO; the same is in its AccessLog table, readable in the admin.
        "axes": {"level": "WARNING"},
        # Rendering steps feed the PDF progress bar (reports.pdf.render), not the log.
        "weasyprint.progress": {"level": "WARNING"},
        # pyHanko logs a traceback per signature whose chain does not build (always, without trust
        # roots); the outcome is stored on the import and shown on the page instead.
        "pyhanko.sign.validation.generic_cms": {"level": "ERROR"},
    },
}
