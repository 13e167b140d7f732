"""The one settings file. Defaults just work for development; production sets env vars.

Every knob an administrator may turn is read through the small typed helpers below and
listed in the README's configuration table.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("FIRSTCHOICE_VAR_DIR", PROJECT_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret(name: str, default: str | None) -> str | None:
    """Read NAME, or the file named by NAME_FILE (Docker/systemd credentials style)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = envbool("DEBUG", "true")
_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = secret("SECRET_KEY", _DEV_SECRET if DEBUG else None) or ""
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "firstchoice.teams.admin_site.AdminConfig",  # django.contrib.admin, see the module
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "ninja",  # the API docs from the vendored Swagger UI files, not a CDN (and CSP-clean)
    "django_tasks",
    "django_tasks_db",
    "firstchoice.lib",
    "firstchoice.teams",
    "firstchoice.notifications",
    "firstchoice.customers",
    "firstchoice.sales",
    "firstchoice.portfolio",
    "firstchoice.people",
    "firstchoice.plans",
    "firstchoice.contacts",
    "firstchoice.coaching",
    "firstchoice.reviews",
    "firstchoice.pages",
    "firstchoice.demo",
    "firstchoice.ops",
]

MIDDLEWARE = [
    "firstchoice.lib.memo.RequestMemoMiddleware",  # before anything that reads settings rows
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "firstchoice.teams.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "firstchoice.urls"
WSGI_APPLICATION = "firstchoice.wsgi.application"

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
                "firstchoice.teams.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'firstchoice.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the page stay readable while an import writes; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock when two requests write at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
    # Tests use a file too (not :memory:), so background imports and the live server see
    # the database as in production: WAL, one writer, readers alongside.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

# Cache (firstchoice.lib.caching says what is kept and what each key is made of): local
# memory in each process by default, no set-up; Redis shared by every process and machine
# when REDIS_URL is set (redis://host:6379/0). Keys are made from the cached data itself,
# so a per-process cache is never stale, only colder.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_TIMEOUT = envint("CACHE_TIMEOUT", "604800")  # seconds an unused entry may stay (a week)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": CACHE_TIMEOUT,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "firstchoice"),
            # A Redis that is down must not take the pages with it (lib.caching serves
            # uncached): fail fast instead of waiting for the socket's default timeout.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "firstchoice",
            "TIMEOUT": CACHE_TIMEOUT,
            "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", "5000")},
        }
    }

# Whole read-only pages kept in that cache per state of the data (teams.pagecache): a
# write to any table outside these apps gives the data a new version. On in production;
# off by default with DEBUG, so an edited template shows at once. PAGE_CACHE=false draws
# every page afresh (bench/ measures both).
PAGE_CACHE = envbool("PAGE_CACHE", "false" if DEBUG else "true")
PAGE_CACHE_TIMEOUT = envint("PAGE_CACHE_TIMEOUT", "300")  # seconds; bounds clock-drawn text
PAGE_CACHE_IGNORED = [  # app labels, or "app.Model"
    "sessions",  # a session saved on each visit shows on no page
    "axes",  # login throttling
    "django_tasks_database",  # the job queue
    "ops",  # periodic job claims
    "notifications",  # the bell and its list are never cached pages
    "contenttypes",
    "admin",  # the admin's log of a change (the change itself counts)
    "teams.ApiToken",  # its last use, noted once a minute by API calls
]

# Background jobs (web imports): Django's Tasks framework through the django-tasks backport,
# kept in the database by django-tasks-db; `firstchoice worker` runs them (DESIGN.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
HEARTBEAT_EVERY = float(envint("HEARTBEAT_EVERY", "2"))  # seconds between a job's beats
# A running import whose worker has not beaten for this long is marked failed (its lines,
# one uncommitted transaction, are gone with the worker) and can be started again.
IMPORT_STALE_AFTER = envint("IMPORT_STALE_AFTER", "30")
WORKER_SEEN_WITHIN = envint("WORKER_SEEN_WITHIN", "60")  # /healthz: a worker beat this recently

AUTH_USER_MODEL = "teams.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+address after repeated failures.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "10")
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client address behind a reverse proxy (firstchoice.teams.client_address): only from
# the header the proxies set, and only when configured; otherwise the socket's address.
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "1")
AXES_CLIENT_IP_CALLABLE = "firstchoice.teams.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "firstchoice_language"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production (DEBUG off, or STATIC_MANIFEST=true): file names carry a hash of their content
# (app.3f2a9c1b04de.js) and WhiteNoise serves them compressed and cached for a year, so a
# new release never meets a browser's stale copy. That needs `collectstatic` into
# STATIC_ROOT, which `firstchoice serve` runs at its start. Development and tests serve
# straight from the app folders: no manifest to build or forget.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", "false" if DEBUG else "true")
STATIC_ROOT = os.environ.get("STATIC_ROOT") or (
    str(VAR_DIR / "static") if STATIC_MANIFEST else None
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Source maps (5 MB of the API docs' bundles) are fetched by developer tools only: not worth
# compressing at every release.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Production behind a TLS-terminating proxy (docs/deploy.md): HTTPS only, HSTS, and the
# proxy's X-Forwarded-Proto trusted. /healthz stays reachable over plain HTTP for probes.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "false")
if envbool("BEHIND_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts only from our own static files, never
# inline (what a page does lives in static/firstchoice/*.js, wired by data- attributes).
# Inline styles stay allowed: templates set widths and colours with style="…" (bars, the
# heatmap) and htmx and Swagger UI insert <style>; a style cannot run code. Charts are
# inline SVG without scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Logs go to stdout (the service manager keeps them); LOG_FORMAT=json for one JSON object
# per line, for log collectors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "firstchoice.lib.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# E-mail (notifications, issue 19): EMAIL_URL, e.g. smtp+tls://user:password@mail.example:587
# (smtp:// plain, smtp+tls:// STARTTLS, smtp+ssl:// implicit TLS, console://), or the usual
# EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER / EMAIL_HOST_PASSWORD / EMAIL_USE_TLS /
# EMAIL_USE_SSL. Without either, development prints mails on the console; production
# (DEBUG off) sends through SMTP on localhost:25. Mail goes out only from the worker.


def _email_settings() -> dict[str, object]:
    from urllib.parse import unquote, urlsplit

    url = secret("EMAIL_URL", None)
    if url:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "console":
            return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if scheme not in ("smtp", "smtp+tls", "smtp+ssl", "submission"):
            raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {parts.scheme!r}")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or {"smtp+ssl": 465, "smtp+tls": 587}.get(scheme, 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": scheme in ("smtp+tls", "submission"),
            "EMAIL_USE_SSL": scheme == "smtp+ssl",
        }
    host = os.environ.get("EMAIL_HOST", "")
    if not host and DEBUG:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": envint("EMAIL_PORT", "25"),
        "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": secret("EMAIL_HOST_PASSWORD", "") or "",
        "EMAIL_USE_TLS": envbool("EMAIL_USE_TLS", "false"),
        "EMAIL_USE_SSL": envbool("EMAIL_USE_SSL", "false"),
    }


globals().update(_email_settings())
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "firstchoice <firstchoice@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address the links in e-mails start with (this server as users reach it).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
