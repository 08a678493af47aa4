"""Settings for Thân Thiện. Everything that differs between machines comes from the environment.

Development defaults let a fresh clone run; production sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS
and DATABASE_URL (see README and .env.example).
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env")  # optional; real environment variables win

DATA_DIR = Path(env("THANTHIEN_DATA_DIR", default=str(PROJECT_DIR / "data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "huey.contrib.djhuey",
    "thanthien.core",
    "thanthien.units",
    "thanthien.notifications",
    "thanthien.procedures",
    "thanthien.dossiers",
    "thanthien.feedback",
    "thanthien.ratings",
    "thanthien.letters",
    "thanthien.reports",
    "thanthien.portal",
    "thanthien.reception",
    "thanthien.planning",
    "thanthien.disclosure",
    "thanthien.assessment",
    "thanthien.households",
    "thanthien.devices",
    "thanthien.configuration",
]

MIDDLEWARE = [
    # First: a kept public page is answered before anything else runs (core/public_cache.py).
    "thanthien.core.public_cache.PublicPageCacheMiddleware",
    # Then a citizen's dossier look-up, personal so never kept, answered as the view would
    # (portal/lookup_fast.py).
    "thanthien.portal.lookup_fast.LookupMiddleware",
    # Then the busiest API writes with an API key, answered as the API would (thanthien/api_lane.py).
    "thanthien.api_lane.ApiWriteLaneMiddleware",
    # Then a citizen's rating from a dossier's link, or feedback form, once recorded, answered as the view
    # would (portal/form_lane.py).
    "thanthien.portal.form_lane.PublicFormLaneMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "thanthien.core.middleware.KeptPolicyCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thanthien.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "thanthien.portal.errors.FriendlyNotFoundMiddleware",  # the Vietnamese 404 page, DEBUG or not
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thanthien.core.middleware.LoginRequiredExceptApiMiddleware",
    "thanthien.units.middleware.TwoFactorRequiredMiddleware",
    "thanthien.units.middleware.PasswordChangeRequiredMiddleware",
    "thanthien.units.middleware.VillagePeoplePagesMiddleware",
    "thanthien.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thanthien.urls"
WSGI_APPLICATION = "thanthien.wsgi.application"

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
                "thanthien.units.context_processors.navigation",
                "thanthien.portal.context_processors.public_site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------------
# SQLite by default (one PC runs everything); PostgreSQL in a province: DATABASE_URL=postgres://...
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'thanthien.sqlite3'}")}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on the busy timeout instead of failing half-way with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    _db["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")} if env.bool("TEST_SQLITE_FILE", False) else {}
    # Keep the connection: reopening one per request also checkpoints the WAL each time (measured 3x slower).
    _db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
else:
    if _db["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, with a health check that sends no `SELECT 1` while the connection is quiet.
        _db["ENGINE"] = "thanthien.core.postgresql"
    _db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    _db["CONN_HEALTH_CHECKS"] = True
    if env.bool("DATABASE_POOL", default=False):
        _db["CONN_MAX_AGE"] = 0
        _db.setdefault("OPTIONS", {})["pool"] = True
    # Django's cursors bind on the client and never prepare; the few statements that ask for it
    # (core.statements, `prepared`) are planned once per connection. A threshold no query reaches keeps
    # psycopg from preparing anything else. DATABASE_PREPARED_STATEMENTS=false for a pooler that cannot
    # keep them (PgBouncer before 1.21 in transaction mode): those statements are then planned each time.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        _db.setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background work -----------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": "thanthien",
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    # Shared by the web server and the worker on one machine, with no table to create.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "thanthien",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": env.bool("HUEY_IMMEDIATE", default=False),
    }

# --- Authentication and security ---------------------------------------------------------------------
AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    "thanthien.units.login_limits.AddressLimitedAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed logins: 5 failures for one username from one address lock it for 15 minutes (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# ... and 30 failures from one address, whatever the usernames, lock the address (units/login_limits.py).
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=30)

# Two-factor (TOTP) is required of the roles that can change or approve a commune's data.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Thân Thiện"

HTTPS = env.bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", False) else None
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# --- Language, time, formats ---------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["thanthien.formats"]

# --- Static files --------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(DATA_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = DEBUG

# The key(s) that encrypt a denouncer's or complainant's identity at rest (Fernet; Law on Denunciations
# arts. 8(3), 56). Comma-separated: the first encrypts, all decrypt (key rotation). A development key is
# used only while DEBUG is on; production must set it, or reading and writing identities fails.
DEV_IDENTITY_KEY = (
    "dGhhbnRoaWVuLWRldi1vbmx5LWlkZW50aXR5LWtleSE="  # base64 of "thanthien-dev-only-identity-key!"
)
FEEDBACK_IDENTITY_KEY = env("FEEDBACK_IDENTITY_KEY", default=DEV_IDENTITY_KEY if DEBUG else "")

# Feedback cases: how many working days before a legal limit the sweep warns the assignee and the leaders.
FEEDBACK_WARN_WORKING_DAYS = env.int("FEEDBACK_WARN_WORKING_DAYS", default=2)
# Public feedback (web form and POST /api/v1/feedback): submissions allowed per address per 10 minutes.
FEEDBACK_SUBMISSIONS_PER_WINDOW = env.int("FEEDBACK_SUBMISSIONS_PER_WINDOW", default=10)
# A dossier's rating link (portal/rating.py): ratings sent per address per 10 minutes (a shared family or
# café connection rates several dossiers; a robot trying tokens is stopped).
RATING_LINK_RATINGS_PER_WINDOW = env.int("RATING_LINK_RATINGS_PER_WINDOW", default=30)
# Public feedback: the largest photo or PDF a citizen may attach, in MB (feedback.attachments).
FEEDBACK_ATTACHMENT_MAX_MB = env.int("FEEDBACK_ATTACHMENT_MAX_MB", default=5)
# Speed of the public paths (core/public_cache.py, core/process_cache.py): how long a web process keeps a
# whole public page for visitors without an account, the rules a write reads (rating scale, policy, the
# commune by code), and an API key with its user. 0 turns each off. Another process sees a change within it.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=30)
RULES_CACHE_SECONDS = env.int("RULES_CACHE_SECONDS", default=10)
API_KEY_CACHE_SECONDS = env.int("API_KEY_CACHE_SECONDS", default=5)
# Criteria self-assessments: the largest evidence file a commune may attach, in MB.
ASSESSMENT_EVIDENCE_MAX_MB = env.int("ASSESSMENT_EVIDENCE_MAX_MB", default=10)

# The address citizens reach the site at: links in SMS messages, QR codes on receipts and notices
# (core.links.public_url). `python3 run.py` sets it to the address it serves on, unless it is set already.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Message channels: dotted paths of adapters (thanthien.notifications.channels): FileChannel (the demo:
# data/outbox.jsonl and the log), HttpSmsChannel (any HTTP gateway, SMS_GATEWAY_*), EsmsChannel (eSMS.vn),
# ZaloOAChannel (ZALO_OA_*), EmailChannel (EMAIL_BACKEND).
NOTIFICATION_CHANNELS = {
    "default": "thanthien.notifications.channels.FileChannel",
    "sms": env("SMS_CHANNEL", default="thanthien.notifications.channels.FileChannel"),
    "zalo": env("ZALO_CHANNEL", default="thanthien.notifications.channels.FileChannel"),
    "email": env("EMAIL_CHANNEL", default="thanthien.notifications.channels.EmailChannel"),
}
# Seconds an HTTP gateway has to answer; past that the attempt counts as failed and is retried later
# (with the same idempotency key, so a message the gateway did accept is not delivered twice).
NOTIFICATION_HTTP_TIMEOUT = env.float("NOTIFICATION_HTTP_TIMEOUT", default=10)
NOTIFICATION_DELIVERY = {
    "max_attempts": env.int("NOTIFICATION_MAX_ATTEMPTS", default=8),
    "backoff_base_seconds": env.float("NOTIFICATION_BACKOFF_SECONDS", default=30),  # 30 s, 1 min, 2 min …
    "backoff_max_seconds": env.float("NOTIFICATION_BACKOFF_MAX_SECONDS", default=3600),
    # A worker holds the messages it is sending this long; if it dies, others take them over after it.
    "lease_seconds": env.float("NOTIFICATION_LEASE_SECONDS", default=300),
    "batch": env.int("NOTIFICATION_BATCH", default=50),
    "threads": env.int("NOTIFICATION_THREADS", default=4),
}
# Non-urgent messages wait through these local hours (HH:MM-HH:MM, empty = none); admin → "Giờ yên lặng"
# rows, per commune and by date, take precedence.
NOTIFICATION_QUIET_HOURS = env("NOTIFICATION_QUIET_HOURS", default="21:00-07:00")
SMS_UNICODE = env.bool("SMS_UNICODE", default=False)  # False: sent without diacritics (GSM-7, 160/153)
SMS_MAX_SEGMENTS = env.int("SMS_MAX_SEGMENTS", default=3)  # a longer text is cut, keeping a final link
SMS_GATEWAY = {  # the generic HTTP SMS gateway (HttpSmsChannel)
    "url": env("SMS_GATEWAY_URL", default=""),
    "method": env("SMS_GATEWAY_METHOD", default="POST"),
    "format": env("SMS_GATEWAY_FORMAT", default="json"),  # json | form
    "body": env.json("SMS_GATEWAY_BODY", default={"to": "{phone}", "text": "{text}", "id": "{key}"}),
    "headers": dict(
        [header.split(":", 1)[0].strip(), header.split(":", 1)[1].strip()]
        for header in env.list("SMS_GATEWAY_HEADERS", default=[])
        if ":" in header
    ),
    "idempotency_header": env("SMS_GATEWAY_IDEMPOTENCY_HEADER", default="Idempotency-Key"),
    "success_status": env.list("SMS_GATEWAY_SUCCESS_STATUS", cast=int, default=[200, 201, 202]),
    "success_field": env("SMS_GATEWAY_SUCCESS_FIELD", default=""),
    "success_values": env.list("SMS_GATEWAY_SUCCESS_VALUES", default=[]),
    "message_id_field": env("SMS_GATEWAY_MESSAGE_ID_FIELD", default=""),
    "phone_format": env("SMS_GATEWAY_PHONE_FORMAT", default="e164"),  # e164 | national | 84
    "sender": env("SMS_SENDER", default=""),
}
ESMS = {  # eSMS.vn brandname SMS (EsmsChannel)
    "url": env(
        "ESMS_URL", default="https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    ),
    "api_key": env("ESMS_API_KEY", default=""),
    "secret_key": env("ESMS_SECRET_KEY", default=""),
    "brandname": env("ESMS_BRANDNAME", default=""),
    "sms_type": env("ESMS_SMS_TYPE", default="2"),  # 2: customer care
    "sandbox": env.bool("ESMS_SANDBOX", default=False),
}
ZALO_OA = {  # a Zalo Official Account (ZaloOAChannel)
    "url": env("ZALO_OA_URL", default="https://openapi.zalo.me/v3.0/oa/message/cs"),
    "access_token": env("ZALO_OA_ACCESS_TOKEN", default=""),
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="thanthien@localhost")
NOTIFICATION_EMAIL_DOMAIN = env("NOTIFICATION_EMAIL_DOMAIN", default="thanthien.local")

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "huey": {"propagate": False}},  # run_huey adds its own handler,
}
