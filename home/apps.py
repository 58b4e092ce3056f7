from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def find_site_for_request(request):
    """Wagtail's `Site.find_for_request`, with the answer kept per content generation and host
    (home.caching.site_for): the site is looked up once after a change, not on every request
    that builds a page URL or reads the site settings."""
    from .caching import site_for

    if request is None:
        return None
    return site_for(request)


def site_root_paths():
    """Wagtail's site root paths (read to build every page URL), kept per content generation:
    the shared cache is read once per request for everything kept, not again for these."""
    from .caching import fragment

    return fragment("site-root-paths", WAGTAIL_SITE_ROOT_PATHS[0])


WAGTAIL_SITE_ROOT_PATHS = []


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home and reference data")

    def ready(self):
        from wagtail.models import Site

        from . import signals  # noqa: F401

        Site.find_for_request = staticmethod(find_site_for_request)
        if not WAGTAIL_SITE_ROOT_PATHS:
            WAGTAIL_SITE_ROOT_PATHS.append(Site.get_site_root_paths)
            Site.get_site_root_paths = staticmethod(site_root_paths)
