"""Time arithmetic for rooms: opening hours, closed days, recurring blocks and taken slots.

Everything here works on data loaded once per request (`load_room_data`), so the cost in
queries does not grow with the number of bookings or calendar events. Times are aware; local
time is WITA (settings.TIME_ZONE). django-scheduler only ever receives ZoneInfo(TIME_ZONE).
"""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _
from schedule.models import Event
from schedule.periods import Period

from home.caching import Generation, fragment
from home.wita import combine, local, today, tz

from .models import Booking, Closure, Room, holding_sql, written_out


@lru_cache(maxsize=16)
def _holidays_for_year(year):
    found = holidays.country_holidays(
        "ID",
        years=year,
        categories=(holidays.PUBLIC, holidays.GOVERNMENT),
        language="id",
    )
    return dict(found.items())


@lru_cache(maxsize=16)
def _cuti_bersama_for_year(year):
    """The year's cuti bersama (joint leave days the government adds to the holidays)."""
    found = holidays.country_holidays(
        "ID", years=year, categories=(holidays.GOVERNMENT,), language="id"
    )
    return frozenset(found)


def is_cuti_bersama(day):
    return day in _cuti_bersama_for_year(day.year)


def holiday_reason(day, name):
    """Why a holiday closes the room: "hari libur nasional: …" or "cuti bersama: …"."""
    if is_cuti_bersama(day):
        short = name.removeprefix("Cuti Bersama").strip() or name
        return _("joint leave day (cuti bersama): %(name)s") % {"name": short}
    return _("public holiday: %(name)s") % {"name": name}


def holidays_between(first, last):
    """National holidays and cuti bersama as {date: name} for first..last inclusive."""
    result = {}
    for year in range(first.year, last.year + 1):
        for day, name in _holidays_for_year(year).items():
            if first <= day <= last:
                result[day] = name
    return result


@dataclass
class RoomData:
    room: Room
    hours: dict  # weekday -> (opens, closes)
    closures: list  # Closure rows touching the range
    holidays: dict  # date -> name
    blocks: list = field(default_factory=list)  # (start, end, title) of recurring blocks
    taken: list = field(default_factory=list)  # (start, end, booking_id) holding bookings

    def closed_reason(self, day):
        """Why the room is closed on `day`, or None when it is open."""
        if day in self.holidays:
            return holiday_reason(day, self.holidays[day])
        for closure in self.closures:
            if closure.start_date <= day <= closure.end_date:
                return _("closed: %(reason)s") % {"reason": closure.reason}
        if day.weekday() not in self.hours:
            return _("the room is closed on this day of the week")
        return None

    def is_working_day(self, day):
        return self.closed_reason(day) is None

    def earliest_day(self, now):
        """The first day a booking may start: the Nth working day after today."""
        day = today(now)
        remaining = self.room.min_lead_working_days
        guard = 0
        while remaining > 0 and guard < 370:
            day += datetime.timedelta(days=1)
            guard += 1
            if self.is_working_day(day):
                remaining -= 1
        return day

    def latest_day(self, now):
        return today(now) + datetime.timedelta(days=self.room.max_days_ahead)

    def block_at(self, start, end):
        for block_start, block_end, title in self.blocks:
            if block_start < end and block_end > start:
                return title
        return None

    def booking_at(self, start, end, exclude=None):
        for taken_start, taken_end, booking_id in self.taken:
            if booking_id != exclude and taken_start < end and taken_end > start:
                return booking_id
        return None

    def slot_starts(self, day):
        """Every slot start of `day` inside the opening hours (empty when closed)."""
        if day.weekday() not in self.hours:
            return []
        opens, closes = self.hours[day.weekday()]
        step = datetime.timedelta(minutes=self.room.slot_minutes)
        current, last = combine(day, opens), combine(day, closes)
        starts = []
        while current + step <= last:
            starts.append(current)
            current += step
        return starts


def _events_query(calendar_ids, start, end):
    """Calendar events that may produce occurrences in [start, end), without booking events."""
    single = Q(rule__isnull=True, start__lt=end, end__gt=start)
    recurring = Q(rule__isnull=False, start__lt=end) & (
        Q(end_recurring_period__isnull=True) | Q(end_recurring_period__gte=start)
    )
    return (
        Event.objects.filter(calendar_id__in=calendar_ids, booking__isnull=True)
        .filter(single | recurring)
        .select_related("rule")
    )


CACHED_BLOCKS = Generation("bookings-blocks-generation")


def retire_cached_blocks(**kwargs):
    """Signal receiver: a calendar event, rule or occurrence changed."""
    CACHED_BLOCKS.advance()


def _recurring_blocks(calendar_to_room, start, end):
    """(room pk, start, end, title) of every block occurrence in [start, end).

    Expanding recurrence rules walks each rule from its first occurrence, which grows with the
    age of the rule; the expansion is kept in the cache until any event, rule or occurrence
    changes, so the check a booking makes under the room lock stays cheap.
    """
    key = "room-blocks:{}:{}:{}:g{}".format(
        ",".join(str(pk) for pk in sorted(calendar_to_room)),
        start.isoformat(),
        end.isoformat(),
        CACHED_BLOCKS.current(),
    )
    blocks = cache.get(key)
    if blocks is not None:
        return blocks
    blocks = []
    events = list(_events_query(list(calendar_to_room), start, end))
    if events:
        for occurrence in Period(events, start, end, tzinfo=tz()).get_occurrences():
            room_pk = calendar_to_room.get(occurrence.event.calendar_id)
            if not occurrence.cancelled and room_pk is not None:
                blocks.append((room_pk, occurrence.start, occurrence.end, occurrence.event.title))
    cache.set(key, blocks, getattr(settings, "BOOKINGS_BLOCKS_CACHE_SECONDS", 3600))
    return blocks


