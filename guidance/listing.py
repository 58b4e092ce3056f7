"""How lists of guidance pages are narrowed and loaded, shared by the index page and search.

A leaf: it imports no model of this app, so the page models can use it (the selectors, which
import the models, use it too).

    active_categories()                  the problem categories shown as filters
    category_from(request, categories)   the `?kategori=` category; None if absent, False if unknown
    order_from(request)                  the `?urut=` ordering key (DEFAULT_ORDER if unknown)
    with_listing_data(queryset)          what a list item shows, in a fixed number of queries
    ancestors_for_breadcrumbs(page)      the pages above `page`, for the breadcrumbs
"""

from wagtail.models import Page

from home.caching import fragment
from home.models import ProblemCategory

from .constants import DEFAULT_ORDER, ORDERINGS


def active_categories():
    """Kept per content generation: a category's change retires it (home/signals.py)."""
    return fragment("active-categories", lambda: list(ProblemCategory.objects.active()))


def category_from(request, categories):
    slug = request.GET.get("kategori", "")
    if not slug:
        return None
    for category in categories:
        if category.slug == slug:
            return category
    return False


def order_from(request):
    order = request.GET.get("urut", DEFAULT_ORDER)
    return order if order in ORDERINGS else DEFAULT_ORDER


def with_listing_data(queryset):
    """What a list item shows (title, summary, categories, type) in a fixed number of queries."""
    return queryset.select_related("content_type").prefetch_related("categories")


def ancestors_for_breadcrumbs(page):
    """Kept per content generation: titles and places change only on publish or move."""

    def compute():
        return list(
            Page.objects.ancestor_of(page)
            .filter(depth__gt=1)
            .only("title", "url_path", "depth", "path")
        )

    if not page.pk or not page.path:
        return compute()
    return fragment(f"breadcrumbs:{page.path}", compute)
