"""Poise settings: one file, every deployment value from the environment (see docs/deployment.md).

Two modes. *Embedded* (the default) runs on a SQLite file in the data directory and keeps a
generated secret key there. *Production* (POISE_MODE=production) requires a secret key from the
environment, turns on secure cookies, HSTS and the HTTPS redirect, and requires two-factor
authentication for prescribers.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    """A setting from the environment; secrets may also come from the file named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "true" if default else "false").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


MODE = env("POISE_MODE", "embedded")
if MODE not in {"embedded", "production"}:
    raise ImproperlyConfigured(f"POISE_MODE must be embedded or production, not {MODE!r}")
PRODUCTION = MODE == "production"

DATA_DIR = Path(env("POISE_DATA_DIR") or BASE_DIR.parent / "data").resolve()


def embedded_secret_key() -> str:
    """Generated on first run and kept in the data directory, readable by its owner only."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env("POISE_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("POISE_SECRET_KEY (or POISE_SECRET_KEY_FILE) is required")
    SECRET_KEY = embedded_secret_key()

DEBUG = env_bool("POISE_DEBUG", default=False)
ALLOWED_HOSTS = env_list("POISE_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("POISE_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "poise.accounts",
    "poise.audit",
    "poise.patients",
    "poise.medications",
    "poise.assessments",
    "poise.journal",
    "poise.web",
    "poise.api",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "template_partials.apps.SimpleAppConfig",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "poise.accounts.middleware.RequireTwoFactorMiddleware",
    "poise.accounts.middleware.LocalTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "poise.urls"
WSGI_APPLICATION = "poise.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# An empty DATABASE_URL means the embedded default, so the test runner can force SQLite.
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'poise.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web workers read while one writes; IMMEDIATE takes the write lock at the
    # start of a transaction, so two writers queue instead of failing half-way with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(env("POISE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(env("POISE_PROXY_COUNT", "0")) or None

# Two-factor: always offered to staff; required of prescribers in production mode.
POISE_REQUIRE_2FA_ROLES = env_list("POISE_REQUIRE_2FA_ROLES", "prescriber" if PRODUCTION else "")
OTP_TOTP_ISSUER = "Poise"

SESSION_COOKIE_AGE = int(env("POISE_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("POISE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env("POISE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("POISE_HSTS_PRELOAD", default=False)
    if env_bool("POISE_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [] if PRODUCTION else ["security.W004", "security.W008"]
if PRODUCTION and not env_bool("POISE_HSTS_PRELOAD", default=False):
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Everything the pages load comes from this server: no inline script, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("POISE_STATIC_ROOT") or DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Embedded mode serves static files straight from the package, without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("POISE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Without a mail server configured, embedded mode prints outgoing mail (invitation links) to
# the terminal instead of failing to connect to one that is not there.
EMAIL_BACKEND = env(
    "POISE_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION or env("POISE_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("POISE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("POISE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("POISE_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("POISE_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("POISE_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("POISE_EMAIL_FROM", "Poise <poise@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Embedded mode runs background work at once, in the request; production queues it in the
# database for `poise worker` (POISE_TASKS=database|immediate overrides either way).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKENDS[env("POISE_TASKS", "database" if PRODUCTION else "immediate")]
    }
}

# No health data in logs: request logging carries only method, path and status, and paths use
# opaque public ids. Django's own error mails are off; errors go to stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("POISE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
