"""Local time of the kecamatan: WITA (Asia/Makassar, settings.TIME_ZONE).

Every app converts and formats times with these helpers, so a time reads the same on the
operator's pages, in the staff admin, in e-mails and in history notes. Times are stored aware
(UTC); django-scheduler only ever receives `tz()` (a ZoneInfo, never a fixed offset).

    tz()                       the ZoneInfo of settings.TIME_ZONE
    local(dt)                  an aware datetime in WITA
    combine(day, time)         an aware WITA datetime from a date and a time
    today(now=None)            today's date in WITA
    day_text(day)              "Kamis, 7 Mei 2026" (a date, or a datetime shown in WITA)
    hm_text(dt)                "09.00"
    when_text(start, end=None, style="long")
                               "Kamis, 7 Mei 2026, 09.00–10.00"; in templates the `when`
                               filter: {% load wita %}{{ booking|when }}, {{ entry|when:"short" }}
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

DAY_FORMAT = "l, j F Y"
# How `when_text` writes the day, by style (Django date format letters); "hours" writes none.
WHEN_STYLES = {
    "long": DAY_FORMAT,  # Kamis, 7 Mei 2026, 09.00–10.00
    "short": "D, j M Y",  # Kam, 7 Mei 2026, 09.00–10.00
    "weekday": "l j F",  # Kamis 7 Mei, 09.00–10.00
    "date": "j F Y",  # 7 Mei 2026, 09.00–10.00
    "day_month": "j M",  # 7 Mei, 09.00–10.00
    "hours": None,  # 09.00–10.00
}


def tz():
    return ZoneInfo(settings.TIME_ZONE)


def local(dt):
    return dt.astimezone(tz())


def combine(day, time):
    return datetime.datetime.combine(day, time, tzinfo=tz())


def today(now=None):
    return local(now or timezone.now()).date()


def day_text(value, fmt=DAY_FORMAT):
    if isinstance(value, datetime.datetime):
        value = local(value).date()
    return date_format(value, fmt)


def hm_text(dt):
    return local(dt).strftime("%H.%M")


def when_text(start, end=None, style="long"):
    """The day and the time (range) in WITA: 'Kamis, 7 Mei 2026, 09.00–10.00'.

    Without `end`, the moment alone: 'Kamis, 7 Mei 2026, 09.00'. `style` is a key of
    WHEN_STYLES.
    """
    hours = hm_text(start) if end is None else f"{hm_text(start)}–{hm_text(end)}"
    fmt = WHEN_STYLES[style]
    return hours if fmt is None else f"{day_text(start, fmt)}, {hours}"
