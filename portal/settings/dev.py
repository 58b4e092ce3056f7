"""Local development: the embedded SQLite default, e-mail printed to the console."""

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"
DEMO_DATA_ALLOWED = True
# runserver serves static files itself; WhiteNoise is for production-like serving.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
# Edited templates should show at once while developing: no stored pages.
CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
