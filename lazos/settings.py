"""Settings for Lazos, read from environment variables.

Every variable is documented in README.md ("Configuration"). Two modes:

- development (default): SQLite under ``var/``, local files, console email, DEBUG on;
- production (``LAZOS_ENV=production``): DEBUG off, a SECRET_KEY is required, HTTPS-only
  cookies, HSTS; ``lazos check --deploy`` reports nothing.
"""

import ipaddress
import sys
from pathlib import Path

import django_stubs_ext
import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

# Django's generic classes (ModelForm[Partner], ListView[Action]…) subscriptable at run time,
# as the type checker writes them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

LAZOS_ENV = env.str("LAZOS_ENV", default="development")
if LAZOS_ENV not in {"development", "production"}:
    raise environ.ImproperlyConfigured("LAZOS_ENV must be 'development' or 'production'.")
PRODUCTION = LAZOS_ENV == "production"

# The folder of everything Lazos writes (SQLite database, uploads, collected static files).
# Development defaults to var/ in the checkout. Production must name it: installed from a
# wheel, BASE_DIR is inside site-packages, and files there are lost when the virtualenv is
# rebuilt (#16).
_var_dir = env.str("LAZOS_VAR_DIR", default="")
if PRODUCTION and not (_var_dir and Path(_var_dir).is_absolute()):
    raise environ.ImproperlyConfigured(
        "LAZOS_ENV=production requires LAZOS_VAR_DIR, an absolute path to the folder where "
        "Lazos keeps uploaded and static files (e.g. /var/lib/lazos; see docs/deployment.md)."
        + (f" Got {_var_dir!r}, which is not absolute." if _var_dir else "")
    )
VAR_DIR = Path(_var_dir or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="development-only-key-never-use-in-production-0123456789abcdef"
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for the project-level FORM_RENDERER below
    "django_filters",
    "django_htmx",
    "django_countries",
    "csp",
    "axes",
    "django_otp",  # two-factor sign-in (lazos/accounts/two_factor.py)
    "django_otp.plugins.otp_totp",
    "lazos.core",
    "lazos.accounts",
    "lazos.reference",
    "lazos.governments",
    "lazos.partners",
    "lazos.actors",
    "lazos.agreements",
    "lazos.actions",
    "lazos.networks",
    "lazos.search",
    "lazos.spreadsheets",
    "lazos.agenda",
    "lazos.api",
    "lazos.strategy",
    "lazos.results",
    "lazos.evaluations",
    "lazos.relationships",
    "lazos.reminders",
    "lazos.reports",
    "lazos.dashboards",
    "lazos.portal",
    "lazos.opendata",
    "lazos.iati",
    "lazos.consultations",
    "lazos.practices",
    "lazos.matching",
    "lazos.community",
    "lazos.solidarity",
    "lazos.webhooks",
    "lazos.demo",
    "lazos.synth",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lazos.core.middleware.AuditChannelMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "lazos.accounts.middleware.TwoFactorMiddleware",  # the second factor before anything else
    "lazos.accounts.middleware.PreferredLanguageMiddleware",
    "lazos.governments.middleware.CurrentGovernmentMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lazos.urls"
WSGI_APPLICATION = "lazos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lazos" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lazos.core.context_processors.lazos",
            ],
        },
    }
]

# Forms are drawn by the project's template engine, so lazos/templates can replace a widget
# template (django/forms/widgets/select.html: options without a template include each).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database --------------------------------------------------------------------------------
_database = env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lazos.sqlite3'}")
# Production on PostgreSQL: DATABASE_URL names a role that does not own the tables, so the
# application can neither truncate the audit trail nor switch its triggers off. The commands
# that change the schema or the grants connect as the owner, DATABASE_MIGRATION_URL, which is
# set only where they run, never in the application's environment (SECURITY.md).
DATABASE_APP_ROLE = _database.get("USER", "")
OWNER_COMMANDS = frozenset({"migrate", "createcachetable", "grant_app_role", "restore"})
_owner_url = env.str("DATABASE_MIGRATION_URL", default="")
if _owner_url and len(sys.argv) > 1 and sys.argv[1] in OWNER_COMMANDS:
    _database = env.db_url_config(_owner_url)
