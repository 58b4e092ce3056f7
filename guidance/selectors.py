"""Reads shared by the guidance pages, search and the staff reports. Each keeps its number of
queries independent of how many pages or documents it lists."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page

from home.models import ProblemCategory

ORDERINGS = {"terbaru": ("-first_published_at", "title"), "abjad": ("title",)}
RELATED_LIMIT = 5


def guidance_pages():
    from .models import GuidanceBasePage

    return GuidanceBasePage.objects.live().public()


def with_listing_data(queryset):
    """What a list item shows (title, summary, categories, type) in a fixed number of queries."""
    return queryset.select_related("content_type").prefetch_related("categories")


def active_categories():
    return list(ProblemCategory.objects.active())


def category_from(request, categories):
    slug = request.GET.get("kategori", "")
    if not slug:
        return None
    for category in categories:
        if category.slug == slug:
            return category
    return False


def index_context(index_page, request):
    categories = active_categories()
    category = category_from(request, categories)
    pages = guidance_pages().child_of(index_page)
    if category is False:
        messages.warning(request, _("That category does not exist; showing everything."))
        category = None
    if category:
        pages = pages.filter(categories=category)
    order = request.GET.get("urut", "terbaru")
    if order not in ORDERINGS:
        order = "terbaru"
    pages = with_listing_data(pages.order_by(*ORDERINGS[order]))
    page_obj = Paginator(pages, index_page.per_page).get_page(request.GET.get("page"))
    query = {}
    if category:
        query["kategori"] = category.slug
    if order != "terbaru":
        query["urut"] = order
    return {
        "ancestors": ancestors_for_breadcrumbs(index_page),
        "categories": categories,
        "current_category": category,
        "order": order,
        "page_obj": page_obj,
        "query_string": "&".join(f"{k}={v}" for k, v in query.items()),
    }


def ancestors_for_breadcrumbs(page):
    return list(
        Page.objects.ancestor_of(page)
        .filter(depth__gt=1)
        .only("title", "url_path", "depth", "path")
    )


def related_pages(page, categories):
    """Editor's picks first, then other pages sharing a category, at most RELATED_LIMIT."""
    picks = []
    if hasattr(page, "related_picks"):
        picks = [
            pick.target
            for pick in page.related_picks.select_related("target").filter(target__live=True)
        ][:RELATED_LIMIT]
    remaining = RELATED_LIMIT - len(picks)
    if remaining <= 0 or not categories:
        return picks
    shared = (
        guidance_pages()
        .filter(categories__in=categories)
        .exclude(pk__in=[page.pk, *[p.pk for p in picks]])
        .annotate(shared=Count("categories", filter=Q(categories__in=categories)))
        .order_by("-shared", "title")
    )
    return picks + list(shared[:remaining])


def search(query, category=None):
    """Live guidance and SOPs matching the query, best first (PostgreSQL `indonesian` stemming)."""
    pages = guidance_pages()
    if category:
        pages = pages.filter(pk__in=category.guidance_pages.values("pk"))
    return with_listing_data(pages).search(query, operator="and")


def search_documents(query, limit=10):
    return list(get_document_model().objects.search(query)[:limit])


def documents():
    return get_document_model().objects.order_by("title")


def overdue_reviews(today=None):
    from .models import GuidanceBasePage

    today = today or timezone.localdate()
    return (
        GuidanceBasePage.objects.filter(next_review__lt=today)
        .select_related("owner_section")
        .order_by("next_review")
    )


def feedback_summary():
    from .models import GuidanceBasePage

    return (
        GuidanceBasePage.objects.annotate(
            yes=Count("feedback", filter=Q(feedback__helpful=True)),
            no=Count("feedback", filter=Q(feedback__helpful=False)),
            comments=Count("feedback", filter=~Q(feedback__comment="")),
        )
        .filter(Q(yes__gt=0) | Q(no__gt=0))
        .order_by("-no", "title")
    )
