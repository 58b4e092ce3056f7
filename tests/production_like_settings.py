"""Production settings as tests run them in server processes: the same caches, database and
middleware, with plain static file names (no collectstatic needed) and the test's own key."""

from portal.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Accounts made by the test process carry its fast test hash.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
