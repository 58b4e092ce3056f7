"""The booking rules, each written once: the workflow's moves and the rules a time must pass.

A leaf of the bookings app: it reads the models and `availability`, and never imports the
modules that act (services, waitlist, tasks, views), so all of them can share it.

    MOVES, booking_can(action, booking, now, *, staff=False) -> bool
        The workflow as one table: from which statuses an action starts, the status it
        leads to, and when (before the start, before the end, after the start, …).
    check_move(action, booking, now, *, staff=False)
        The same, raising the BookingError the form shows.
    check_day(day, now=None)
        Raises BookingError unless `day` lies within BOOKINGS_HORIZON_DAYS of today: every
        date a form or the API receives is checked against it before anything is loaded.
    check_bounds(*, room, start, end, attendees=None, now=None, staff=False)
        The rules that need nothing but the room: steps, length, past, booking window,
        horizon, weekdays and opening hours, capacity. Called before the room is locked, so a
        request far out of bounds never takes the lock or loads a range.
    check_rules(*, room, start, end, attendees=None, village=None, body=None, now=None,
                exclude=None, staff=False, data=None) -> RoomData
        check_bounds, then the rules that need the day's data (lead time, holidays and
        closures, blocks, quota, overlap), loaded for that one day. The quota is per
        requester: a village office's requests count against `max_open_per_village`, each
        community body's own against `max_open_per_body`; a body never uses up its office's.
        Raises BookingError for the first rule the time breaks.
    booking_transaction()      the transaction of every booking write: PostgreSQL's lock
                               timeout is tightened to BOOKINGS_LOCK_TIMEOUT, and a refusal
                               by a lock or statement timeout becomes BookingError("busy")
    lock_room(room)            the row lock that serialises every check-then-write on a room
                               (and the room's `active` flag read under it)
    decision_deadline()        undecided requests expire once their start is nearer than this
    BookingError               a broken rule, with `.code`, `.field` and `.suggestions`
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.wita import combine, day_text, local, today

from .availability import free_slots_near, load_room_data
from .models import (
    HOLDING_STATUSES,
    UNDECIDED_STATUSES,
    Booking,
    Room,
    Status,
    holding_sql,
    written_out,
)


class BookingError(ValidationError):
    """A rule the request breaks, with a message fit to show on the form."""

    def __init__(self, message, *, code, field=None, suggestions=()):
        super().__init__(message, code=code)
        self.field = field
        self.suggestions = list(suggestions)


def decision_deadline():
    """Undecided requests expire once their start is closer than this."""
    return datetime.timedelta(hours=getattr(settings, "BOOKINGS_DECIDE_HOURS_BEFORE", 2))


# SQLSTATEs of a statement PostgreSQL refused to go on with: lock_timeout, statement_timeout.
TIMEOUT_SQLSTATES = {"55P03", "57014"}


def is_timeout(error):
    """Whether a database error is PostgreSQL giving up on a lock or a statement in time."""
    return getattr(error.__cause__, "sqlstate", None) in TIMEOUT_SQLSTATES


def busy_error():
    return BookingError(
        _(
            "The room is being booked by someone else at this moment. Nothing was saved: "
            "please try again in a few seconds."
        ),
        code="busy",
    )


@contextmanager
def booking_transaction():
    """One booking write: a transaction in which waiting for a lock is short.

    The connection's own lock and statement timeouts apply (settings DATABASE_LOCK_TIMEOUT,
    DATABASE_STATEMENT_TIMEOUT); inside it the lock timeout is BOOKINGS_LOCK_TIMEOUT, so a
    request never waits long behind another. A timeout rolls the transaction back and becomes
    BookingError("busy"): the form comes back with the message, the input kept.
    """
    try:
        with transaction.atomic():
            lock_timeout = getattr(settings, "BOOKINGS_LOCK_TIMEOUT", "")
            if lock_timeout and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
            yield
    except OperationalError as error:
        if not is_timeout(error):
            raise
        raise busy_error() from error


def lock_room(room):
    """Lock the room's row until the transaction ends; return `room`, its `active` flag read
    under the lock.

    Serialises every check-then-write on this room's time (holidays, blocks, quotas, overlap),
    for bookings and waitlist offers alike. One short statement: the room's rules and opening
    hours are those the request read (kept per content generation, which any change to them
    advances), so the lock is held only for the day's bookings, the quota and the insert.
    """
    table, column = written_out(Room)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column('active')} FROM {table} WHERE {column('pk')} = %s{lock}",  # noqa: S608
            [room.pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Room.DoesNotExist(f"Room {room.pk} does not exist.")
    room.active = bool(row[0])
    return room


# ---------------------------------------------------------------------------- the workflow

# When an action may happen, relative to the session's time.
ANY_TIME = "any_time"
BEFORE_START = "before_start"
BEFORE_END = "before_end"
AFTER_START = "after_start"
NEAR_START = "near_start"  # within the decision deadline before the start


@dataclass(frozen=True)
class Move:
    sources: tuple  # the statuses the action starts from
    target: str  # the status it leads to
    when: str = ANY_TIME  # for the village (and for anyone, unless staff_when says otherwise)
    staff_when: str | None = None  # for kecamatan staff, when it differs
    too_late: str = ""  # what the form says when the time is wrong
    too_late_code: str = "past"


# The booking workflow. Keys are the actions recorded in BookingHistory.
MOVES = {
    "approve": Move(
        UNDECIDED_STATUSES,
        Status.APPROVED,
        when=BEFORE_START,
        too_late=gettext_lazy("This session has already started."),
    ),
    "reject": Move(UNDECIDED_STATUSES, Status.REJECTED),
    "ask_info": Move(UNDECIDED_STATUSES, Status.INFO_REQUESTED),
    "answer_info": Move((Status.INFO_REQUESTED,), Status.PENDING),
    "cancel": Move(
        HOLDING_STATUSES,
        Status.CANCELLED,
        when=BEFORE_START,
        staff_when=BEFORE_END,
        too_late=gettext_lazy("This session has already started and cannot be cancelled."),
    ),
    "reschedule": Move(
        HOLDING_STATUSES,
        Status.PENDING,
        when=BEFORE_START,
        too_late=gettext_lazy("This session has already started and cannot be moved."),
    ),
    "held": Move(
        (Status.APPROVED,),
        Status.HELD,
        when=AFTER_START,
        too_late=gettext_lazy("This session has not started yet."),
        too_late_code="not_started",
    ),
    "no_show": Move(
        (Status.APPROVED,),
        Status.NO_SHOW,
        when=AFTER_START,
        too_late=gettext_lazy("This session has not started yet."),
        too_late_code="not_started",
    ),
    "expire": Move(UNDECIDED_STATUSES, Status.EXPIRED, when=NEAR_START),
}


def _in_time(when, booking, now):
    if when == BEFORE_START:
        return booking.start > now
    if when == BEFORE_END:
        return booking.end > now
    if when == AFTER_START:
        return booking.start <= now
    if when == NEAR_START:
        return booking.start <= now + decision_deadline()
    return True


def _time_allows(move, booking, now, staff):
    return _in_time(move.staff_when if staff and move.staff_when else move.when, booking, now)


def booking_can(action, booking, now, *, staff=False):
    """Whether `action` may be taken on `booking` at `now` (by staff when `staff`).

    Who may act at all (staff, the owning village) is the services' access check.
    """
    move = MOVES[action]
    return booking.status in move.sources and _time_allows(move, booking, now, staff)


def status_error(booking):
    return BookingError(
        _("This request is already “%(status)s”, so it cannot be changed this way.")
        % {"status": booking.get_status_display()},
        code="wrong_status",
    )


def check_move(action, booking, now, *, staff=False):
    """Raise the BookingError that explains why `action` may not be taken now, if it may not."""
    move = MOVES[action]
    if booking.status not in move.sources:
        raise status_error(booking)
    if not _time_allows(move, booking, now, staff):
        raise BookingError(str(move.too_late), code=move.too_late_code)


# ---------------------------------------------------------------------------- time rules


def conflict_error(data, start, end, now, exclude=None):
    """The error for a taken time, with the nearest free times of the same length."""
    suggestions = free_slots_near(data, start, end, now=now, exclude=exclude)
    if suggestions:
        message = _("This time is already taken. Choose one of the nearest free times below.")
    else:
        message = _("This time is already taken and there is no other free time that day.")
    return BookingError(message, code="conflict", suggestions=suggestions)


def horizon():
    """How far before or after today any date the portal is given may lie."""
    return datetime.timedelta(days=getattr(settings, "BOOKINGS_HORIZON_DAYS", 3 * 366))


def check_day(day, now=None):
    """Raise BookingError unless `day` lies within the horizon of today.

    Cheap and first: a date centuries away would otherwise cost holidays, recurrences and
    date arithmetic (or overflow) before any rule could refuse it.
    """
    current = today(now)
    first, last = current - horizon(), current + horizon()
    if not first <= day <= last:
        raise BookingError(
            _("Choose a date between %(first)s and %(last)s.")
            % {"first": day_text(first), "last": day_text(last)},
            code="out_of_range",
            field="date",
        )


def check_bounds(*, room, start, end, attendees=None, now=None, staff=False):
    """Raise BookingError for the first rule `start`–`end` breaks that needs nothing but the
    room (and its opening hours): run before the room is locked and before anything is loaded
    for the day, so a request out of bounds never holds or waits for the lock."""
    now = now or timezone.now()
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValueError("booking times must be aware")
    local_start, local_end = local(start), local(end)
    day = local_start.date()
    check_day(day, now)
    if end <= start:
        raise BookingError(
            _("The end must be after the start."), code="invalid_range", field="end_time"
        )
    if local_end.date() != day and local_end.time() != datetime.time.min:
        raise BookingError(
            _("A session must start and end on the same day."), code="multi_day", field="end_time"
        )
    step = room.slot_minutes
    for moment in (local_start, local_end):
        minutes = moment.hour * 60 + moment.minute
        if moment.second or moment.microsecond or minutes % step:
            raise BookingError(
                _("Times go in steps of %(step)d minutes (for example 08.00, 08.30).")
                % {"step": step},
                code="slot_step",
                field="start_time",
            )
    minutes = int((end - start).total_seconds() // 60)
    if minutes < room.min_duration_minutes:
        raise BookingError(
            _("A session must last at least %(minutes)d minutes.")
            % {"minutes": room.min_duration_minutes},
            code="too_short",
            field="end_time",
        )
    if minutes > room.max_duration_minutes:
        raise BookingError(
            _("A session may last at most %(minutes)d minutes.")
            % {"minutes": room.max_duration_minutes},
            code="too_long",
            field="end_time",
        )
    if start <= now:
        raise BookingError(_("This time has already passed."), code="past", field="date")
    if not staff:
        latest = today(now) + datetime.timedelta(days=room.max_days_ahead)
        if day > latest:
            raise BookingError(
                _("Too far ahead: you can book until %(day)s.") % {"day": day_text(latest)},
                code="too_far",
                field="date",
            )
    hours = {oh.weekday: (oh.opens, oh.closes) for oh in room.opening_hours.all()}
    if day.weekday() not in hours:
        raise _closed_error(day, _("the room is closed on this day of the week"))
    opens, closes = hours[day.weekday()]
    if start < combine(day, opens) or end > combine(day, closes):
        raise BookingError(
            _("Outside opening hours: on this day the room is open %(opens)s–%(closes)s WITA.")
            % {"opens": opens.strftime("%H.%M"), "closes": closes.strftime("%H.%M")},
            code="outside_hours",
            field="start_time",
        )
    if attendees is not None and attendees > room.capacity:
        raise BookingError(
            _("Too many attendees: the room holds at most %(capacity)d people.")
            % {"capacity": room.capacity},
            code="over_capacity",
            field="attendees",
        )


def _closed_error(day, reason):
    return BookingError(
        _("The room cannot be booked on %(day)s (%(reason)s).")
        % {"day": day_text(day), "reason": reason},
        code="closed",
        field="date",
    )


def count_open(*, after, village_id=None, body_id=None, exclude=None):
    """How many holding requests ending after `after` one requester has: a body's own
    (`body_id`), or its village office's (`village_id`, requests of no body), leaving out the
    booking `exclude`. Counted under the room lock by every booking check, so written out
    rather than compiled by the ORM each time."""
    table, column = written_out(Booking)
    holding, params = holding_sql(column)
    sql = f"SELECT COUNT(*) FROM {table} WHERE {holding} AND {column('end')} > %s"  # noqa: S608
    # The moment as the ORM stores it (UTC text on SQLite), not as the driver would write it.
    params.append(connection.ops.adapt_datetimefield_value(after))
    if body_id is not None:
        sql += f" AND {column('body')} = %s"
        params.append(body_id)
    else:
        sql += f" AND {column('village')} = %s AND {column('body')} IS NULL"
        params.append(village_id)
    if exclude is not None:
        sql += f" AND {column('pk')} <> %s"
        params.append(exclude)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def check_rules(
    *,
    room,
    start,
    end,
    attendees=None,
    village=None,
    body=None,
    now=None,
    exclude=None,
    staff=False,
    data=None,
):
    """Raise BookingError for the first rule `start`–`end` breaks in `room`.

    Staff acting for a village are not bound by lead time, the booking window or the quota.
    Call it inside the room lock when the result is about to be written (and check_bounds
    before taking the lock). Loads the data of that one day, not of every day up to it.
    """
    now = now or timezone.now()
    check_bounds(room=room, start=start, end=end, attendees=attendees, now=now, staff=staff)
    day = local(start).date()
    if data is None:
        data = load_room_data([room], day, day)[room.pk]
    if not staff:
        earliest = data.earliest_day(now)
        if day < earliest:
            raise BookingError(
                _("Too soon: the earliest day you can book is %(day)s.")
                % {"day": day_text(earliest)},
                code="too_soon",
                field="date",
            )
    reason = data.closed_reason(day)
    if reason:
        raise _closed_error(day, reason)
    block = data.block_at(start, end)
    if block:
        raise BookingError(
            _("The room is reserved at this time for “%(title)s”. Please choose another time.")
            % {"title": block},
            code="blocked",
            field="start_time",
        )
    if body is not None and not staff:
        open_count = count_open(body_id=body.pk, after=now, exclude=exclude)
        if open_count >= room.max_open_per_body:
            raise BookingError(
                _(
                    "Your body already has %(count)d open requests, the most allowed. "
                    "Wait for a decision or cancel one first."
                )
                % {"count": open_count},
                code="quota",
            )
    elif village is not None and not staff:
        open_count = count_open(village_id=village.pk, after=now, exclude=exclude)
        if open_count >= room.max_open_per_village:
            raise BookingError(
                _(
                    "Your village already has %(count)d open requests, the most allowed. "
                    "Wait for a decision or cancel one first."
                )
                % {"count": open_count},
                code="quota",
            )
    if data.booking_at(start, end, exclude=exclude):
        raise conflict_error(data, start, end, now, exclude=exclude)
    return data
