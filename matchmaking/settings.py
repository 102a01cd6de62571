"""Settings for the whole platform, read from the environment in this one module.

The defaults are the embedded setup: SQLite under ``var/``, no broker (Celery tasks run
inline), mail printed to the console. Production differs only by environment variables:
``DATABASE_URL``, ``REDIS_URL`` (broker and cache), ``MAILER_URL``, ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DEBUG``.
"""

import logging
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.smart_cast = False

logger = logging.getLogger("matchmaking.settings")

TESTING = "pytest" in sys.modules or env.bool("TESTING", default=False)

# --- Core -------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=True)
if "SECRET_KEY" in env:
    SECRET_KEY = env.str("SECRET_KEY")
elif DEBUG:
    # Only ever used by the embedded development setup; production must set its own.
    SECRET_KEY = "embedded-development-key-not-for-production-use-0123456789abcdef"
else:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG off, set the SECRET_KEY environment variable "
        "to a long random string (for example: python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # Our apps come before allauth so that our restyled allauth templates win.
    "companies",
    "missions",
    "matchmaking",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_htmx",
    "django_countries",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "companies.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "matchmaking.site.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff without an authenticator app are sent to set one up before anything else.
    "companies.middleware.StaffTOTPRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "matchmaking.urls"
WSGI_APPLICATION = "matchmaking.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "matchmaking.site.context_processors.navigation",
                "matchmaking.notifications.context_processors.notifications",
            ],
        },
    },
    # The card partials a page repeats many times (``<app>/jinja2/``), included by the
    # Django templates through template tags: see companies/jinja.py.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "companies.jinja.environment"},
    },
]

# --- Database ---------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# Connections are kept for a minute and checked before reuse: opening one per request
# (PostgreSQL starts a backend process for each) cost a signed-in page more than its
# queries. CONN_MAX_AGE=0 opens one per request again.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout keep the embedded setup usable by the dev server and a shell.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
USING_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if USING_POSTGRES and env.bool("DATABASE_SERVER_SIDE_BINDING", default=False):
    # Parameters travel apart from the query text, so a query that a kept connection runs
    # again and again (a page's queries, with other ids) is prepared after five runs:
    # PostgreSQL then skips planning it, which took ten times longer than running the
    # agenda's query. The web server turns it on (wsgi.py); workers and commands, whose
    # statements are few, large and run once, keep client-side binding. Behind a pooler
    # that cannot keep prepared statements (PgBouncer in transaction mode), set
    # DATABASE_SERVER_SIDE_BINDING=false.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker, tasks ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="matchmaking"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# Tests run tasks inline unless a test starts a real worker and sends to it explicitly.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL or TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The queue work goes to when nothing routes it elsewhere (a worker consumes it with -Q).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task taken from Redis but never acknowledged (its worker died, or lost Redis while it
