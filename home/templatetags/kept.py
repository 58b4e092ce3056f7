"""{% load kept %}

    {% kept "site-footer" year %}…{% endkept %}

The enclosed part rendered once per content generation, language and the values named after
the name, then kept (`home.caching.fragment`: in this process, retired with stored pages by
any publish or settings change). For parts of every page that depend on nothing else — the
footer, the main navigation — so that a signed-in page, or a page the page cache does not
hold, does not draw them again. Whatever the part shows must be among the values named or
come from content whose change retires stored pages; and it may not add to the page's CSP
(inline styles and scripts stay outside).

    {% nav_current as current %}

Which item of the main navigation the request's page is ("home", "guidance", "schedule",
"request", "account", "login"), or "": the value the kept navigation varies by.
"""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from home.caching import digest, fragment

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        values = [value.resolve(context) for value in self.values]
        key = f"kept:{self.name.resolve(context)}:{get_language()}:{digest(*values)}"
        return fragment(key, lambda: mark_safe(self.nodelist.render(context)))  # noqa: S308


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )


@register.simple_tag(takes_context=True)
def nav_current(context):
    path = getattr(context.get("request"), "path", "")
    if path == "/":
        return "home"
    if path.startswith("/panduan/"):
        return "guidance"
    for item, name in (
        ("schedule", "bookings:schedule"),
        ("request", "bookings:new"),
        ("account", "account"),
        ("login", "login"),
    ):
        if path == reverse(name):
            return item
    return ""
