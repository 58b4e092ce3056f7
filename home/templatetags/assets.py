"""{% load assets %}

    {% inline_css "css/site.css" %}                 <style>…</style>
    {% inline_css "css/print.css" media="print" %}  <style media="print">…</style>
    {% inline_js "js/guidance.js" %}                <script>…</script>
    {% data_uri "img/favicon.svg" %}                data:image/svg+xml,…

See home/assets.py for why they travel inside the page. An inline script runs where it stands,
so put it at the end of <body>, after what it works on.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from home.assets import data_uri_of, inline_css_text, inline_js_text, remember_inline

register = template.Library()


@register.simple_tag(takes_context=True)
def inline_css(context, path, media=""):
    text = inline_css_text(path)
    remember_inline(context.get("request"), "style-src", text)
    media_attribute = format_html(' media="{}"', media) if media else ""
    # The text is our own stylesheet, checked in inline_css_text to hold no "</".
    return format_html("<style{}>{}</style>", media_attribute, mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def inline_js(context, path, **data):
    """The script; keyword arguments become data- attributes (`not_sent=…` → data-not-sent)."""
    text = inline_js_text(path)
    remember_inline(context.get("request"), "script-src", text)
    attributes = format_html_join(
        "", ' data-{}="{}"', ((name.replace("_", "-"), value) for name, value in data.items())
    )
    # The text is our own script, checked in inline_js_text not to close its element.
    return format_html("<script{}>{}</script>", attributes, mark_safe(text))  # noqa: S308


@register.simple_tag
def data_uri(path):
    """A small SVG from the static files as a data: address (the favicon: no request)."""
    # Percent-encoded except for spaces, slashes, colons, "=" and "'": safe in "…" attributes.
    return mark_safe(data_uri_of(path))  # noqa: S308
