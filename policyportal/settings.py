"""Settings for the Policy Portal, read from the environment (and `.env` when present).

Production defaults are the secure ones: DEBUG is off and HTTPS is assumed unless asked otherwise.
`make run` asks for DEBUG and plain HTTP explicitly. README.md lists every variable.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF

from policyportal import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
env.read_dotenv(BASE_DIR / ".env")

DEBUG = env.get_bool("DJANGO_DEBUG", False)
SECRET_KEY = env.get_str("DJANGO_SECRET_KEY")
# Without a key in production, tooling (migrations, checks) still loads, but nothing can be served:
# Django refuses to sign with an empty key, and the WSGI and ASGI entry points refuse to start
# (policyportal.environment.require_keys), naming the variable.
SECRET_KEY_MISSING = SECRET_KEY is None and not DEBUG
if SECRET_KEY is None:
    SECRET_KEY = "" if not DEBUG else "django-insecure-local-development-only-never-use-in-production"
# Secrets the portal keeps in its database (a district's OpenID client secret) are encrypted with these keys
# (policyportal.encryption): the first encrypts, every one decrypts. Without them in production, the system check
# policyportal.E001 and the WSGI and ASGI entry points stop, naming the variable.
ENCRYPTION_KEYS = env.get_fernet_keys("PORTAL_ENCRYPTION_KEYS")
ENCRYPTION_KEYS_MISSING = not ENCRYPTION_KEYS and not DEBUG
if not ENCRYPTION_KEYS and DEBUG:
    ENCRYPTION_KEYS = [env.fernet_key_derived_from(SECRET_KEY)]
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
PORTAL_BASE_URL = env.get_http_url("PORTAL_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "policyportal.apps.PolicyPortalConfig",
    "audits.apps.AuditsConfig",
    "requests.apps.RequestsConfig",
    "sites.apps.GroupSitesConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "audits.context.AuditContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "policyportal.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "policyportal.middleware.OperatorMiddleware",
    "policyportal.middleware.DistrictTimezoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "policyportal.debug_not_found.PortalNotFoundMiddleware",
]

ROOT_URLCONF = "policyportal.urls"
WSGI_APPLICATION = "policyportal.wsgi.application"
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
                "policyportal.context_processors.navigation",
                "policyportal.context_processors.session_timeout",
            ],
        },
    },
]
# Widgets (every option of every menu) render with Jinja2, several times faster than Django's engine; the pages
# and crispy's field layouts stay Django templates.
FORM_RENDERER = "django.forms.renderers.Jinja2"

# Database: SQLite under var/ for a first look, PostgreSQL for anything real.
_database = env.get_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
if _database["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE transactions serialise writers up front, so the audit chain never forks on SQLite.
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Covering indexes (`Index.include`) are PostgreSQL's; on SQLite they are plain indexes, as intended.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    _database["CONN_MAX_AGE"] = env.get_int("DATABASE_CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}
# The portal runs as DATABASE_URL's role, which may only read and append to the audit trail; `manage.py migrate`
# runs as this role, the tables' owner, and then grants the runtime role (README, "Deploying").
MIGRATION_DATABASE = env.get_migration_database("MIGRATION_DATABASE_URL", _database)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "policyportal.User"

AUTHENTICATION_BACKENDS = [
    "policyportal.auth_backends.PausingBackend",
    "policyportal.auth_backends.DistrictModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling: per account *and* address, so one person cannot lock out a school behind one NAT.
AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.get_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "audits.client_address.client_ip"
AXES_USERNAME_CALLABLE = "policyportal.auth_backends.lockout_username"

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after login.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.get_int("SESSION_IDLE_MINUTES", 30, minimum=1))
SESSION_MAX_AGE = timedelta(hours=env.get_int("SESSION_MAX_HOURS", 12, minimum=1))
# How long before either end a signed-in page warns and offers to stay signed in (WCAG 2.2.1).
SESSION_WARNING_BEFORE = timedelta(minutes=2)
SESSION_COOKIE_AGE = int(SESSION_MAX_AGE.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Transport security. DJANGO_HTTPS=0 is for local development over plain HTTP only.
HTTPS = env.get_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env.get_bool("DJANGO_HSTS_PRELOAD", True)
BEHIND_PROXY = env.get_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.get_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
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

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Filled by `collectstatic` when deploying; in development WhiteNoise serves straight from static/.
STATIC_ROOT = None if DEBUG else BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.get_str("MEDIA_ROOT", str(VAR_DIR / "media"))
# A records-request package (a ZIP under MEDIA_ROOT) is downloadable for this many days, then deleted.
RECORDS_PACKAGE_DAYS = env.get_int("RECORDS_PACKAGE_DAYS", 7, minimum=1)
# The nightly staff sync reads STAFF_SYNC_DIR/<district slug>/ (policyportal.directory.sync); empty: no sync.
STAFF_SYNC_DIR = env.get_absolute_path("STAFF_SYNC_DIR")

# Signed checkpoints of the audit chains (`manage.py audit_checkpoint`, hourly on beat): the Ed25519 key the
# database never sees, and the write-once folder they go to. Under var/ when debugging; to be set in production.
AUDIT_CHECKPOINT_KEY_FILE = env.get_absolute_path("AUDIT_CHECKPOINT_KEY_FILE") or (
    str(VAR_DIR / "audit-checkpoint-key.pem") if DEBUG else ""
)
AUDIT_CHECKPOINT_DIR = env.get_absolute_path("AUDIT_CHECKPOINT_DIR") or (
    str(VAR_DIR / "audit-checkpoints") if DEBUG else ""
)

_email = env.get_email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
if DEBUG and env.get_str("EMAIL_URL") is None:
    EMAIL_BACKEND = "policyportal.email_backends.OneLineConsoleBackend"
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Policy Portal <policy-portal@localhost>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis when REDIS_URL is set, otherwise the filesystem transport under var/ (one machine only).
REDIS_URL = env.get_broker_url("REDIS_URL")
CELERY_TASK_MAX_SECONDS = 300
# Publishing never makes a person wait on the broker: one connection attempt (kombu's default retries for 6 s),
# short socket timeouts, and a publish that fails leaves the email to the outbox sweep (policyportal.outbox).
# Workers retry their own connection (CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP, broker_connection_max_retries).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
_publish_once = {"max_retries": 0}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **_publish_once,
        "socket_connect_timeout": 1,
        "socket_timeout": 2,  # above the worker's 1 s BRPOP, so only a broker that stopped answering trips it
        # A task unacknowledged for longer than this is redelivered; keep it above the longest task.
        "visibility_timeout": 4 * CELERY_TASK_MAX_SECONDS,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    _queue = str(VAR_DIR / "celery" / "queue")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **_publish_once,
        "data_folder_in": _queue,
        "data_folder_out": _queue,
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = CELERY_TASK_MAX_SECONDS
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_MAX_SECONDS - 30
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Periodic work is a sweep over the database: nothing is scheduled far ahead with ETAs or countdowns.
CELERY_BEAT_SCHEDULE = {
    "deliver-pending-emails": {"task": "policyportal.tasks.deliver_pending_emails", "schedule": 60.0},
    "reminder-sweeps": {"task": "policyportal.tasks.run_reminder_sweeps", "schedule": 15 * 60.0},
    "daily-digests": {"task": "policyportal.tasks.send_daily_digests", "schedule": crontab(hour=11, minute=0)},
    "audit-checkpoints": {"task": "policyportal.tasks.write_audit_checkpoints", "schedule": crontab(minute=5)},
    "sign-in-failure-summaries": {
        "task": "policyportal.tasks.summarise_sign_in_failures",
        "schedule": crontab(minute=1),  # before the hour's checkpoints sign the chains
    },
    "forget-old-form-submissions": {
        "task": "policyportal.tasks.forget_old_form_submissions",
        "schedule": crontab(hour=4, minute=15),
    },
    "staff-sync": {"task": "policyportal.tasks.sync_staff_from_directories", "schedule": crontab(hour=7, minute=30)},
    "records-packages": {"task": "audits.tasks.sweep_records_packages", "schedule": 10 * 60.0},
    "disposal-list": {"task": "policyportal.records.tasks.disposal_sweep", "schedule": crontab(hour=3, minute=30)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env.get_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"}),
    },
    # WeasyPrint logs each step of every PDF it prints at INFO; its warnings still show.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
