"""Breachdesk settings: everything deployment-specific comes from the environment (config.environment)."""

import os
from datetime import timedelta
from pathlib import Path

import environ

from config.environment import read_environment
from config.sso_environment import authentication_backends, read_sso_environment

BASE_DIR = Path(__file__).resolve().parent.parent
# A local .env (written by the quick start) fills in what the real environment leaves unset.
if (BASE_DIR / ".env").is_file() and "PYTEST_VERSION" not in os.environ:
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
ENV = read_environment(os.environ, BASE_DIR)

DEBUG = ENV.debug
SECRET_KEY = ENV.secret_key
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins
DATA_DIR = ENV.data_dir
SITE_URL = ENV.site_url

INSTALLED_APPS = [
    "config.apps.BreachdeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "config.apps.BreachdeskConfig",
    "accounts",
    "incidents",
    "compliance",
    "notifications",
    "intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.conditional.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.sso.middleware.NoRoleMiddleware",
    "incidents.middleware.UserPreferenceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "incidents.audit.AuditContextMiddleware",
    # Last, so it sees the lockout flag that a failed sign-in set on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "incidents.context_processors.roles",
                "incidents.context_processors.demo",
            ],
        },
    },
]

DATABASES = {"default": ENV.database}
# API rate-limit counters: Redis (CACHE_URL) shares them between web processes.
CACHES = {"default": ENV.cache}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Single sign-on (OpenID Connect) and which local accounts may still use a password.
BREACHDESK_SSO = read_sso_environment(os.environ)
AUTHENTICATION_BACKENDS = authentication_backends(BREACHDESK_SSO)
# django-axes: five failed sign-ins for one username from one address lock that pair out for
# 15 minutes (locking by username alone would let anyone lock a colleague out).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.network.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
BREACHDESK_TRUSTED_PROXY_COUNT = ENV.trusted_proxy_count
OTP_TOTP_ISSUER = "Breachdesk"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# Each language names itself. A browser asking for zh-TW, zh-HK or zh-Hant gets zh-hant, zh-CN
# or plain zh gets zh-hans (Django's fallbacks for Chinese; tests/config/test_languages.py).
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Storage is always UTC; people see their own zone in the UI.
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Request size limits: a breach report is text, not a file dump.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Email
for _key, _value in ENV.email.items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = ENV.default_from_email
SERVER_EMAIL = ENV.default_from_email

# Security: with HTTPS on (the default whenever DEBUG is off) cookies are secure and HSTS is sent.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
if ENV.https:
    SECURE_SSL_REDIRECT = os.environ.get("BREACHDESK_SSL_REDIRECT", "true").lower() != "false"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["incidents.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "config.api.StrictFilterBackend",
        "config.api.StrictOrderingFilter",
    ],
    # The API speaks JSON only: fewer parsers, fewer ways to smuggle odd input.
    "DEFAULT_PARSER_CLASSES": ["config.parsers.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "accounts.throttling.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("BREACHDESK_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("BREACHDESK_THROTTLE_USER", "6000/minute"),
    },
    "DATETIME_FORMAT": "iso-8601",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Breachdesk API",
    "DESCRIPTION": "Personal-data-breach response and regulatory compliance.",
    "VERSION": "1.0.0",
    "LICENSE": {"name": "AGPL-3.0-or-later", "url": "https://www.gnu.org/licenses/agpl-3.0.html"},
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Without deep links an operation's summary holds no link inside its button (accessibility).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Relative: the schema describes the installation that serves it.
    "SERVERS": [{"url": "/", "description": "This Breachdesk installation"}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema_hooks.errors_as_json",
        "config.schema_hooks.integer_ids",
        "config.schema_hooks.etags",
        "config.schema_hooks.tag_descriptions",
        "config.schema_hooks.strict_validator_types",
        "config.schema_hooks.public_operations",
    ],
    # Several models have a "status"; name each choice set once.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "incidents.choices.Status",
        # Names the schema had before alerts brought a second `severity` and `kind`.
        "SeverityEnum": "incidents.choices.Severity",
        "KindEnum": "compliance.models.ReportKind",
        "AlertSeverityEnum": "intake.models.Severity",
        "AlertStatusEnum": "intake.models.AlertStatus",
        "AlertSourceKindEnum": "intake.models.SourceKind",
        "TaskStatusEnum": "incidents.choices.TaskStatus",
        "StatementStatusEnum": "incidents.response.models.StatementStatus",
        "IncidentTypeEnum": "incidents.choices.IncidentType",
        "RoleEnum": "incidents.choices.ProcessingRole",
        "RiskLevelEnum": "incidents.choices.RiskLevel",
        "ObligationStatusEnum": "compliance.models.ObligationStatus",
        "ReportStatusEnum": "compliance.models.ReportStatus",
        "RegimeEnum": "compliance.models.Regime",
        "OutboxStatusEnum": "notifications.models.OutboxStatus",
        "EventEnum": "notifications.models.Event",
        "ReviewStatusEnum": "incidents.learning.models.ReviewStatus",
        "StepOutcomeEnum": "incidents.api.learning.OUTCOME_CHOICES",
    },
}

# Celery: the database is the source of truth; the broker only carries work.
CELERY_BROKER_URL = ENV.broker_url
CELERY_BROKER_TRANSPORT_OPTIONS = ENV.broker_transport_options
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "").lower() == "true"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    # Deadline warnings, escalations, retries and lost sends: every minute (notifications app).
    "notifications-sweep": {
        "task": "notifications.tasks.notifications_sweep_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Queued reports the broker lost or a dead worker left: every minute (compliance app).
    "reports-sweep": {
        "task": "compliance.reports_sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Public-mention watch: feeds are polled conditionally (ETag / Last-Modified).
    "intake-feeds-poll": {
        "task": "intake.tasks.feeds_poll_task",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
}
# Publishing must not hang a web request when the broker is down: the outbox row is kept
# and the sweep sends it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS.setdefault("max_retries", 1)
# Redis hands an unacknowledged task to another worker after the visibility timeout (tasks are
# acknowledged when they finish). It must outlast the longest task, or a running task would
# run twice; the hard time limit below bounds every task. Recovery of a dead worker's reports
# does not wait for it: the reports sweep does that in minutes (docs/concurrency.md).
CELERY_TASK_TIME_LIMIT = 600
CELERY_BROKER_TRANSPORT_OPTIONS.setdefault("visibility_timeout", 900)

# A TrueType font for generated PDFs instead of the bundled WenQuanYi Micro Hei (optional).
BREACHDESK_PDF_FONT = os.environ.get("BREACHDESK_PDF_FONT", "")

BREACHDESK = {
    "EMBEDDED_DATABASE": ENV.embedded_database,
    "EMBEDDED_BROKER": ENV.embedded_broker,
    "DEMO": ENV.demo,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # In the demo, a task's "received" and "succeeded" lines would bury the console; failures
    # are still logged.
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("celery.app.trace", "celery.worker.strategy")
        if ENV.demo
    },
}

for _folder in (DATA_DIR, MEDIA_ROOT, STATIC_ROOT):
    _folder.mkdir(parents=True, exist_ok=True)
for _key in ("data_folder_in", "processed_folder", "control_folder"):
    if _key in ENV.broker_transport_options:
        Path(ENV.broker_transport_options[_key]).mkdir(parents=True, exist_ok=True)
