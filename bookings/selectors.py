"""Reads shared by views (and the staff side): the public week grid and a village's bookings.

Query counts are fixed per call, whatever the number of bookings or calendar events.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from home.wita import combine, today

from .availability import load_room_data
from .models import HOLDING_STATUSES, Booking, OpeningHours, Room


@dataclass
class Slot:
    start: datetime.datetime
    end: datetime.datetime
    state: str  # "free" (bookable), "open" (free but outside the booking window), "busy"
    book_end: datetime.datetime | None = None  # suggested end when booking from this slot


@dataclass
class Day:
    date: datetime.date
    closed_reason: str | None
    slots: list
    is_today: bool = False

    @property
    def free_count(self):
        return sum(1 for slot in self.slots if slot.state == "free")


def active_rooms():
    return Room.objects.filter(active=True).prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday"))
    )


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


def _merge(slots):
    """Collapse runs of busy (or not-bookable) slots into one range; free slots stay single."""
    merged = []
    for slot in slots:
        previous = merged[-1] if merged else None
        if previous and slot.state != "free" and previous.state == slot.state:
            previous.end = slot.end
        else:
            merged.append(Slot(slot.start, slot.end, slot.state, slot.book_end))
    return merged


def week_schedule(*, first_day, now=None, days=7, rooms=None):
    """Per room, the days from `first_day` with their slots as free / open / busy.

    Busy carries no detail at all: not who, not why, not whether it is a booking or a block.
    """
    now = now or timezone.now()
    rooms = list(rooms if rooms is not None else active_rooms())
    last_day = first_day + datetime.timedelta(days=days - 1)
    data_by_room = load_room_data(rooms, first_day, last_day)
    result = []
    current_day = today(now)
    for room in rooms:
        data = data_by_room[room.pk]
        earliest, latest = data.earliest_day(now), data.latest_day(now)
        default_length = datetime.timedelta(minutes=max(room.min_duration_minutes, 60))
        default_length = min(default_length, datetime.timedelta(minutes=room.max_duration_minutes))
        minimum = datetime.timedelta(minutes=room.min_duration_minutes)
        step = datetime.timedelta(minutes=room.slot_minutes)
        day_list = []
        for offset in range(days):
            day = first_day + datetime.timedelta(days=offset)
            reason = data.closed_reason(day)
            slots = []
            if not reason:
                closes = combine(day, data.hours[day.weekday()][1])
                bookable_day = earliest <= day <= latest
                for start in data.slot_starts(day):
                    end = start + step
                    if data.block_at(start, end) or data.booking_at(start, end):
                        slots.append(Slot(start, end, "busy"))
                    elif not bookable_day or start <= now:
                        slots.append(Slot(start, end, "open"))
                    else:
                        slots.append(Slot(start, end, "free"))
                # Suggested end: the default length when it fits, else the minimum.
                for index, slot in enumerate(slots):
                    if slot.state != "free":
                        continue
                    for length in (default_length, minimum):
                        end = slot.start + length
                        covered = [s for s in slots[index:] if s.start < end]
                        if end <= closes and all(s.state == "free" for s in covered):
                            slot.book_end = end
                            break
                    if slot.book_end is None:
                        slot.state = "open"
            day_list.append(Day(day, reason, _merge(slots), is_today=day == current_day))
        result.append({"room": room, "days": day_list, "earliest": earliest, "latest": latest})
    return result


def village_bookings(village, body=None):
    """The village's bookings (its office's and its bodies'), or one body's own."""
    bookings = Booking.objects.filter(village=village)
    if body is not None:
        bookings = bookings.filter(body=body)
    return bookings.select_related("room", "section", "category", "body__kind")


def split_upcoming_past(village, now=None, body=None):
    now = now or timezone.now()
    bookings = village_bookings(village, body)
    # Upcoming: sessions still to come that hold their time. A cancelled, rejected or expired
    # request is finished whatever its date, so it goes with the past ones.
    still_on = Q(end__gt=now, status__in=HOLDING_STATUSES)
    upcoming = bookings.filter(still_on).order_by("start")
    past = bookings.exclude(still_on).order_by("-start")
    return upcoming, past
