"""The booking rules, each written once: the workflow's moves and the rules a time must pass.

A leaf of the bookings app: it reads the models and `availability`, and never imports the
modules that act (services, waitlist, tasks, views), so all of them can share it.

    MOVES, booking_can(action, booking, now, *, staff=False) -> bool
        The workflow as one table: from which statuses an action starts, the status it
        leads to, and when (before the start, before the end, after the start, …).
    check_move(action, booking, now, *, staff=False)
        The same, raising the BookingError the form shows.
    check_rules(*, room, start, end, attendees=None, village=None, now=None, exclude=None,
                staff=False, data=None) -> RoomData
        Raises BookingError for the first rule a time breaks (steps, length, lead time,
        window, closed days, opening hours, capacity, blocks, quota, overlap).
    lock_room(room)            the row lock that serialises every check-then-write on a room
    decision_deadline()        undecided requests expire once their start is nearer than this
    BookingError               a broken rule, with `.code`, `.field` and `.suggestions`
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.wita import day_text, local, today

from .availability import free_slots_near, load_room_data
from .models import HOLDING_STATUSES, UNDECIDED_STATUSES, Booking, Room, Status


class BookingError(ValidationError):
    """A rule the request breaks, with a message fit to show on the form."""

    def __init__(self, message, *, code, field=None, suggestions=()):
        super().__init__(message, code=code)
        self.field = field
        self.suggestions = list(suggestions)


def decision_deadline():
    """Undecided requests expire once their start is closer than this."""
    return datetime.timedelta(hours=getattr(settings, "BOOKINGS_DECIDE_HOURS_BEFORE", 2))


def lock_room(room):
    """Lock the room's row until the transaction ends and return it fresh.

    Serialises every check-then-write on this room's time (holidays, blocks, quotas, overlap),
    for bookings and waitlist offers alike.
    """
    return Room.objects.select_for_update().get(pk=room.pk)


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


def check_rules(
    *,
    room,
    start,
    end,
    attendees=None,
    village=None,
    now=None,
    exclude=None,
    staff=False,
    data=None,
):
    """Raise BookingError for the first rule `start`–`end` breaks in `room`.

    Staff acting for a village are not bound by lead time, the booking window or the quota.
    Call it inside the room lock when the result is about to be written.
    """
    now = now or timezone.now()
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValueError("booking times must be aware")
    if end <= start:
        raise BookingError(
            _("The end must be after the start."), code="invalid_range", field="end_time"
        )
    local_start, local_end = local(start), local(end)
    day = local_start.date()
    if local_end.date() != day and local_end.time() != datetime.time.min:
        raise BookingError(
            _("A session must start and end on the same day."), code="multi_day", field="end_time"
        )
    if data is None:
        data = load_room_data([room], min(day, today(now)), day)[room.pk]
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
        earliest = data.earliest_day(now)
        if day < earliest:
            raise BookingError(
                _("Too soon: the earliest day you can book is %(day)s.")
                % {"day": day_text(earliest)},
                code="too_soon",
                field="date",
            )
        latest = data.latest_day(now)
        if day > latest:
            raise BookingError(
                _("Too far ahead: you can book until %(day)s.") % {"day": day_text(latest)},
                code="too_far",
                field="date",
            )
    reason = data.closed_reason(day)
    if reason:
        raise BookingError(
            _("The room cannot be booked on %(day)s (%(reason)s).")
            % {"day": day_text(day), "reason": reason},
            code="closed",
            field="date",
        )
    opens, closes = data.hours[day.weekday()]
    if local_start.time() < opens or (local_end.date() != day or local_end.time() > closes):
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
    block = data.block_at(start, end)
    if block:
        raise BookingError(
            _("The room is reserved at this time for “%(title)s”. Please choose another time.")
            % {"title": block},
            code="blocked",
            field="start_time",
        )
    if village is not None and not staff:
        open_count = (
            Booking.objects.holding()
            .filter(village=village, end__gt=now)
            .exclude(pk=exclude)
            .count()
        )
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