def _closures_since(first_day, current):
    """Closures that end on `first_day` or later. From today on they are kept per content
    generation, which every closure change advances (bookings/signals.py): the check a booking
    makes under the room lock reads them without a query."""
    if first_day < current:
        return list(Closure.objects.filter(end_date__gte=first_day))
    kept = fragment(
        f"closures-since:{current.isoformat()}",
        lambda: list(Closure.objects.filter(end_date__gte=current)),
    )
    return [closure for closure in kept if closure.end_date >= first_day]


def load_room_data(rooms, first_day, last_day, *, with_blocks=True, with_taken=True):
    """Load everything needed to judge times in `rooms` between two dates (inclusive).

    Costs a fixed number of queries: closures, events, persisted occurrences, bookings
    (opening hours should be prefetched on `rooms`, else one query per room); events and
    occurrences only when their expansion is not cached yet.
    """
    rooms = list(rooms)
    start = combine(first_day, datetime.time.min)
    end = combine(last_day + datetime.timedelta(days=1), datetime.time.min)
    room_ids = [room.pk for room in rooms]
    # Holidays and closures from today on as well: the lead time counts working days from
    # today, whatever day is asked for. (Callers bound the days: see rules.check_day.)
    current = today()
    national = holidays_between(
        min(first_day, current), max(last_day, current) + datetime.timedelta(days=400)
    )
    closures = [
        closure
        for closure in _closures_since(min(first_day, current), current)
        if closure.room_id is None or closure.room_id in room_ids
    ]
    data = {}
    for room in rooms:
        data[room.pk] = RoomData(
            room=room,
            hours={oh.weekday: (oh.opens, oh.closes) for oh in room.opening_hours.all()},
            closures=[c for c in closures if c.room_id in (None, room.pk)],
            holidays=national,
        )
    if with_blocks:
        calendar_to_room = {room.calendar_id: room.pk for room in rooms if room.calendar_id}
        for room_pk, block_start, block_end, title in _recurring_blocks(
            calendar_to_room, start, end
        ):
            data[room_pk].blocks.append((block_start, block_end, title))
    if with_taken:
        for booking in _holding_bookings(room_ids, start, end):
            data[booking.room_id].taken.append((booking.start, booking.end, booking.pk))
    return data


def _holding_bookings(room_ids, start, end):
    """The holding bookings of `room_ids` that touch [start, end), with their room, start and
    end only. Every booking check runs this under the room lock, so it is written out: a raw
    query (Django still converts the values) costs half of what compiling it each time did."""
    if not room_ids:
        return []
    table, column = written_out(Booking)
    holding, params = holding_sql(column)
    rooms = ", ".join(["%s"] * len(room_ids))
    sql = (
        f"SELECT {column('pk')}, {column('room')}, {column('start')}, {column('end')}"  # noqa: S608
        f" FROM {table} WHERE {holding} AND {column('room')} IN ({rooms})"
        f" AND {column('start')} < %s AND {column('end')} > %s"
    )
    # A raw query adapts its values as the ORM does (on SQLite, times become UTC text).
    return Booking.objects.raw(sql, [*params, *room_ids, end, start])


def free_slots_near(data, start, end, *, now, exclude=None, limit=3):
    """Up to `limit` free slots of the same length on the same day, nearest first."""
    duration = end - start
    day = local(start).date()
    if data.closed_reason(day) or not data.earliest_day(now) <= day <= data.latest_day(now):
        return []
    opens, closes = data.hours[day.weekday()]
    close_at = combine(day, closes)
    # The moved booking's own current time is no suggestion: it is where it already is.
    own = {
        (s, e) for s, e, booking_id in data.taken if exclude is not None and booking_id == exclude
    }
    found = []
    for candidate in data.slot_starts(day):
        candidate_end = candidate + duration
        if candidate == start or candidate_end > close_at or candidate <= now:
            continue
        if (candidate, candidate_end) in own:
            continue
        if data.block_at(candidate, candidate_end):
            continue
        if data.booking_at(candidate, candidate_end, exclude=exclude):
            continue
        found.append((candidate, candidate_end))
    found.sort(key=lambda pair: (abs(pair[0] - start), pair[0]))
    return sorted(found[:limit])


def merge_intervals(intervals):
    """Sort and join overlapping or touching (start, end) pairs."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def free_and_busy(data, start, end):
    """Free and busy time of `data.room` in [start, end) and the closed days in it.

    Busy joins recurring blocks and holding bookings (no detail of either), clipped to the
    range. Free is the opening hours of the open days, clipped to the range, less busy time.
    `data` must cover the local days from `start` to `end` (see load_room_data).
    """
    busy = merge_intervals(
        (max(s, start), min(e, end))
        for s, e, *_rest in [*data.blocks, *data.taken]
        if s < end and e > start
    )
    free, closed = [], []
    day = local(start).date()
    last = local(end - datetime.timedelta(microseconds=1)).date()
    while day <= last:
        reason = data.closed_reason(day)
        if reason:
            closed.append((day, reason))
        else:
            opens, closes = data.hours[day.weekday()]
            cursor, stop = max(combine(day, opens), start), min(combine(day, closes), end)
            for busy_start, busy_end in busy:
                if cursor >= stop:
                    break
                if busy_end <= cursor or busy_start >= stop:
                    continue
                if busy_start > cursor:
                    free.append((cursor, busy_start))
                cursor = max(cursor, busy_end)
            if cursor < stop:
                free.append((cursor, stop))
        day += datetime.timedelta(days=1)
    return free, busy, closed
