"""Reads shared by the guidance pages, search and the staff reports. Each keeps its number of
queries independent of how many pages or documents it lists."""

from django.db.models import Count, F, Max, Q, Value
from django.utils import timezone
from wagtail.documents import get_document_model

from home.caching import public

from .models import GuidanceBasePage


def guidance_pages():
    return public(GuidanceBasePage.objects.live())


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


def unanswered_queries(since=None, limit=100):
    """The editors' to-do list: queries that found nothing, and queries whose opened page was
    then marked “not helpful”, most frequent first."""
    from .models import SearchLog

    logs = SearchLog.objects.all()
    if since:
        logs = logs.filter(day__gte=since)
    nothing = (
        logs.filter(results=0, clicked_url="")
        .values("query")
        .annotate(
            times=Count("id"),
            unhelpful=Value(0),
            last_day=Max("day"),
            page_title=Value(""),
        )
    )
    unhelpful = (
        logs.filter(
            clicked_page__feedback__helpful=False,
            clicked_page__feedback__created_at__date__gte=F("day"),
        )
        .values("query")
        .annotate(
            times=Value(0),
            unhelpful=Count("clicked_page__feedback", distinct=True),
            last_day=Max("day"),
            page_title=Max("clicked_page__title"),
        )
    )
    rows = {}
    for row in [*nothing, *unhelpful]:
        merged = rows.setdefault(
            row["query"],
            {
                "query": row["query"],
                "times": 0,
                "unhelpful": 0,
                "last_day": row["last_day"],
                "page_title": "",
            },
        )
        merged["times"] += row["times"]
        merged["unhelpful"] += row["unhelpful"]
        merged["last_day"] = max(merged["last_day"], row["last_day"])
        merged["page_title"] = merged["page_title"] or row["page_title"]
    return sorted(rows.values(), key=lambda r: (-(r["times"] + r["unhelpful"]), r["query"]))[:limit]
