"""{% load assets %}

    {% inline_css "css/site.css" %}                 <style>…</style>
    {% inline_css "css/print.css" media="print" %}  <style media="print">…</style>

See home/assets.py for why the stylesheets travel inside the page.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from home.assets import inline_css_text, remember_style

register = template.Library()


@register.simple_tag(takes_context=True)
def inline_css(context, path, media=""):
    text = inline_css_text(path)
    remember_style(context.get("request"), text)
    media_attribute = format_html(' media="{}"', media) if media else ""
    # The text is our own stylesheet, checked in inline_css_text to hold no "</".
    return format_html("<style{}>{}</style>", media_attribute, mark_safe(text))  # noqa: S308
