"""Reading on a weak signal and without one: what the service worker may keep, and for whom.

The service worker (`/sw.js`, templates/offline/sw.js) keeps copies of pages a person opened
and shows them, with a banner, only when the network does not answer. What it may keep is
decided here, on the server, and told to it in two headers on every HTML response:

- `X-Offline-Owner`: "anonymous", or an opaque token of the signed-in person (changes with
  their password). When the owner changes — someone signs out, or another person signs in on
  the same phone — the worker deletes every page it kept for the previous one.
- `X-Offline-Keep`: "public" for anonymous pages that no cache is told to keep private (the
  sign-in and password pages are `private, no-store`); "user" for the signed-in pages a person
  needs in the field (`USER_PAGES`), which the worker keeps only in that person's partition.
  Signed-in pages stay private for every HTTP cache: the worker's copy is the person's own, on
  their own phone, and it is gone at sign-out (the worker clears it when it sees the sign-out
  form sent, and `Clear-Site-Data: "cache"` empties the browser's HTTP cache). Everything else
  is not kept: sign-in and password pages, forms' answers, errors, the admin.

`Save-Data: on` (the browser's data saver) is on `request.save_data`; templates leave out
decorative images for it, and every HTML response says `Vary: Save-Data`.
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from .caching import apply_cache_headers

ANONYMOUS = "anonymous"
# Signed-in pages kept for their person (URL names; "wagtail_serve" is every guidance page).
USER_PAGES = {
    "wagtail_serve",
    "bookings:list",
    "bookings:detail",
    "bookings:schedule",
    "coordination:transparency",
    "coordination:transparency_year",
    "coordination:follow_ups",
}


def owner_of(user):
    if not user or not user.is_authenticated:
        return ANONYMOUS
    value = f"{user.pk}:{user.get_session_auth_hash()}"
    return salted_hmac("portal.offline.owner", value).hexdigest()[:32]


def keep_kind(request, response):
    """ "public", "user" or "" (not kept) for a response to this request."""
    if (
        request.method != "GET"
        or response.status_code != 200
        or getattr(request, "is_preview", False)
        or request.path_info.startswith(("/admin/", "/django-admin/"))
    ):
        return ""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        control = response.get("Cache-Control", "")
        return "" if "private" in control or "no-store" in control else "public"
    match = getattr(request, "resolver_match", None)
    return "user" if match and match.view_name in USER_PAGES else ""


class OfflineMiddleware:
    """Save-Data on the request; the service worker's two headers on HTML responses."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.logout_path = reverse("logout")

    def __call__(self, request):
        request.save_data = request.headers.get("Save-Data", "").strip().lower() == "on"
        response = self.get_response(request)
        if request.method == "POST" and request.path_info == self.logout_path:
            response["Clear-Site-Data"] = '"cache"'
        html = response.get("Content-Type", "").startswith("text/html")
        if html:
            patch_vary_headers(response, ["Save-Data"])
        # Error answers are never kept, and naming their owner would ask the database again
        # (a 503 during an outage must not fail a second time).
        if html and response.status_code < 500:
            response["X-Offline-Owner"] = owner_of(getattr(request, "user", None))
            kind = keep_kind(request, response)
            if kind:
                response["X-Offline-Keep"] = kind
        return response


def worker_strings():
    """The worker's texts in every language of the portal (it picks the page's language)."""
    strings = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            strings[code] = {
                # Translators: %(when)s is a date and time such as "30 November 2026, 13.20 WITA".
                "banner": gettext("You are offline — this page was saved on %(when)s."),
                "months": [str(MONTHS[number]) for number in range(1, 13)],
            }
    return strings


@require_GET
def service_worker(request):
    """The service worker, from the site root so that its scope is the whole portal."""
    script = render_to_string(
        "offline/sw.js",
        {
            "strings": json.dumps(worker_strings(), ensure_ascii=False),
            "offline_url": json.dumps(reverse("offline")),
            "not_sent_url": json.dumps(reverse("offline_not_sent")),
            "logout_url": json.dumps(reverse("logout")),
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Always asked again, so a new version reaches phones at their next visit.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request):
    """Shown by the service worker for a page that was never kept on this phone."""
    return apply_cache_headers(request, render(request, "offline/offline.html"))


@require_GET
def offline_not_sent(request):
    """Shown by the service worker when a form could not be sent for lack of network."""
    return apply_cache_headers(request, render(request, "offline/not_sent.html"))
