from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from home.caching import apply_cache_headers

from . import selectors, services
from .forms import FeedbackForm, SearchForm
from .listing import active_categories, category_from

SEARCH_PER_PAGE = 10
DOCUMENTS_PER_PAGE = 25
FEEDBACK_RATE = "5/h"


@require_GET
def search(request):
    form = SearchForm(request.GET)
    categories = active_categories()
    context = {"form": form, "categories": categories, "query": "", "page_obj": None}
    if form.is_valid():
        query = form.cleaned_data["q"]
        category = category_from(request, categories) or None
        context.update(query=query, current_category=category)
        if query:
            results = selectors.search(query, category)
            context["page_obj"] = Paginator(results, SEARCH_PER_PAGE).get_page(
                request.GET.get("page")
            )
            context["documents"] = (
                selectors.search_documents(query) if context["page_obj"].number == 1 else []
            )
            params = {"q": query, **({"kategori": category.slug} if category else {})}
            context["query_string"] = urlencode(params)
    response = render(request, "guidance/search.html", context)
    return apply_cache_headers(request, response)


@require_GET
def documents(request):
    page_obj = Paginator(selectors.documents(), DOCUMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    response = render(request, "guidance/documents.html", {"page_obj": page_obj})
    return apply_cache_headers(request, response)


# The form sits on pages a CDN may cache for everyone, so it cannot carry a per-visitor CSRF
# token. It changes nothing but an anonymous tally, stores no personal data and is rate-limited.
@csrf_exempt
@require_POST
def feedback(request, page_id):
    page = get_object_or_404(selectors.guidance_pages(), pk=page_id)
    limited = is_ratelimited(
        request,
        group="guidance-feedback",
        key="ip",
        rate=FEEDBACK_RATE,
        method="POST",
        increment=True,
    )
    if limited:
        response = render(
            request,
            "guidance/feedback_done.html",
            {
                "page": page,
                "title": _("Too many answers"),
                "message": _(
                    "We have received several answers from your connection in a short time. "
                    "Please try again later."
                ),
            },
            status=429,
        )
        return apply_cache_headers(request, response)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        response = render(
            request, "guidance/feedback_done.html", {"page": page, "form": form}, status=400
        )
        return apply_cache_headers(request, response)
    services.feedback_record(
        page=page, helpful=form.cleaned_data["helpful"], comment=form.cleaned_data["comment"]
    )
    response = render(
        request,
        "guidance/feedback_done.html",
        {
            "page": page,
            "title": _("Thank you"),
            "message": _("Your answer helps us improve this page."),
        },
    )
    return apply_cache_headers(request, response)