# ran) goes back to its queue after this many seconds; longer than the longest task's hard
# time limit (960 s), so a running task is not handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1200),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
}
# Results (and chord counters) written while Redis is away are retried, not lost: a lost
# chord counter would leave a full rescore waiting forever for its merge.
CELERY_RESULT_BACKEND_ALWAYS_RETRY = True
CELERY_RESULT_BACKEND_MAX_RETRIES = 30
CELERY_TIMEZONE = "UTC"
# django-celery-beat 2.9 declares Django<6.1, so periodic work uses Celery's own beat with
# this schedule; its state file lives in var/ (see docker-compose.yml).
CELERY_BEAT_SCHEDULE: dict = {
    "worker-heartbeat": {
        "task": "matchmaking.record_worker_heartbeat",
        "schedule": 300.0,
    },
    # Reminders go out the day before a meeting in the mission's own time zone: queued
    # hourly, each at most once (unique outbox key per participant, person and day).
    "meeting-reminders": {
        "task": "matchmaking.queue_meeting_reminders",
        "schedule": 3600.0,
    },
    "meeting-requests-expire": {
        "task": "matchmaking.expire_meeting_requests",
        "schedule": 3600.0,
    },
    # Picks up retries whose back-off has passed and claims left behind by a lost worker.
    "outbox-send": {
        "task": "matchmaking.send_outbox",
        "schedule": 60.0,
    },
    # Webhooks: new matches and meetings become deliveries; retries and lost claims resume.
    "webhook-events-collect": {
        "task": "matchmaking.collect_webhook_events",
        "schedule": 60.0,
    },
    "webhooks-send": {
        "task": "matchmaking.send_webhooks",
        "schedule": 60.0,
    },
    # After the meeting: both sides are asked for feedback once its time has passed, and
    # 3 and 6 months later for outcomes; each once per meeting, side and stage.
    "meeting-feedback-requests": {
        "task": "matchmaking.queue_feedback_requests",
        "schedule": 900.0,
    },
    "meeting-follow-ups": {
        "task": "matchmaking.queue_follow_ups",
        "schedule": 3600.0,
    },
    # Digests are queued hourly, at most one per person and day (unique outbox key).
    "notification-digests": {
        "task": "matchmaking.queue_notification_digests",
        "schedule": 3600.0,
    },
    "notify-new-matches": {
        "task": "matchmaking.notify_new_matches",
        "schedule": 3600.0,
    },
}
# Matches at or above this score are announced to both sides (notifications).
NEW_MATCH_THRESHOLD = env.float("NEW_MATCH_THRESHOLD", default=75.0)
if CELERY_TASK_ALWAYS_EAGER and not TESTING:
    logger.warning("No broker configured (REDIS_URL unset): Celery tasks run inline.")

# --- Invitations -------------------------------------------------------------------------
# Seconds after which an outbox row claimed by a worker that vanished is sent by another.
OUTBOX_CLAIM_TIMEOUT = env.int("OUTBOX_CLAIM_TIMEOUT", default=300)

# --- Matching -------------------------------------------------------------------------------
# How many matches a rescore keeps per demand project and per SME (the union is stored).
MATCHING_TOP_K = env.int("MATCHING_TOP_K", default=50)
# Overrides of the score components' relative weights, e.g. MATCHING_WEIGHTS=sector=4,text=2
# (names: sector, text, keywords, maturity, certifications, market, references, mission,
# feedback; the others keep the defaults of ``matchmaking.scoring.DEFAULT_WEIGHTS``).
MATCHING_WEIGHTS = {
    name: float(value) for name, value in env.dict("MATCHING_WEIGHTS", default={}).items()
}

# --- Mail -------------------------------------------------------------------------------


