"""All the iCalendar (RFC 5545) the portal writes: room feeds, village feeds, one booking.

One module, so every event gets the same identity wherever it appears:
- UID `booking-<pk>@<host>` for a session, `block-<event pk>@<host>` for a recurring block;
- DTSTAMP/LAST-MODIFIED from the row's last change (feeds carry no METHOD, so RFC 5545 takes
  DTSTAMP as the last revision), so the same data always gives the same bytes;
- SEQUENCE from `Booking.sequence` (raised by `booking_reschedule` and `booking_cancel`);
  for blocks, the seconds between creating the block and its latest change, so it only grows;
- STATUS TENTATIVE / CONFIRMED / CANCELLED, times in Asia/Makassar with a VTIMEZONE.

Recurring blocks (django-scheduler Events with a Rule) are written once, with the RRULE that
`Event.get_rrule_object` builds (UNTIL in UTC, one second before `end_recurring_period`, which
django-scheduler treats as exclusive); cancelled persisted Occurrences become EXDATE and moved
ones an override with RECURRENCE-ID.

Each builder costs a fixed number of queries, whatever the number of bookings or blocks.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration, vRecur
from schedule.models import Event as ScheduleEvent

from home.wita import local, tz

from .models import SESSION_STATUSES, Booking, BookingHistory, Status

PRODID = "-//RUKO PARSEL//Kecamatan Paringin Selatan//ID"
# How far back the feeds reach; everything ahead is included.
PAST_DAYS = 90

ICAL_STATUS = {
    Status.PENDING: "TENTATIVE",
    Status.INFO_REQUESTED: "TENTATIVE",
    Status.APPROVED: "CONFIRMED",
    Status.HELD: "CONFIRMED",
    Status.NO_SHOW: "CONFIRMED",
    Status.REJECTED: "CANCELLED",
    Status.CANCELLED: "CANCELLED",
    Status.EXPIRED: "CANCELLED",
}
# What the public room feed shows as busy: sessions the kecamatan approved.
PUBLIC_STATUSES = SESSION_STATUSES
UTC = datetime.UTC


def host():
    return settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0] or "rukoparsel"


def booking_uid(booking_pk):
    return f"booking-{booking_pk}@{host()}"


def block_uid(event_pk):
    return f"block-{event_pk}@{host()}"


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Ask subscribers to refresh hourly (RFC 7986, and the older Outlook/Apple name).
    calendar.add(
        "refresh-interval", vDuration(datetime.timedelta(hours=1)), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", vDuration(datetime.timedelta(hours=1)))
    return calendar


def _finish(calendar):
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _utc(dt):
    return dt.astimezone(UTC)


# ---------------------------------------------------------------------------- sessions


def booking_event(booking, *, public):
    """A session as a VEVENT: busy time only when `public`, full detail for its village."""
    event = Event()
    event.add("uid", booking_uid(booking.pk))
    event.add("dtstamp", _utc(booking.updated_at))
    event.add("last-modified", _utc(booking.updated_at))
    event.add("created", _utc(booking.created_at))
    event.add("dtstart", local(booking.start))
    event.add("dtend", local(booking.end))
    event.add("sequence", booking.sequence)
    event.add("status", ICAL_STATUS[booking.status])
    event.add("transp", "TRANSPARENT" if ICAL_STATUS[booking.status] == "CANCELLED" else "OPAQUE")
    if public:
        event.add("summary", _("In use"))
        event.add("class", "PUBLIC")
        return event
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "bookings:detail", args=[booking.pk]
    )
    event.add("summary", _("RUKO PARSEL coordination: %(title)s") % {"title": booking.title})
    event.add("location", booking.room.name)
    lines = [
        _("Village: %(village)s") % {"village": booking.village},
        _("Section: %(section)s") % {"section": booking.section},
        _("Problem category: %(category)s") % {"category": booking.category},
        _("Status: %(status)s") % {"status": booking.get_status_display()},
        _("Contact person: %(name)s (%(phone)s)")
        % {"name": booking.contact_name, "phone": booking.contact_phone},
        "",
        booking.description,
        "",
        link,
    ]
    event.add("description", "\n".join(lines))
    event.add("url", link)
    event.add("class", "PRIVATE")
    return event


def booking_ics(booking):
    """One session with full detail: the page download and the approval e-mail's attachment."""
    with translation.override(settings.LANGUAGE_CODE):
        calendar = _calendar(_("RUKO PARSEL coordination: %(title)s") % {"title": booking.title})
        calendar.add_component(booking_event(booking, public=False))
        return _finish(calendar)


# ---------------------------------------------------------------------------- blocks


