"""Stylesheets written into the page itself, and the Content-Security-Policy that allows them.

On a 2G line every extra request costs a connection and at least one round trip of 800 ms
before the page can paint, so the portal's CSS travels inside the HTML (compressed with it):
no stylesheet blocks rendering. The source files stay in `static/css/`; `{% inline_css %}`
reads them once per process, strips comments and indentation, and records the SHA-256 of each
`<style>` element on the request. `InlineStyleCSPMiddleware` adds those hashes to `style-src`,
so the policy still refuses every style it did not write itself (no `'unsafe-inline'`).
"""

import base64
import hashlib
import re
from functools import lru_cache

from csp.middleware import CSPMiddleware
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@lru_cache(maxsize=32)
def inline_css_text(path):
    """The stylesheet at `static/<path>`, without comments, indentation or blank lines."""
    found = finders.find(path)
    if not found:
        raise ImproperlyConfigured(f"No stylesheet {path} among the static files.")
    with open(found, encoding="utf-8") as handle:
        text = _COMMENT.sub("", handle.read())
    if "url(" in text or "@import" in text or "</" in text:
        # Relative addresses would resolve against the page, not the stylesheet.
        raise ImproperlyConfigured(f"{path} loads other files and cannot be written inline.")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def style_hash(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def remember_style(request, text):
    """Note on the request that a `<style>` with this text is part of the page."""
    if request is not None:
        hashes = getattr(request, "inline_style_hashes", None)
        if hashes is None:
            hashes = request.inline_style_hashes = []
        value = style_hash(text)
        if value not in hashes:
            hashes.append(value)


class InlineStyleCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the hashes of the page's own `<style>` elements allowed."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        hashes = getattr(request, "inline_style_hashes", None)
        if hashes and not report_only:
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), *hashes]
            parts.update = update
        return parts
