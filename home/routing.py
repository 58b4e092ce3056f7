"""Serving Wagtail pages without repeating the work that only changes on publish.

Wagtail finds the site with a query on every request, then walks the tree one level at a time
(two queries per level) and checks view restrictions with two more. None of that changes
between publishes, so `FastRoutingMiddleware` keeps, per content generation
(`home.caching`), the site of each host (`site_for`; the site settings are kept the same
way, `SiteSettings.for_request`) and, per path, which page answers it and whether any
view restriction applies, and the live page itself (with what it shows, prepared by its
`prepare_for_storage`), so a page view costs one short query (is the page still live?).
Anything unusual (no stored route, a page no longer live, a restricted page) takes Wagtail's
own path.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from .caching import digest, fragment, site_for


def _route(request, site, path):
    result = Page.route_for_request(request, path)
    if result is None:
        return None
    page, args, kwargs = result
    restricted = page.get_view_restrictions().exists()
    return (page.content_type_id, page.pk, list(args), dict(kwargs), restricted)


def _live_page(content_type_id, pk):
    """The live page, with what it shows loaded (`prepare_for_storage`), or None."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return _prepared(model.objects.filter(pk=pk, live=True).first() if model else None)


def _prepared(page):
    if page is not None and hasattr(page, "prepare_for_storage"):
        page.prepare_for_storage()
    return page


def _keep_page(value):
    return value is not None


def _still_live(pk):
    """Whether the page is live right now, in one short statement: a page taken offline
    without a signal (a data migration, a fix in the database) is not served from what was
    kept."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('live')} FROM {quote(Page._meta.db_table)} "  # noqa: S608 - names
            f"WHERE {quote('id')} = %s",
            [pk],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


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
            f"route:{site.pk}:{digest(path)}",
            lambda: _route(request, site, path),
            keep=lambda value: value is not None,
        )
        if stored is None:
            return None
        content_type_id, pk, args, kwargs, restricted = stored
        if hasattr(request, "_wagtail_route_for_request"):  # just routed the usual way
            routed = request._wagtail_route_for_request.page
            if routed.pk == pk and routed.live:  # kept for the next view of this generation
                fragment(f"page:{pk}", lambda: _prepared(routed), keep=_keep_page)
            if not restricted:
                routed._known_unrestricted = True
            return None
        page = fragment(f"page:{pk}", lambda: _live_page(content_type_id, pk), keep=_keep_page)
        if page is None or not _still_live(pk):
            return None
        if not restricted:
            page._known_unrestricted = True
        request._wagtail_route_for_request = RouteResult(page, args, kwargs)
        return None
