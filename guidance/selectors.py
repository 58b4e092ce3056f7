"""Reads shared by the guidance pages, search and the staff reports. Each keeps its number of
queries independent of how many pages or documents it lists."""

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.documents import get_document_model

from home.caching import public

from .listing import with_listing_data
from .models import GuidanceBasePage


def guidance_pages():
    return public(GuidanceBasePage.objects.live())


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
    today = today or timezone.localdate()
    return (
        GuidanceBasePage.objects.filter(next_review__lt=today)
        .select_related("owner_section")
        .order_by("next_review")
    )


def feedback_summary():
    return (
        GuidanceBasePage.objects.annotate(
            yes=Count("feedback", filter=Q(feedback__helpful=True)),
            no=Count("feedback", filter=Q(feedback__helpful=False)),
            comments=Count("feedback", filter=~Q(feedback__comment="")),
        )
        .filter(Q(yes__gt=0) | Q(no__gt=0))
        .order_by("-no", "title")
    )
