"""Stylesheets and small scripts written into the page, and the Content-Security-Policy that
allows exactly them.

On a 2G line every extra request costs a connection and one or two round trips of 800 ms, and
the browser waits for stylesheets (and, to measure the largest paint, for scripts found before
it) — so the portal's CSS and its few small scripts travel inside the HTML, compressed with it.
The source files stay in `static/css/` and `static/js/`; `{% inline_css %}` and
`{% inline_js %}` read them once per process and record the SHA-256 of each element on the
request. `InlineStyleCSPMiddleware` adds those hashes to `style-src` and `script-src`, so the
policy still refuses every style and script it did not write itself (no `'unsafe-inline'`).
"""

import base64
import hashlib
import re
from functools import lru_cache
from urllib.parse import quote

from csp.middleware import CSPMiddleware
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _read(path):
    found = finders.find(path)
    if not found:
        raise ImproperlyConfigured(f"No file {path} among the static files.")
    with open(found, encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=32)
def inline_css_text(path):
    """The stylesheet at `static/<path>`, without comments, indentation or blank lines."""
    text = _COMMENT.sub("", _read(path))
    if "url(" in text or "@import" in text or "</" in text:
        # Relative addresses would resolve against the page, not the stylesheet.
        raise ImproperlyConfigured(f"{path} loads other files and cannot be written inline.")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@lru_cache(maxsize=32)
def inline_js_text(path):
    """The script at `static/<path>`, as it is (it must not close its own element)."""
    text = _read(path)
    if "</script" in text.lower() or "<!--" in text:
        raise ImproperlyConfigured(f"{path} cannot be written inside a <script> element.")
    return text.strip()


@lru_cache(maxsize=8)
def data_uri_of(path):
    if not path.endswith(".svg"):
        raise ImproperlyConfigured(f"{path}: only SVG files are written as data: addresses.")
    return "data:image/svg+xml," + quote(_read(path).strip().replace('"', "'"), safe=" /:='")


def style_hash(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def remember_inline(request, directive, text):
    """Note on the request that an element with this text, under this CSP directive
    ("style-src" or "script-src"), is part of the page."""
    if request is not None:
        if not hasattr(request, "inline_hashes"):
            request.inline_hashes = {}
        hashes = request.inline_hashes.setdefault(directive, [])
        value = style_hash(text)
        if value not in hashes:
            hashes.append(value)


class InlineStyleCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the hashes of the page's own `<style>` and `<script>`
    elements allowed."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        inline = getattr(request, "inline_hashes", None)
        if inline and not report_only:
            update = dict(parts.update or {})
            for directive, hashes in inline.items():
                update[directive] = [*update.get(directive, []), *hashes]
            parts.update = update
        return parts
