"""Settings, read from the environment (see .env.example for every variable).

Embedded default (no variables set): SQLite under var/, Celery tasks run eagerly in-process,
private files on local disk, e-mail printed to the console.
Service mode (DATABASE_URL and REDIS_URL set): PostgreSQL, Celery worker and beat over Redis.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional; real env wins

VAR_DIR = Path(env.str("REPM_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name: str, default: bool) -> bool:
    """A true/false variable; anything else stops the portal (django-environ would say False)."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not true or false.")


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    key = env.str("DJANGO_SECRET_KEY", default="")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_flag("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Behind TLS (production): secure cookies, HSTS, redirect to https.
HTTPS = env_flag("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_flag("DJANGO_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies we run stand in front of the portal. Each appends the address it saw to
# X-Forwarded-For; the client's address is the one our outermost proxy appended, never the
# left-most entry, which the client writes itself.
TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXIES", default=1 if BEHIND_PROXY else 0)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # container health checks speak plain http
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_ENGINE = "repm_portal.accounts.sessions"  # Django's database sessions, read lighter
CSRF_COOKIE_HTTPONLY = False  # HTMX reads it to send X-CSRFToken

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_htmx",
    "django_celery_beat",
    # shared kernel
    "repm_portal",
    "repm_portal.accounts",
    "repm_portal.parameters",
    "repm_portal.audit",
    "repm_portal.documents",
    "repm_portal.notifications",
    "repm_portal.feedback",
    "repm_portal.web",
    # scheme capabilities
    "bidding",
    "incentives",
    "milestones",
    "committees",
]

MIDDLEWARE = [
    # First: it reads the moment the request arrived (R-BID-7), before anything can wait.
    "repm_portal.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "repm_portal.middleware.ContentSecurityPolicyMiddleware",
    "repm_portal.middleware.DomainErrorMiddleware",
    "repm_portal.unavailable.DatabaseUnavailableMiddleware",  # no database: a 503 (issue 17)
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "repm_portal.urls"
WSGI_APPLICATION = "repm_portal.wsgi.application"

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
                "repm_portal.web.context_processors.portal",
            ],
        },
    },
]
# Django's form renderer, with plain inputs and selects written without a template each.
FORM_RENDERER = "repm_portal.form_renderer.PortalFormRenderer"

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing midway.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
SERVICE_MODE = bool(REDIS_URL)
if REDIS_URL:
    # The cache shares Redis with Celery's queues: its keys carry a prefix of their own, so
    # clearing the cache (see conftest.py) never touches a queued task.
    CACHES = {
        "default": {
            # Django's, with one client per connection pool rather than one per call.
            "BACKEND": "repm_portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Parallel test workers (pytest-xdist) share one Redis: each keeps keys of its own,
            # so one worker emptying its cache between tests leaves the others' alone.
            "KEY_PREFIX": "repm-cache" + env.str("PYTEST_XDIST_WORKER", default=""),
            # Redis gone: a cache call fails in about a second instead of hanging the request
            # (repm_portal.throttling decides what a throttle does then).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # A host in the URL, or kombu warns "No hostname was supplied" on every task.
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
# Template fragments that follow from the code alone (the menu and the footer's links of a
# role, language and address; a parameter version's table, which never changes): each process
# keeps its own in memory. A page then asks Redis nothing for them, and still renders while
# Redis is away (issue 17). Django's {% cache %} tag uses this alias when it exists.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "repm-template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 2000},  # a few kB each: the menu is kept per address
}
# Signed-in pages kept as rendered until the database's next write (repm_portal/page_cache.py):
# each process keeps its own, so no one's page leaves the worker. A page lives a minute at most.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "repm-pages",
    "TIMEOUT": 60,
    # At most 300 pages of at most 128 KiB (page_cache.KEEP_AT_MOST): under 40 MB a worker.
    "OPTIONS": {"MAX_ENTRIES": 300},
}
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
# Embedded mode: long work (register checks) runs on a local queue off the request
# (repm_portal/background.py); the test suite turns it off to run such work eagerly.
EMBEDDED_BACKGROUND = env.bool("EMBEDDED_BACKGROUND", default=True)
CELERY_TIMEZONE = "Asia/Kolkata"
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is run again: tasks are idempotent
# How long Redis waits before giving an unacknowledged task (its worker died) to another worker.
# A register check silent for this long is taken over by the next run (the watchdog's).
REGISTER_LEASE_SECONDS = env.int("REGISTER_LEASE_SECONDS", default=120)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # A Redis that has gone away answers no more: fail a connection attempt in seconds (and
    # retry), never hang a request or the worker's loop on a dead socket.
    "socket_connect_timeout": 3,
    "socket_keepalive": True,
    "retry_on_timeout": True,
    "health_check_interval": 10,
}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="repm")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# --- Riding out a Redis outage (issue 17) ---
# A worker reconnects for as long as the outage lasts (Celery's default gives up after 100
# tries, some ten minutes, and the worker exits); the task it was running carries on, since a
# register check needs the database, not the broker, and its lease and the watchdog cover a
# worker that died instead. With the default (False) a running task is not cancelled when the
# broker goes: cancelling would throw away a register check half-done for nothing.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# A result that cannot be stored while Redis is away is retried (with backoff) until it is.
CELERY_RESULT_BACKEND_ALWAYS_RETRY = True
CELERY_RESULT_BACKEND_MAX_RETRIES = 60
# Queueing from a request tries briefly, then gives up: the request's work is committed and
# the watchdog queues the task when the broker is back (repm_portal.queueing).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 3

