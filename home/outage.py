"""What a request gets when the database is away: an honest 503, one log line, no traceback.

Django turns an uncaught exception into the 500 handler's answer and logs a full traceback.
When that exception says the database cannot be reached or gave up (a restart, an outage, a
timeout), there is nothing to debug and nothing was stored: the person gets a 503 with
`Retry-After` and a page saying so; a form post is told plainly that what it sent was not
saved. The log gets one line per failed request.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("portal.outage")

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def retry_after():
    return str(getattr(settings, "PORTAL_RETRY_AFTER_SECONDS", 30))


def is_outage(error):
    return isinstance(error, OUTAGE_ERRORS)


def outage_response(request, error):
    """The 503 answer; renders without the database (no context processors, no session)."""
    first_line = (str(error).strip().splitlines() or [""])[0][:200]
    logger.warning(
        "Database unavailable: %s %s -> 503 (%s: %s)",
        request.method,
        request.path,
        type(error).__name__,
        first_line,
    )
    posted = request.method not in ("GET", "HEAD", "OPTIONS")
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The service is temporarily unavailable. Please try again shortly.")},
            status=503,
        )
    else:
        response = HttpResponse(
            render_to_string("503.html", {"posted": posted, "retry_after": retry_after()}),
            status=503,
        )
    response["Retry-After"] = retry_after()
    add_never_cache_headers(response)
    # Logged above in one line: Django's own error log (with the traceback) is not needed.
    response._has_been_logged = True
    return response


def server_error(request, *args, **kwargs):
    """handler500: a database outage is a 503 with Retry-After; anything else Django's 500."""
    error = sys.exc_info()[1]
    if is_outage(error):
        return outage_response(request, error)
    return django_server_error(request, *args, **kwargs)
