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


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home and reference data")

    def ready(self):
        from wagtail.models import Site

        from . import signals  # noqa: F401

        Site.find_for_request = staticmethod(find_site_for_request)