# --- Accounts, passwords, lockout, object permissions ----------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "repm_portal.accounts.sessions.UserBackend",  # Django's ModelBackend, its read lighter
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        # Not like the person's e-mail, name or organisation (the default knows only
        # username, first and last name, and e-mail).
        "OPTIONS": {"user_attributes": ("email", "full_name", "organisation")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "repm_portal.accounts.views.lockout_response"
AXES_VERBOSE = False
# Lockouts count by the same client address as the audit trail (the proxy-appended one).
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXIES else ["REMOTE_ADDR"]
)
GUARDIAN_ANONYMOUS_USER_NAME = None  # no anonymous user row: anonymous requests see nothing
ANONYMOUS_USER_NAME = None
EMAIL_VERIFICATION_MAX_AGE_DAYS = 3

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="REPM Scheme Portal <noreply@repm.mhi.gov.in>"
)
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# --- Language, time -------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("हिन्दी"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Kolkata"  # R-UNIT-5: dates are IST calendar dates
USE_I18N = True
USE_TZ = True

# --- Static and private files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    # Private: no base_url, so a stored file has no public address; downloads go through a view.
    "default": {
        "BACKEND": env.str(
            "PRIVATE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Audit trail (R-ACL-4) ------------------------------------------------------------------
# The chain's HMAC key; kept apart from SECRET_KEY so that rotating one does not break the other.
AUDIT_HMAC_KEY = env.str("AUDIT_HMAC_KEY", default="") or f"audit:{SECRET_KEY}"
# Signed checkpoints (seq, hash, time) anchor the chain outside the database it protects: a
# rollback of the tail or a wipe is caught by audit_verify. The file is only ever appended to;
# point it at storage the database role cannot rewrite (a WORM volume) in production.
AUDIT_CHECKPOINT_PATH = Path(
    env.str("AUDIT_CHECKPOINT_PATH", default=str(VAR_DIR / "audit-checkpoints.log"))
)
AUDIT_CHECKPOINT_KEY = env.str("AUDIT_CHECKPOINT_KEY", default="") or f"checkpoint:{AUDIT_HMAC_KEY}"
# Who receives the daily checkpoint by e-mail (a copy out of the servers' reach); empty: nobody.
AUDIT_OFFICER_EMAIL = env.str("AUDIT_OFFICER_EMAIL", default="")

# --- Signed letters (issue 14.3) ---------------------------------------------------------------
# The signing officer's certificate and key as PKCS#12 (a Class 3 DSC in production). Empty: a
# demo CA and certificate are made once under VAR_DIR/signing/ (check --deploy warns).
LETTER_SIGNING_PKCS12 = env.str("LETTER_SIGNING_PKCS12", default="")
LETTER_SIGNING_PASSPHRASE = env.str("LETTER_SIGNING_PASSPHRASE", default="")
# Printed under the signature; the name defaults to the certificate's common name.
LETTER_SIGNATORY_NAME = env.str("LETTER_SIGNATORY_NAME", default="")
LETTER_SIGNATORY_DESIGNATION = env.str(
    "LETTER_SIGNATORY_DESIGNATION", default="Under Secretary to the Government of India"
)

# --- REST API -------------------------------------------------------------------------------
# API tokens expire this many hours after issue (and end at sign-out and on a password change).
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=8)
REST_FRAMEWORK = {
    "NUM_PROXIES": TRUSTED_PROXIES or None,  # throttles count by the client address we trust
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated request then gets 401 with WWW-Authenticate, not 403.
        "repm_portal.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "repm_portal.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "repm_portal.schema.AutoSchema",  # documents the error answers
    "EXCEPTION_HANDLER": "repm_portal.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon": "60/minute",
        "registration": "10/hour",
        "verify": "30/minute",  # the public /verify/ page and API, per client address
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    # The title is a name (and the schema file's name: kept ASCII); the description is lazy, in
    # the language of the request (R-GOV-2).
    "TITLE": "REPM Scheme Portal API",
    "DESCRIPTION": _(
        "API of the Scheme to Promote Manufacturing of Sintered Rare Earth Permanent Magnets "
        "(Gazette notification S.O. 5800(E), 15 Dec 2025). Errors share one shape: "
        '{"error": {"code", "message", "fields", "request_id"}}.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "repm_portal.schema.error_component",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "repm_portal.documents.models.DocumentKind.choices",
        "CaseKindEnum": "milestones.models.CaseKind.choices",
        "RaisableCaseKindEnum": "milestones.models.RAISABLE_CASE_KINDS",
        "ClaimStatusEnum": "incentives.models.ClaimStatus.choices",
        # committees (issue 11)
        "MeetingStatusEnum": "committees.models.MeetingStatus.choices",
        "ActionStatusEnum": "committees.models.ActionStatus.choices",
    },
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "repm_portal.middleware.RequestIdLogFilter"},
        "client_errors_one_line": {"()": "repm_portal.middleware.ClientErrorsOneLine"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # A refused request (403, 404) is one line in the log, not a traceback.
        "django.request": {"filters": ["client_errors_one_line"]},
    },
}