DATABASES = {"default": _database}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections are kept between requests in production (opening one per request cost the
# /healthz floor about 85 % of its throughput, #15), checked before each reuse.
DATABASES["default"].setdefault(
    "CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60 if PRODUCTION else 0)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A web request never runs a statement longer than this on PostgreSQL (an abandoned search
# ran on for an hour, #15); the WSGI/ASGI entry points mark the process as "web". Commands and
# the job worker are not limited. 0 switches it off.
WEB_STATEMENT_TIMEOUT_MS = env.int("LAZOS_WEB_STATEMENT_TIMEOUT_MS", default=30_000)
if (
    "postgresql" in DATABASES["default"]["ENGINE"]
    and env.str("LAZOS_PROCESS", default="") == "web"
    and WEB_STATEMENT_TIMEOUT_MS > 0
):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        part
        for part in (
            _options.get("options", ""),
            f"-c statement_timeout={WEB_STATEMENT_TIMEOUT_MS}",
        )
        if part
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # A writer waits this many seconds for another's transaction instead of failing
            # with "database is locked" (#16: a second import while one runs).
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ----------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://lazos")}
# Instances (or test runs) sharing one Redis keep their keys apart with a prefix of their own.
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")
# How far a background job has gone (lazos.core.progress): the worker writes it, the web
# process reads it, so it must be shared between processes. With CACHE_URL it is that cache;
# in the embedded default (no Redis) it is files under var/progress/.
CACHES["progress"] = (
    {**CACHES["default"], "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "progress"}
    if env.str("CACHE_URL", default="")
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.str("LAZOS_PROGRESS_DIR", default=str(VAR_DIR / "progress")),
    }
)
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if "redis" in CACHES["default"]["BACKEND"].lower()
    else "django.contrib.sessions.backends.db"
)

# --- Authentication and security -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "governments:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The reverse proxies in front of Lazos (addresses or CIDR networks, "unix" for a Unix
# socket): only they are believed about the client's address (X-Forwarded-For). Empty: no
# proxy, the connection's address is the client. Read by lazos/core/client.py, everywhere.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    if _proxy.strip().lower() != "unix":
        try:
            ipaddress.ip_network(_proxy.strip(), strict=False)
        except ValueError as _error:
            raise environ.ImproperlyConfigured(
                f"TRUSTED_PROXIES: {_proxy!r} is neither an address, a network (CIDR) nor 'unix'."
            ) from _error
# Sign-in throttling (lazos/accounts/signin.py), two counters over the last
# LOGIN_COOLOFF_HOURS: failures for one username from any address lock that username;
# failures from one address for any username lock that address. A locked-out person gets in
# by resetting their password (the reset signs them in), or from a browser they signed in
# with before.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_HANDLER = "lazos.accounts.signin.SignInThrottle"
AXES_FAILURE_LIMIT = "lazos.accounts.signin.failure_limit"
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "lazos.core.client.client_network_or_none"
AXES_LOCKOUT_CALLABLE = "lazos.accounts.signin.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Personal data (lazos/core/personal_data.py) ---------------------------------------------
# How long personal data is kept; `lazos apply_retention` (daily timer) applies it and the
# privacy notice (/privacy/) shows it. 0 keeps it for ever.
# A consultation contribution's name and email, in days after it was sent (its text stays).
LAZOS_CONTRIBUTION_RETENTION_DAYS = env.int("LAZOS_CONTRIBUTION_RETENTION_DAYS", default=730)
# Sign-in records (django-axes: username, address, browser), in days after the attempt.
LAZOS_SIGNIN_RECORD_RETENTION_DAYS = env.int("LAZOS_SIGNIN_RECORD_RETENTION_DAYS", default=90)

SESSION_COOKIE_HTTPONLY = True
# A session lasts LAZOS_SESSION_HOURS from sign-in; optionally it also ends when the browser
# closes. "Sign out everywhere" (profile page) ends every session of a person.
SESSION_COOKIE_AGE = int(env.float("LAZOS_SESSION_HOURS", default=12) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("LAZOS_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=False)
# Two-factor sign-in (TOTP, lazos/accounts/two_factor.py): optional for everyone; required for
# administrators of a government and instance administrators when this is on. On by default
# in production; off in development, so the demo's accounts sign in with a password alone.
LAZOS_REQUIRE_2FA_FOR_ADMINS = env.bool("LAZOS_REQUIRE_2FA_FOR_ADMINS", default=PRODUCTION)
OTP_TOTP_ISSUER = env.str("LAZOS_INSTANCE_NAME", default="Lazos")
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy: no inline script, no inline style, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "lazos" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "lazos" / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
            "region_name": env.str("S3_REGION", default=None),
            "access_key": env.str("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise environ.ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3'.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Source maps are read only by browsers' developer tools: serving them uncompressed costs
# nothing, and compressing them (several MB each, twice: gzip and Brotli) was most of
# collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Pages and the API documentation name static files through {% static %} (the hashed names);
# the unhashed copies would only be compressed and never served.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# --- Email -----------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Lazos <lazos@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # PDF reports: font subsetting reports every table it prunes at INFO.
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}

# --- Background jobs -------------------------------------------------------------------------
# "database" (default): jobs are queued in the database and a worker runs them, never the web
# request: `lazos run` (what `make run` starts) serves the site and runs a worker beside it; in
# production `lazos db_worker` is a service of its own. "immediate": a job runs inline when it
# is queued (the test suite's default, conftest.py; scripts and benchmarks).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lazos.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "lazos.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "lazos.api.pagination.Pagination",
    "EXCEPTION_HANDLER": "lazos.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "lazos.api.throttling.TokenRateThrottle",
        "lazos.api.throttling.AddressRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_RATE_PER_TOKEN", default="600/minute"),
        "address": env.str("API_RATE_PER_ADDRESS", default="1200/minute"),
    },
    # The throttles identify a client with lazos.core.client; DRF's own reading of
    # X-Forwarded-For is never used (0: REMOTE_ADDR, should another throttle appear).
    "NUM_PROXIES": 0,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lazos API",
    "DESCRIPTION": "The register of a local or regional government's international action.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The same schema on SQLite and PostgreSQL (integer limits of the production database).
    "DEFAULT_GENERATOR_CLASS": "lazos.api.schema.SchemaGenerator",
    # Enums as components (drf-spectacular's), then an example for every request body and
    # success response, built from its schema (lazos/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "lazos.api.schema.add_examples",
    ],
    # One stable name per choice set, so fields called "status", "kind" or "role" in several
    # resources never get generated names like "Status615Enum".
    "ENUM_NAME_OVERRIDES": {
        "ModalityEnum": "lazos.actions.choices.Modality",
        "ActionStatusEnum": "lazos.actions.choices.ActionStatus",
        "FundingSourceEnum": "lazos.actions.choices.FundingSource",
        "ActorRoleEnum": "lazos.actions.choices.ActorRole",
        "CommitmentStatusEnum": "lazos.actions.choices.CommitmentStatus",
        "ActorKindEnum": "lazos.actors.choices.ActorKind",
        "AgreementKindEnum": "lazos.agreements.choices.AgreementKind",
        "AgreementStatusEnum": "lazos.agreements.choices.AgreementStatus",
        "RenewalTypeEnum": "lazos.agreements.choices.RenewalType",
        "SideEnum": "lazos.agreements.choices.Side",
        "RegistrationStatusEnum": "lazos.agreements.choices.RegistrationStatus",
        "GovernmentKindEnum": "lazos.governments.choices.GovernmentKind",
        "MemberRoleEnum": "lazos.governments.choices.Role",
        "NetworkScopeEnum": "lazos.networks.choices.NetworkScope",
        "NetworkMembershipStatusEnum": "lazos.networks.choices.MembershipStatus",
        "PartnerKindEnum": "lazos.partners.choices.PartnerKind",
        "AuditChannelEnum": "lazos.core.audit.Channel",
        "AuditActionEnum": "lazos.core.audit.AuditAction",
        "AttachmentKindEnum": "lazos.core.models.AttachmentKind",
    },
}