def block_rrule(event):
    """The RRULE django-scheduler expands for `event`, as an icalendar vRecur."""
    rule = event.get_rrule_object(tz())
    line = next(part for part in str(rule).splitlines() if part.startswith("RRULE:"))
    recur = vRecur.from_ical(line.removeprefix("RRULE:"))
    recur.pop("UNTIL", None)
    if event.end_recurring_period is not None:
        # django-scheduler drops an occurrence starting exactly at the end of the period.
        recur["UNTIL"] = [_utc(event.end_recurring_period) - datetime.timedelta(seconds=1)]
    return recur


def _block_base(event, *, start, end, last_change):
    component = Event()
    component.add("uid", block_uid(event.pk))
    component.add("dtstamp", _utc(last_change))
    component.add("last-modified", _utc(last_change))
    component.add("created", _utc(event.created_on))
    component.add("dtstart", local(start))
    component.add("dtend", local(end))
    component.add("sequence", max(0, int((last_change - event.created_on).total_seconds())))
    component.add("summary", _("In use"))
    component.add("class", "PUBLIC")
    component.add("transp", "OPAQUE")
    return component


def block_components(event):
    """A block as one VEVENT (with RRULE and EXDATE) plus one override per moved occurrence.

    `event.occurrence_set` should be prefetched.
    """
    persisted = list(event.occurrence_set.all())
    last_change = max([event.updated_on, *(o.updated_on for o in persisted)])
    if event.rule_id is None:
        occurrence = next((o for o in persisted if o.original_start == event.start), None)
        start, end = (occurrence.start, occurrence.end) if occurrence else (event.start, event.end)
        component = _block_base(event, start=start, end=end, last_change=last_change)
        component.add("status", "CANCELLED" if occurrence and occurrence.cancelled else "CONFIRMED")
        return [component]
    master = _block_base(event, start=event.start, end=event.end, last_change=last_change)
    master.add("rrule", block_rrule(event))
    master.add("status", "CONFIRMED")
    cancelled = sorted(local(o.original_start) for o in persisted if o.cancelled)
    if cancelled:
        master.add("exdate", cancelled)
    components = [master]
    for occurrence in sorted(persisted, key=lambda o: o.original_start):
        if occurrence.cancelled or not occurrence.moved:
            continue
        override = _block_base(
            event, start=occurrence.start, end=occurrence.end, last_change=last_change
        )
        override.add("recurrence-id", local(occurrence.original_start))
        override.add("status", "CONFIRMED")
        components.append(override)
    return components


def _room_blocks(room, since):
    return (
        ScheduleEvent.objects.filter(calendar_id=room.calendar_id, booking__isnull=True)
        .filter(
            Q(rule__isnull=True, end__gte=since)
            | Q(rule__isnull=False)
            & (Q(end_recurring_period__isnull=True) | Q(end_recurring_period__gte=since))
        )
        .select_related("rule")
        .prefetch_related("occurrence_set")
        .order_by("pk")
    )


# ---------------------------------------------------------------------------- feeds


def room_feed(room, *, now=None):
    """The public feed of a room: busy time only (sessions and blocks), no names or purposes.

    Three queries: bookings, blocks, their persisted occurrences (none when there are no
    blocks).
    """
    since = (now or timezone.now()) - datetime.timedelta(days=PAST_DAYS)
    cancelled_after_approval = Exists(
        BookingHistory.objects.filter(
            booking=OuterRef("pk"), from_status=Status.APPROVED, to_status=Status.CANCELLED
        )
    )
    sessions = (
        Booking.objects.filter(room=room, end__gte=since)
        .filter(
            Q(status__in=PUBLIC_STATUSES) | Q(status=Status.CANCELLED) & cancelled_after_approval
        )
        .only("pk", "start", "end", "status", "sequence", "created_at", "updated_at")
        .order_by("start", "pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        calendar = _calendar(_("%(room)s: busy times") % {"room": room.name})
        calendar.add("x-wr-caldesc", _("When the room is in use (no names or purposes)."))
        for booking in sessions:
            calendar.add_component(booking_event(booking, public=True))
        for block in _room_blocks(room, since):
            for component in block_components(block):
                calendar.add_component(component)
        return _finish(calendar)


def village_feed(village, *, now=None):
    """A village's private feed: its own sessions in full detail (one query)."""
    since = (now or timezone.now()) - datetime.timedelta(days=PAST_DAYS)
    sessions = (
        Booking.objects.filter(village=village, end__gte=since)
        .select_related("room", "village", "section", "category")
        .order_by("start", "pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        calendar = _calendar(_("RUKO PARSEL sessions of %(village)s") % {"village": village})
        for booking in sessions:
            calendar.add_component(booking_event(booking, public=False))
        return _finish(calendar)