def mailers_from_url(url: str) -> dict:
    """Build Django's ``MAILERS`` from one URL.

    ``console://``, ``locmem://``, ``smtp://user:pass@host:25``, ``smtp+tls://…:587`` or
    ``smtps://…:465``; query parameters become extra OPTIONS (``?timeout=10``).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if scheme in simple:
        return {"default": {"BACKEND": simple[scheme]}}
    if scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ImproperlyConfigured(
            f"MAILER_URL scheme {scheme!r} is not supported; use console://, locmem://, "
            "smtp://, smtp+tls:// or smtps://."
        )
    options: dict = {
        "host": parts.hostname or "localhost",
        "port": parts.port or {"smtp": 25, "smtp+tls": 587, "smtps": 465}[scheme],
        "use_tls": scheme == "smtp+tls",
        "use_ssl": scheme == "smtps",
        "timeout": 30,
    }
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    for key, values in parse_qs(parts.query).items():
        options[key] = int(values[-1]) if values[-1].isdigit() else values[-1]
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


MAILERS = mailers_from_url(env.str("MAILER_URL", default="console://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Cleantech Matchmaking <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) ------------------------------------------------------------
AUTH_USER_MODEL = "companies.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cleantech Matchmaking"
ACCOUNT_ADAPTER = "companies.adapters.AccountAdapter"
MFA_ADAPTER = "companies.adapters.MFAAdapter"
# Sign-up also asks whether the person represents an SME or a buyer, and creates it.
ACCOUNT_SIGNUP_FORM_CLASS = "companies.forms.SignupForm"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cleantech Matchmaking] "

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("sv", _("Swedish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("da", _("Danish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date and time format per language (matchmaking/formats/<language>/formats.py).
FORMAT_MODULE_PATH = "matchmaking.formats"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The zone a visitor sees until they choose one (or their browser reports one).
DEFAULT_USER_TIME_ZONE = env.str("DEFAULT_USER_TIME_ZONE", default="Europe/Brussels")

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Who sends an upload once the view has checked access: Django streams it (""), or a proxy
# in front does: "x-accel-redirect" (nginx, internal location MEDIA_ACCEL_PREFIX mapped to
# MEDIA_ROOT) or "x-sendfile" (Apache mod_xsendfile, lighttpd).
MEDIA_SENDFILE = env.str("MEDIA_SENDFILE", default="")
if MEDIA_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured("MEDIA_SENDFILE must be empty, x-accel-redirect or x-sendfile.")
MEDIA_ACCEL_PREFIX = env.str("MEDIA_ACCEL_PREFIX", default="/protected-media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- API ------------------------------------------------------------------------------------
# Versioned under /api/v1/; personal and organisation tokens, or the browser's session.
# Rates are per token (or per person, or per address for anonymous readers), counted in the
# cache: Redis when configured, else this process's memory.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "matchmaking.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["matchmaking.api.auth.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["matchmaking.api.auth.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_RATE_TOKEN", default="2000/hour"),
        "user": env.str("API_RATE_USER", default="2000/hour"),
        "anon": env.str("API_RATE_ANON", default="300/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "matchmaking.api.pagination.ApiCursorPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cleantech Matchmaking API",
    "DESCRIPTION": "Organisations, demand projects, matches with their reasons, missions, "
    "meetings and the sector taxonomy. The same rules as the pages decide who sees what.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MarketEnum": "missions.models.Market",
        "MissionStatusEnum": "missions.models.Mission.Status",
        "ApplicationStatusEnum": "missions.models.MissionApplication.Status",
        "DemandProjectStatusEnum": "missions.models.DemandProject.Status",
        "ProfileStatusEnum": "companies.models.CompanyProfile.Status",
        "MeetingStatusEnum": "matchmaking.meetings.models.Meeting.Status",
        "MeetingResponseEnum": "matchmaking.meetings.models.Meeting.Response",
        "MeetingRequestStatusEnum": "matchmaking.meetings.models.MeetingRequest.Status",
        "BuyerDecisionStatusEnum": "matchmaking.matching.models.BuyerDecision.Status",
        "OrganisationKindEnum": "companies.models.Organisation.Kind",
        "OutcomeKindEnum": "matchmaking.outcomes.models.Outcome.Kind",
    },
}
# Webhook deliveries: how long a receiver may take, and how old a signature may be.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# First retry after this many seconds, doubling each time; a claim older than the timeout
# belongs to a lost worker and is taken over.
WEBHOOK_RETRY_SECONDS = env.float("WEBHOOK_RETRY_SECONDS", default=30.0)
WEBHOOK_CLAIM_TIMEOUT = env.float("WEBHOOK_CLAIM_TIMEOUT", default=120.0)
# Hooks may point to private addresses only in tests and the embedded setup.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=DEBUG or TESTING)

# --- Security (production) ------------------------------------------------------------------
# X-Forwarded-Proto is trusted only when a proxy in front sets it: with gunicorn exposed
# directly (as in docker-compose.yml) any client could claim to be on HTTPS.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Scripts only from our own static files (no inline scripts or handlers; htmx and Bootstrap
# are served from static/). Inline style attributes stay allowed: templates and htmx's
# indicator use them, and they cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Powerful browser features the platform never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# /healthz and /readyz are probed over plain HTTP from inside the deployment.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# /readyz tells the public only ready or not; staff, and probes sending this value in the
# X-Readyz-Token header, also see what is down and why. Empty: staff only.
READYZ_TOKEN = env.str("READYZ_TOKEN", default="")
# Mounts /bench/minimal/, the page `make bench-load` compares every page with (never in
# production).
BENCH_PAGES = env.bool("BENCH_PAGES", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