# --- Uploads ---------------------------------------------------------------------------------
LAZOS_MAX_UPLOAD_MB = env.int("LAZOS_MAX_UPLOAD_MB", default=20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Spreadsheet imports (lazos/spreadsheets/readers.py): an XLSX is checked from its ZIP
# directory before it is opened (total uncompressed size, each part's compression ratio, number
# of parts), then read in streaming mode up to a number of rows and cells.
LAZOS_IMPORT_MAX_ROWS = env.int("LAZOS_IMPORT_MAX_ROWS", default=50_000)
# For how many days after it was applied an import (spreadsheet or IATI) can be reverted.
LAZOS_IMPORT_REVERT_DAYS = env.int("LAZOS_IMPORT_REVERT_DAYS", default=30)
LAZOS_IMPORT_MAX_CELLS = env.int("LAZOS_IMPORT_MAX_CELLS", default=1_000_000)
LAZOS_IMPORT_XLSX_MAX_UNCOMPRESSED_MB = env.int(
    "LAZOS_IMPORT_XLSX_MAX_UNCOMPRESSED_MB", default=100
)
LAZOS_IMPORT_XLSX_MAX_RATIO = env.int("LAZOS_IMPORT_XLSX_MAX_RATIO", default=100)
LAZOS_IMPORT_XLSX_MAX_PARTS = env.int("LAZOS_IMPORT_XLSX_MAX_PARTS", default=500)

# --- Webhooks (lazos/webhooks/, docs/api.md "Webhooks") ----------------------------------------
# Consecutive failed attempts after which a subscription is disabled (administrators told).
WEBHOOK_FAILURES_BEFORE_DISABLE = env.int("WEBHOOK_FAILURES_BEFORE_DISABLE", default=10)
# Attempts of one delivery (the first and its retries, 30 s, 1 min, 2 min… at most 6 h apart).
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=30)
WEBHOOK_RETRY_MAX_SECONDS = env.int("WEBHOOK_RETRY_MAX_SECONDS", default=6 * 3600)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# The replay window documented to receivers (seconds between the signature's time and now).
WEBHOOK_TOLERANCE_SECONDS = env.int("WEBHOOK_TOLERANCE_SECONDS", default=300)
# Plain http to the loopback address (a receiver on this machine; the tests set it).
WEBHOOK_ALLOW_LOOPBACK_HTTP = env.bool("WEBHOOK_ALLOW_LOOPBACK_HTTP", default=False)
WEBHOOK_LOG_RETENTION_DAYS = env.int("WEBHOOK_LOG_RETENTION_DAYS", default=30)

# --- Lazos -----------------------------------------------------------------------------------
# The most usable API tokens one person may hold in one government.
API_TOKENS_PER_PERSON = env.int("API_TOKENS_PER_PERSON", default=10)
LAZOS_INSTANCE_NAME = env.str("LAZOS_INSTANCE_NAME", default="Lazos")
# Public address of this instance, used in links inside emails (no trailing slash).
LAZOS_BASE_URL = env.str("LAZOS_BASE_URL", default="http://127.0.0.1:8000")
