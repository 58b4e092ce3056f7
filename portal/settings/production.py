"""Production: everything from the environment, secure by default, refuses a weak key."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

_INSECURE_KEYS = {
    "",
    "changeme",
    "change-me",
    "secret",
    "dev-only-insecure-key-never-use-in-production",
}
if SECRET_KEY in _INSECURE_KEYS or len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment to a random value of at least 50 characters."
    )


def _inside(path, folder):
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


# Booking attachments are personal data and must survive a fresh checkout: they live outside
# the code (and are backed up with `make backup`).
if _inside(PRIVATE_MEDIA_ROOT, BASE_DIR):
    raise ImproperlyConfigured(
        f"PRIVATE_MEDIA_ROOT ({PRIVATE_MEDIA_ROOT}) lies inside the code checkout ({BASE_DIR}). "
        "Set PRIVATE_MEDIA_ROOT to a folder outside it, e.g. /var/lib/ruko-parsel/private-media."
    )

# One truth across processes: page generations, the cached expansion of recurring blocks and
# the rate limits live in a cache every worker and machine shares. Redis when CACHE_URL is set,
# else PostgreSQL's own tables (home/migrations/0004_database_cache_tables.py); never a cache
# private to one process.
if not os.environ.get("CACHE_URL"):
    _DB_CACHE = "django.core.cache.backends.db.DatabaseCache"
    CACHES = {
        "default": {
            "BACKEND": _DB_CACHE,
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "pages": {
            "BACKEND": _DB_CACHE,
            "LOCATION": "portal_page_cache",
            "KEY_FUNCTION": "home.caching.make_key",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
else:
    # Sessions read from Redis, written through to PostgreSQL: a signed-in request asks the
    # database for its session only after the cache lost it (evicted, restarted).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
_PRIVATE_CACHES = ("LocMemCache", "DummyCache", "FileBasedCache")
for _alias, _cache in CACHES.items():
    if _cache["BACKEND"].rsplit(".", 1)[-1] in _PRIVATE_CACHES:
        raise ImproperlyConfigured(
            f"The {_alias!r} cache ({_cache['BACKEND']}) is not shared between processes; "
            "production needs CACHE_URL=redis://... or the database cache."
        )

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")
