from collections import Counter

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from home.caching import apply_cache_headers

from . import selectors, services
from .forms import FeedbackForm, SearchForm
from .listing import active_categories, category_from
from .models import PortalService
from .search import add_passages, run_search

SEARCH_PER_PAGE = 10
DOCUMENTS_PER_PAGE = 25
FEEDBACK_RATE = "5/h"


def ask_url(query, hits, categories):
    """A coordination request with the question in its description and the problem category
    guessed from the pages that came closest (else “Lainnya”)."""
    votes = Counter()
    for rank, hit in enumerate(hits[:3]):
        for category in hit.categories:
            votes[category.slug] += 3 - rank
    slugs = {category.slug for category in categories}
    guess = votes.most_common(1)[0][0] if votes else ("lainnya" if "lainnya" in slugs else "")
    params = {"deskripsi": query, **({"kategori": guess} if guess else {})}
    return f"{reverse('bookings:new')}?{urlencode(params)}"


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
            outcome = run_search(query, category)
            page_obj = Paginator(outcome.hits, SEARCH_PER_PAGE).get_page(request.GET.get("page"))
            add_passages(page_obj.object_list, outcome.terms, outcome.expansions)
            params = {"q": query, **({"kategori": category.slug} if category else {})}
            context.update(
                page_obj=page_obj,
                outcome=outcome,
                total=len(outcome.hits),
                query_string=urlencode(params),
                ask_url=ask_url(query, outcome.hits, categories),
                suggestion_url=(
                    f"{reverse('guidance:search')}?{urlencode({'q': outcome.suggestion})}"
                    if outcome.suggestion
                    else ""
                ),
            )
            if page_obj.number == 1 and outcome.terms:
                services.search_log(query=query, results=len(outcome.hits))
    response = render(request, "guidance/search.html", context)
    # Never kept by a cache: every search is counted in the search log.
    add_never_cache_headers(response)
    return response


MAX_LOGGED_RESULTS = 10_000


@require_GET
def search_open(request, kind, pk):
    """Open a search result and note which one it was (for the editors' report)."""
    if kind == "halaman":
        page = get_object_or_404(selectors.guidance_pages(), pk=pk)
        target, clicked_page = page.url, page
    elif kind == "layanan":
        target, clicked_page = get_object_or_404(PortalService, pk=pk).url, None
    elif kind == "dokumen":
        target, clicked_page = get_object_or_404(selectors.documents(), pk=pk).url, None
    else:
        raise Http404
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        raise Http404
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    if query:
        try:
            results = min(max(0, int(request.GET.get("n", "0"))), MAX_LOGGED_RESULTS)
        except ValueError:
            results = 0
        services.search_log(
            query=query, results=results, clicked_page=clicked_page, clicked_url=target
        )
    response = HttpResponseRedirect(target)
    add_never_cache_headers(response)
    return response


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
