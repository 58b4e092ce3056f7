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
    when_text(start, end)      "Kamis, 7 Mei 2026, 09.00–10.00" (the `when` template filter)
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

# Django date formats (the `date` filter's letters) of the texts above.
DAY_FORMAT = "l, j F Y"
SHORT_DAY_FORMAT = "D, j M Y"
WEEKDAY_FORMAT = "l j F"


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


def when_text(start, end, fmt=DAY_FORMAT):
    """The day and the time range of a session in WITA: 'Kamis, 7 Mei 2026, 09.00–10.00'."""
    return f"{day_text(start, fmt)}, {hm_text(start)}–{hm_text(end)}"
