"""The one settings module. Everything that differs between machines comes from
environment variables, so the same code runs a laptop demo and a national server.

HEARTH_DEBUG        "1" turns on Django debug pages (never in production)
SECRET_KEY          when unset, one is generated on first run and kept in var/secret_key
DATABASE_URL        default sqlite:///var/hearth.sqlite3 (WAL mode); postgres://... in production
ALLOWED_HOSTS       comma-separated; default localhost names
REDIS_URL           when set, background jobs and the cache use Redis instead of SQLite / the DB
HEARTH_PROXY_COUNT  how many proxies of our own stand in front (trusts that many
                    X-Forwarded-For entries); default 1 with HEARTH_BEHIND_TLS_PROXY, else 0
HEARTH_DEMO         "1" marks a demo installation: demo sign-ins are printed and shown
HEARTH_VAR_DIR      where runtime files live (default ./var)
EMAIL_URL-like      EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS
HEARTH_SITE_URL     the address people open Hearth at, for links in emails
                    (default http://localhost:8000)
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


VAR_DIR = Path(os.environ.get("HEARTH_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """A key given in the environment wins; otherwise one is made once and kept,
    so sessions survive restarts without a secret ever living in the code."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_flag("HEARTH_DEBUG")
DEMO_MODE = env_flag("HEARTH_DEMO")
# Under pytest the suite runs with inline jobs and an unlockable audit guard.
TESTING = env_flag("HEARTH_TESTING", default="pytest" in sys.modules)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "ninja",  # serves the API docs' scripts from our own static files, not a CDN (CSP)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "hearth.core",
    "hearth.audit",
    "hearth.access",
    "hearth.places",
    "hearth.accounts",
    "hearth.registry",
    "hearth.notify",
    "hearth.forms",
    "hearth.care",
    "hearth.cases",
    "hearth.reports",
    "hearth.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hearth.web.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hearth.accounts.middleware.TwoFactorMiddleware",
    "hearth.accounts.middleware.PasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hearth.audit.middleware.RequestContextMiddleware",
    "hearth.web.middleware.HearthErrorMiddleware",
    "hearth.web.middleware.ReadSettingsOnceMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hearth.urls"
WSGI_APPLICATION = "hearth.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hearth.web.context.navigation",
            ],
            "builtins": ["hearth.access.templatetags.access"],
        },
    }
]

# Database ------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hearth.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer writes; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue instead of failing half-way. Each request
    # opens its own connection, so reads come through a memory map of the file
    # (no copy per page) and sorts and groupings stay in memory rather than in
    # temporary files: reports read hundreds of thousands of rows.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=10000; PRAGMA mmap_size=1073741824; PRAGMA temp_store=MEMORY;"
            "PRAGMA cache_size=-32768;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles each large aggregate before running it: on the
    # indicators over a million cases that took a third of the query's time (and
    # once more in each parallel worker) for queries that run well under a second
    # interpreted. An `options` given in DATABASE_URL (?options=...) wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and sign-in -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("HEARTH_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("HEARTH_LOCKOUT_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_flag("HEARTH_LOCKOUT", default=True)
# One answer to "who is the client" for lockout, rate limits and the audit trail.
AXES_CLIENT_IP_CALLABLE = "hearth.audit.context.client_ip"
HEARTH_PROXY_COUNT = int(
    os.environ.get("HEARTH_PROXY_COUNT", "1" if env_flag("HEARTH_BEHIND_TLS_PROXY") else "0")
)

# Two-factor sign-in (TOTP). Roles with requires_2fa, or everyone when the setting
# security.require_2fa_for_all is on, must enrol; a demo installation does not insist.
OTP_TOTP_ISSUER = os.environ.get("HEARTH_OTP_ISSUER", "Hearth")
HEARTH_ENFORCE_2FA = env_flag("HEARTH_ENFORCE_2FA", default=not DEMO_MODE)

# Sessions and cookies: short idle timeout, never readable by scripts.
SESSION_COOKIE_AGE = int(os.environ.get("HEARTH_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_COOKIES = env_flag("HEARTH_SECURE_COOKIES", default=not DEBUG and not DEMO_MODE)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_flag("HEARTH_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000

# No inline scripts or styles: every script is a file we serve ourselves.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Languages (J2). Arabic is here so right-to-left layout is always exercised.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("km", _("Khmer")),
    ("hy", _("Armenian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_TZ = True

# Static and uploaded files ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Attachments are never served as public URLs; they are streamed by views that check access.
MEDIA_ROOT = VAR_DIR / "files"
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
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Cache: sign-in and API rate limits count here, so it must be shared by every
# web process. The database by default (`hearth createcachetable` makes the table),
# Redis when configured.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hearth_cache",
        }
    }

# Background jobs: SQLite queue by default, Redis when configured, inline in tests.
if os.environ.get("REDIS_URL"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "hearth",
        "url": os.environ["REDIS_URL"],
        "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "hearth",
        "filename": str(VAR_DIR / "jobs.sqlite3"),
        "immediate": TESTING or env_flag("HEARTH_JOBS_INLINE"),
    }

# Email (E5). The console backend prints mail in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hearth@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Hearth's own knobs ---------------------------------------------------------------
HEARTH = {
    # Page sizes for lists in the UI and the API.
    "PAGE_SIZE": 25,
    "API_MAX_PER_PAGE": 200,
    # Case numbers look like CP-2026-000123.
    "CASE_NUMBER_PREFIX": os.environ.get("HEARTH_CASE_PREFIX", "CP"),
    # Links in notification emails start with this.
    "SITE_URL": os.environ.get("HEARTH_SITE_URL", "http://localhost:8000"),
    # Seconds to wait for DHIS2 to answer a data value set.
    "DHIS2_TIMEOUT": float(os.environ.get("HEARTH_DHIS2_TIMEOUT", "60")),
}
