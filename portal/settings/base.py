"""Settings shared by every mode. Anything that differs between machines comes from the
environment; the modules beside this one only change what their mode needs."""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "guidance",
    "bookings",
    "coordination",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "schedule",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    # Only for its translations: Wagtail's admin says "5 seconds ago" with its wording.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # The content generation, read once per request (home/caching.py).
    "home.caching.GenerationMiddleware",
    # Stores anonymous pages marked public (see home/caching.py); the fetch half is last.
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed by the application too (WhiteNoise serves static files pre-compressed).
    # BREACH: see docs/offline.md ("Compression") for why every HTML response may be compressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "home.offline.OfflineMiddleware",
    # Site, site settings and page routes kept per content generation (home/routing.py).
    "home.routing.FastRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp, plus the hashes of the stylesheets written into the page (home/assets.py).
    "home.assets.InlineStyleCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so a locked-out attempt never reaches the views.
    "axes.middleware.AxesMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
]

# PAGE_CACHE=off serves every page afresh (the shared fragments stay): to measure the uncached
# path, or to rule the page cache out when looking for a fault.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
if not PAGE_CACHE_ENABLED:
    MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("django.middleware.cache.")]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
                "coordination.context_processors.todo",
            ],
        },
    },
]

# PostgreSQL gives up on a statement that waits for a lock, or runs, longer than this, so
# that no request can hold another for more than seconds. A number of milliseconds or with
# a unit ("5s", "500ms"); "0" turns it off. Bookings wait at most BOOKINGS_LOCK_TIMEOUT for the
# room (bookings/rules.py).
_DURATION = re.compile(r"^\d+(ms|s|min)?$")


def env_duration(name, default):
    value = os.environ.get(name, default).strip()
    if not _DURATION.match(value):
        raise ImproperlyConfigured(f"{name} must be a duration such as 5s or 500ms, not {value!r}")
    return value


DATABASE_LOCK_TIMEOUT = env_duration("DATABASE_LOCK_TIMEOUT", "5s")
DATABASE_STATEMENT_TIMEOUT = env_duration("DATABASE_STATEMENT_TIMEOUT", "30s")
BOOKINGS_LOCK_TIMEOUT = env_duration("BOOKINGS_LOCK_TIMEOUT", "3s")
# Seconds to wait for a connection to the database before giving up (an outage answers 503).
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
# What a 503 (database away, home/outage.py) tells clients to wait before trying again.
PORTAL_RETRY_AFTER_SECONDS = int(os.environ.get("PORTAL_RETRY_AFTER_SECONDS", "30"))


def with_timeouts(database):
    """The database settings with the timeouts above as connection options (PostgreSQL)."""
    if "postgresql" in database.get("ENGINE", ""):
        options = database.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
        options["options"] = " ".join(
            filter(
                None,
                [
                    options.get("options", ""),
                    f"-c lock_timeout={DATABASE_LOCK_TIMEOUT}",
                    f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}",
                ],
            )
        )
    return database


# The embedded default needs no service; production and the tests set DATABASE_URL.
# Connections stay open between requests (DB_CONN_MAX_AGE seconds) and are checked before
# reuse: opening a PostgreSQL connection costs more than most pages' queries. Behind a
# transaction-pooling pgbouncer set DB_CONN_MAX_AGE=0 (deploy/README.md).
DATABASES = {
    "default": with_timeouts(
        dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"

# Proxies whose X-Forwarded-For / X-Real-IP are believed (addresses or networks); the
# documented nginx runs on the same machine. Everyone else's forwarded headers are ignored.
PORTAL_TRUSTED_PROXIES = env_list("PORTAL_TRUSTED_PROXIES", "127.0.0.1,::1")
# Address-based rate limits (django-ratelimit's key="ip") use the same client address.
RATELIMIT_IP_META_KEY = "home.client.client_address"
LOGIN_REDIRECT_URL = "account"
LOGOUT_REDIRECT_URL = "/"

# Brute-force protection (home/signin.py): a username+address pair is locked after
# AXES_FAILURE_LIMIT failures, and an address after AXES_ADDRESS_FAILURE_LIMIT failures over
# any usernames (password spraying); both for AXES_COOLOFF_HOURS. The address is the client's
# as forwarded by a trusted proxy (home/client.py).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "home.signin.PortalAxesHandler"
AXES_CLIENT_IP_CALLABLE = "home.client.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
# The admin's catalogue comes first, so it overrides and completes Wagtail's and Django's own
# Indonesian; `make messages` never rewrites it (see portal/translations/README.md).
LOCALE_PATHS = [BASE_DIR / "portal" / "translations" / "admin", BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Booking attachments: outside MEDIA_ROOT, never served by URL; a view checks who may see them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if os.environ.get("CACHE_URL"):
    if not os.environ["CACHE_URL"].startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL must be a Redis address such as redis://host:6379/0")
    _CACHE = {
        "BACKEND": "portal.cache.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
    }
else:
    _CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": _CACHE,
    # Whole anonymous pages; every key carries the content generation (home/caching.py).
    "pages": {
        **_CACHE,
        "LOCATION": _CACHE.get("LOCATION", "pages"),
        "KEY_FUNCTION": "home.caching.make_key",
    },
}
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "ruko"
# Only responses that say how long they may be kept (public pages) are stored.
CACHE_MIDDLEWARE_SECONDS = 0

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: where messages go.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "RUKO PARSEL <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (django-tasks backport, installed with Wagtail). The embedded default
# runs tasks at once; production switches to the database-backed worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# The worker (`manage.py run_worker`) waits at most this long between attempts while the
# database is away (home/worker.py).
TASKS_WORKER_MAX_BACKOFF = float(os.environ.get("TASKS_WORKER_MAX_BACKOFF", "30"))

WAGTAIL_SITE_NAME = "RUKO PARSEL"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "csv", "txt", "zip"]
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "indonesian",
    }
}

# Public pages allow only our own origin; the Wagtail admin brings its own inline code.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Wagtail's frontend cache purges a CDN or Varnish on publish when one is configured.
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Per user and operator form: accepted submissions, and submissions of any kind (a form being
# corrected). Counted in the default cache, so shared by every process that shares it.
PORTAL_FORM_RATE = os.environ.get("PORTAL_FORM_RATE", "30/h")
# How long the invitation link of a village's community body works (home.bodies).
PORTAL_INVITATION_DAYS = int(os.environ.get("PORTAL_INVITATION_DAYS", "7"))
PORTAL_FORM_ATTEMPT_RATE = os.environ.get("PORTAL_FORM_ATTEMPT_RATE", "300/h")

# How far before or after today any date given to the bookings (forms, API) may lie.
BOOKINGS_HORIZON_DAYS = int(os.environ.get("BOOKINGS_HORIZON_DAYS", str(3 * 366)))

# Expanded recurring blocks stay cached this long (0 turns the cache off, e.g. to compare).
BOOKINGS_BLOCKS_CACHE_SECONDS = int(os.environ.get("BOOKINGS_BLOCKS_CACHE_SECONDS", "3600"))

# Demo accounts and content may only be loaded where this is on (dev and test).
DEMO_DATA_ALLOWED = False

# Wagtail's live preview shows the page in a same-origin frame, so framing stays SAMEORIGIN
# (and CSP frame-ancestors 'self') rather than DENY; the deploy check's W019 says exactly that.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# The Wagtail admin sends people to the portal's own, brute-force protected sign-in page.
WAGTAILADMIN_LOGIN_URL = "login"

# The admin offers the portal's two languages, named in their own language.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
