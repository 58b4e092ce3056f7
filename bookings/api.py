"""Read-only JSON API: the rooms and their free and busy time (django-ninja, OpenAPI 3).

Mounted at /api/ (schema at /api/openapi.json, no docs UI: it would load assets from a CDN).
It carries no personal data: busy time says nothing of who or why, nor whether it is a
session or a recurring block. Every error is a 400/404 JSON `{"detail": …}` in the request's
language, never a 500.
"""

import datetime
import re
from typing import Annotated

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import WithJsonSchema

from home.wita import combine, local, tz

from .availability import free_and_busy, load_room_data
from .models import OpeningHours, Room
from .rules import BookingError, check_day

MAX_DAYS = 62
# A room's slug as the URL conf would pass it; anything else (a NUL byte) is no room.
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")

api = NinjaAPI(
    title="RUKO PARSEL API",
    version="1.0.0",
    description=(
        "Read-only availability of the RUKO PARSEL coordination rooms of Kecamatan Paringin "
        "Selatan. Times are ISO 8601 in WITA (Asia/Makassar, UTC+8). No personal data: busy "
        "time does not say who uses the room or why."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
)


class ApiError(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


class Interval(Schema):
    start: datetime.datetime
    end: datetime.datetime


class ClosedDay(Schema):
    date: datetime.date
    reason: str


class OpeningDay(Schema):
    weekday: int
    opens: str
    closes: str


class RoomOut(Schema):
    slug: str
    name: str
    capacity: int
    slot_minutes: int
    opening_hours: list[OpeningDay]
    availability_url: str


class AvailabilityOut(Schema):
    room: str
    timezone: str
    start: datetime.datetime
    end: datetime.datetime
    free: list[Interval]
    busy: list[Interval]
    closed: list[ClosedDay]


class ErrorOut(Schema):
    detail: str


@api.exception_handler(ApiError)
def _api_error(request, error):
    return api.create_response(request, {"detail": error.message}, status=error.status)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, error):
    return api.create_response(
        request,
        {
            "detail": _(
                "Give both start and end, for example ?start=2026-05-04&end=2026-05-08 "
                "or ?start=2026-05-04T08:00+08:00&end=2026-05-04T16:00+08:00."
            )
        },
        status=400,
    )


DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# How `start` and `end` are declared in the schema: a date or a date-time (RFC 3339), so an
# empty or malformed value is invalid by the schema as well as answered 400.
MOMENT = WithJsonSchema(
    {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
)


def parse_moment(text, *, name, is_end):
    """A date or an ISO 8601 date-time → an aware WITA datetime.

    A date alone means the whole day (start at 00.00, end at 24.00 WITA); a date-time without
    an offset is WITA; any offset (or Z) is converted to WITA.
    """
    error = ApiError(
        _(
            "%(name)s is not a date or date-time in ISO 8601 format, for example 2026-05-04 "
            "or 2026-05-04T08:00+08:00."
        )
        % {"name": name}
    )
    text = (text or "").strip()
    if not text or len(text) > 40:
        raise error
    # An unencoded "+08:00" in a query string arrives as " 08:00".
    text = re.sub(r"(T[\d:.]+) (\d{2}(:?\d{2})?)$", r"\1+\2", text)
    try:
        if DATE_ONLY.match(text):
            day = datetime.date.fromisoformat(text)
            if is_end:
                day += datetime.timedelta(days=1)
            return combine(day, datetime.time.min)
        moment = datetime.datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise error from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz())
    try:
        return local(moment)
    except (ValueError, OverflowError):
        raise error from None


def parse_range(start, end, *, now=None):
    start = parse_moment(start, name="start", is_end=False)
    end = parse_moment(end, name="end", is_end=True)
    if end <= start:
        raise ApiError(_("end must be after start."))
    if end - start > datetime.timedelta(days=MAX_DAYS):
        raise ApiError(_("The range may cover at most %(days)d days.") % {"days": MAX_DAYS})
    try:
        check_day(local(start).date(), now)
        check_day(local(end).date(), now)
    except BookingError as error:
        raise ApiError(error.messages[0]) from None
    return start, end


def _rooms():
    return Room.objects.filter(active=True).prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday"))
    )


def _room_out(room):
    return {
        "slug": room.slug,
        "name": room.name,
        "capacity": room.capacity,
        "slot_minutes": room.slot_minutes,
        "opening_hours": [
            {
                "weekday": hours.weekday,
                "opens": hours.opens.strftime("%H:%M"),
                "closes": hours.closes.strftime("%H:%M"),
            }
            for hours in room.opening_hours.all()
        ],
        "availability_url": reverse("api:room_availability", args=[room.slug]),
    }


@api.get(
    "/rooms",
    response=list[RoomOut],
    url_name="rooms",
    summary="Rooms that can be booked",
    description="Opening hours use weekday 0 for Monday; times are WITA.",
)
def rooms(request):
    return [_room_out(room) for room in _rooms()]


@api.get(
    "/rooms/{slug}/availability",
    response={200: AvailabilityOut, 400: ErrorOut, 404: ErrorOut},
    url_name="room_availability",
    summary="Free and busy time of a room",
    description=(
        "Free time is the opening hours of open days less busy time; busy time joins approved "
        "or pending sessions and recurring blocks, with no detail. Closed days (weekends, "
        "public holidays and cuti bersama, local closures) are listed with their reason. "
        f"The range may cover at most {MAX_DAYS} days. A date alone means the whole day; "
        "a date-time without an offset is WITA; offsets (or Z) are converted to WITA."
    ),
)
def room_availability(
    request,
    response: HttpResponse,
    slug: str,
    start: Annotated[str, MOMENT] = Query(
        ...,
        description="First moment, inclusive: 2026-05-04 or 2026-05-04T08:00+08:00",
    ),
    end: Annotated[str, MOMENT] = Query(
        ...,
        description="Last moment, exclusive (a date alone: the end of that day)",
    ),
):
    range_start, range_end = parse_range(start, end)
    room = _rooms().filter(slug=slug).first() if SLUG.match(slug) else None
    if room is None:
        raise ApiError(_("There is no room with this name."), status=404)
    first_day = local(range_start).date()
    last_day = local(range_end - datetime.timedelta(microseconds=1)).date()
    data = load_room_data([room], first_day, last_day)[room.pk]
    free, busy, closed = free_and_busy(data, range_start, range_end)
    response["Cache-Control"] = "public, max-age=60"
    return {
        "room": room.slug,
        "timezone": str(tz()),
        "start": range_start,
        "end": range_end,
        "free": [{"start": local(s), "end": local(e)} for s, e in free],
        "busy": [{"start": local(s), "end": local(e)} for s, e in busy],
        "closed": [{"date": day, "reason": str(reason)} for day, reason in closed],
    }
