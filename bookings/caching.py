"""The public week view (/jadwal/) kept in the page cache and retired the moment what it
shows changes.

What a week shows depends on bookings (any save, delete or workflow move, which always writes
a history row), recurring blocks (calendar events, rules, occurrences), closures, opening
hours and rooms; each of these advances one schedule generation at once (and again when its
transaction commits), so the next view is rendered afresh. It also depends on the clock (past
slots are no longer free, the lead time counts from today): slots start on whole minutes, so
the stored view is keyed by the current minute as well and is exact.

Only anonymous GETs are stored (a signed-in person sees their own header); the stored HTML is
in the "pages" cache, whose keys also carry the content generation (home/caching.py).
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from home.caching import Generation

SCHEDULE = Generation("schedule-generation")
STORED_SECONDS = 120


def retire_stored_schedule(**kwargs):
    """Signal receiver: a booking, block, closure, opening hours or room changed."""
    SCHEDULE.advance()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(SCHEDULE.advance)


def _key(request):
    minute = timezone.now().replace(second=0, microsecond=0).isoformat()
    query = hashlib.blake2b(request.GET.urlencode().encode(), digest_size=12).hexdigest()
    return f"schedule:s{SCHEDULE.current()}:{get_language()}:{minute}:{query}"


def stored_schedule(view):
    """Serve the anonymous week view from the page cache while nothing it shows changed."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method != "GET"
            or request.user.is_authenticated
            or not getattr(settings, "PAGE_CACHE_ENABLED", True)
        ):
            return view(request, *args, **kwargs)
        store = caches["pages"]
        key = _key(request)
        stored = store.get(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            store.set(key, (response.content, response["Content-Type"]), STORED_SECONDS)
        return response

    return wrapper
