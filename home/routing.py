"""Serving Wagtail pages without repeating the work that only changes on publish.

Wagtail finds the site with a query on every request, then walks the tree one level at a time
(two queries per level) and checks view restrictions with two more. None of that changes
between publishes, so `FastRoutingMiddleware` keeps, per content generation
(`home.caching`), the site of each host (`site_for`; the site settings are kept the same
way, `SiteSettings.for_request`) and, per path, which page answers it and whether any
view restriction applies. A request then costs one query for the page itself. Anything
unusual (no stored route, a page no longer live, a restricted page) takes Wagtail's own path.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from .caching import fragment, site_for


def _digest(*parts):
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def _route(request, site, path):
    result = Page.route_for_request(request, path)
    if result is None:
        return None
    page, args, kwargs = result
    restricted = page.get_view_restrictions().exists()
    return (page.content_type_id, page.pk, list(args), dict(kwargs), restricted)


class FastRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve:
            return None
        site = site_for(request)
        if site is None:
            return None
        path = view_kwargs["path"] if "path" in view_kwargs else view_args[0]
        stored = fragment(
            f"route:{site.pk}:{_digest(path)}",
            lambda: _route(request, site, path),
            keep=lambda value: value is not None,
        )
        if stored is None:
            return None
        if hasattr(request, "_wagtail_route_for_request"):  # just routed the usual way
            if not stored[-1]:
                request._wagtail_route_for_request.page._known_unrestricted = True
            return None
        content_type_id, pk, args, kwargs, restricted = stored
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=pk, live=True).first() if model else None
        if page is None:
            return None
        if not restricted:
            page._known_unrestricted = True
        request._wagtail_route_for_request = RouteResult(page, args, kwargs)
        return None
