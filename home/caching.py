"""Caching of anonymous pages, at three levels that agree with each other.

- Browsers and a CDN: anonymous GETs of pages are `public, max-age=300`; signed-in people,
  previews, form posts and errors get `private, no-store`.
- nginx in front (deploy/nginx.conf): `X-Accel-Expires` keeps its micro-cache to a few seconds.
- The application's own page cache (Django's cache middleware on the "pages" cache alias)
  stores only those public responses, keyed by URL and the language cookie. Every key carries
  a generation number that publishing, unpublishing or editing site-wide data increases, so
  one change retires every stored page at once and a repeat view costs no database query.
"""

import contextvars
import hashlib
import pickle
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

PUBLIC_MAX_AGE = getattr(settings, "PAGE_PUBLIC_MAX_AGE", 300)
FRONT_CACHE_SECONDS = getattr(settings, "PAGE_FRONT_CACHE_SECONDS", 10)


class Generation:
    """A counter in the shared cache that retires a whole family of cached entries at once.

    Put `current()` into every key of the family; `advance()` makes all the keys written so far
    unreachable (they expire on their own). Shared by every process through the default cache,
    and safe when the counter was evicted or the cache cleared: it starts again at a random
    number, never at one used before, so nothing kept under an old number can come back.
    """

    def __init__(self, key, alias="default"):
        self.key = key
        self.alias = alias

    def current(self):
        store = caches[self.alias]
        value = store.get(self.key)
        if value is None:
            store.add(self.key, secrets.randbelow(2**52) + 1, timeout=None)
            value = store.get(self.key, 1)
        return value

    def advance(self):
        store = caches[self.alias]
        try:
            store.incr(self.key)
        except ValueError:
            store.set(self.key, secrets.randbelow(2**52) + 1, timeout=None)


STORED_PAGES = Generation("page-cache-generation")

# The generation a request works with, read once when it starts (`GenerationMiddleware`):
# every fragment it reads and the key its page is stored under belong to the same one.
_REQUEST_GENERATION = contextvars.ContextVar("request_generation", default=None)


_UNREAD = object()  # in a request that has not needed the generation yet


def generation():
    """The current generation of stored pages: the request's own while one is being served
    (read at its first use, so a static file never asks for it)."""
    memo = _REQUEST_GENERATION.get()
    if memo is None:  # outside a request
        return STORED_PAGES.current()
    if memo is _UNREAD:
        memo = STORED_PAGES.current()
        _REQUEST_GENERATION.set(memo)
    return memo


class GenerationMiddleware:
    """First of all middleware: the content generation is read once for the whole request
    (instead of once per fragment and once per cache key)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _REQUEST_GENERATION.set(_UNREAD)
        try:
            return self.get_response(request)
        finally:
            _REQUEST_GENERATION.reset(token)


def retire_stored_pages(**kwargs):
    """Signal receiver: content changed, so no stored page may be served again.

    Advanced at once, and again when the transaction commits: a request that read the old
    rows between the two cannot leave them stored under the new generation."""
    STORED_PAGES.advance()
    if _REQUEST_GENERATION.get() is not None:  # this request reads the new one from now on
        _REQUEST_GENERATION.set(_UNREAD)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(STORED_PAGES.advance)


def make_key(key, key_prefix, version):
    """KEY_FUNCTION of the "pages" cache: every key belongs to the current generation."""
    return f"{key_prefix}:{version}:g{generation()}:{key}"


def apply_cache_headers(request, response):
    """Public for anonymous GET/HEAD answers that succeeded; private and no-store otherwise."""
    anonymous = not getattr(request, "user", None) or not request.user.is_authenticated
    if (
        anonymous
        and request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not getattr(request, "is_preview", False)
    ):
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        response["X-Accel-Expires"] = str(FRONT_CACHE_SECONDS)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


class CdnCacheMixin:
    """For Wagtail pages: cache headers on serve, never-cache on preview."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return apply_cache_headers(request, response)

    def get_view_restrictions(self):
        """None when the routing already knows no restriction applies (home/routing.py)."""
        if getattr(self, "_known_unrestricted", False):
            from wagtail.models import PageViewRestriction

            nothing = PageViewRestriction.objects.none()
            nothing._result_cache, nothing._prefetch_done = [], True  # read without compiling
            return nothing
        return super().get_view_restrictions()

    def serve_preview(self, request, *args, **kwargs):
        request.is_preview = True
        response = super().serve_preview(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response


def digest(*parts):
    """A short, stable name for a fragment key made of arbitrary values (paths, hosts, ids)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


FRAGMENT_SECONDS = getattr(settings, "FRAGMENT_CACHE_SECONDS", 24 * 3600)


def fragment(name, compute, timeout=None, keep=lambda value: True):
    """`compute()` once per content generation: shared objects of pages (site, navigation,
    footer settings, categories, breadcrumbs, related pages) are kept in the default cache
    under the generation that retires stored pages, so a publish retires them too.

    The value is stored wrapped, so that None and empty lists are kept as well; `keep(value)`
    false leaves it unstored (e.g. a path that leads nowhere, so junk URLs fill nothing)."""
    current = generation()
    key = f"fragment:g{current}:{name}"
    seconds = FRAGMENT_SECONDS if timeout is None else timeout
    kept = _LOCAL.get(current, key)
    if kept is not None:
        # A copy of its own for every request, as from the cache; bytes this process pickled.
        return pickle.loads(kept)[0]  # noqa: S301
    store = caches["default"]
    found = store.get(key)
    if found is None:
        value = compute()
        if not keep(value):
            return value
        found = (value,)
        store.set(key, found, seconds)
    _LOCAL.put(current, key, pickle.dumps(found, pickle.HIGHEST_PROTOCOL), seconds)
    return found[0]


class _ProcessFragments:
    """The fragments of the current generation this process has read, as pickled bytes.

    Keys carry the generation, so an entry never changes; a new generation drops them all.
    Bounded (LOCAL_FRAGMENTS_MAX entries, then emptied) and never kept past the timeout the
    fragment has in the shared cache."""

    def __init__(self, limit):
        self.limit = limit
        self.generation = None
        self.entries = {}
        self.lock = threading.Lock()

    def get(self, current, key):
        if current != self.generation:
            return None
        found = self.entries.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, current, key, data, seconds):
        with self.lock:
            if current != self.generation or len(self.entries) >= self.limit:
                self.entries = {}
                self.generation = current
            self.entries[key] = (time.monotonic() + seconds, data)


_LOCAL = _ProcessFragments(getattr(settings, "LOCAL_FRAGMENTS_MAX", 2000))


def site_for(request):
    """Wagtail's site lookup for the request's host, once per content generation and host;
    kept on the request as Wagtail does (`request._wagtail_site`)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    from django.core.exceptions import DisallowedHost
    from django.http.request import split_domain_port
    from wagtail.models import Site

    try:
        hostname = split_domain_port(request.get_host())[0]
    except DisallowedHost:  # answered as Wagtail does, and nothing kept for a foreign host
        request._wagtail_site = Site._find_for_request(request)
        return request._wagtail_site
    port = request.get_port()
    request._wagtail_site = fragment(
        f"site:{digest((hostname, port))}", lambda: Site._find_for_request(request)
    )
    return request._wagtail_site


def restricted_paths():
    """Tree paths of the pages that carry a view restriction (their subtrees are not public)."""
    from wagtail.models import PageViewRestriction

    return fragment(
        "restricted-paths",
        lambda: sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))),
    )


def public(queryset):
    """`queryset.public()` without a query: pages outside every restricted subtree."""
    for path in restricted_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset
