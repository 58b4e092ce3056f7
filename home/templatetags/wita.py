"""{% load wita %}: times in WITA, written the same way on every page.

    {{ booking|when }}            Kamis, 7 Mei 2026, 09.00–10.00
    {{ entry|when:"short" }}      Kam, 7 Mei 2026, 09.00–10.00
    {{ history.at|when:"date" }}  7 Mei 2026, 09.00
    {{ slot|when:"hours" }}       09.00–10.00

The value is anything with `start` and `end` (a booking, a waitlist entry, a slot), a
(start, end) pair, or one datetime; the styles are `home.wita.WHEN_STYLES`.
"""

import datetime

from django import template

from home.wita import when_text

register = template.Library()


@register.filter
def when(value, style="long"):
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return when_text(value, style=style)
    if isinstance(value, tuple | list):
        start, end = value[0], value[1]
    else:
        start, end = value.start, value.end
    return when_text(start, end, style=style)
