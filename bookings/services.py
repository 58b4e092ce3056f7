"""Every write on bookings that carries a business rule. One transaction per call.

Public API (all keyword-only; `by` is the acting user, None only for the system):
    booking_request(*, by, room, village, section, category, title, description, attendees,
                    contact_name, contact_phone, start, end, attachment=None, now=None)
    booking_approve(*, booking, by, note="")
    booking_reject(*, booking, by, reason)
    booking_ask_info(*, booking, by, question)
    booking_answer_info(*, booking, by, answer)
    booking_cancel(*, booking, by, reason="", now=None)
    booking_reschedule(*, booking, by, start, end, now=None)
    booking_mark_held(*, booking, by, note="", now=None)
    booking_mark_no_show(*, booking, by, note="", now=None)
    bookings_expire_stale(*, by=None, now=None) -> int
    village_feed_token(*, village) -> VillageFeedToken
    village_feed_token_regenerate(*, village, by) -> VillageFeedToken

Rule failures raise `BookingError` (a ValidationError with `.code`, `.field` and, for a taken
slot, `.suggestions`); acting on someone else's booking raises PermissionDenied.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from schedule.models import Event

from home.roles import is_staff_member, village_of

from .availability import free_slots_near, load_room_data, local, today
from .models import (
    HOLDING_STATUSES,
    UNDECIDED_STATUSES,
    Booking,
    BookingHistory,
    Room,
    Status,
    VillageFeedToken,
    new_feed_token,
)
from .notifications import notify
from .waitlist import slot_freed


class BookingError(ValidationError):
    """A rule the request breaks, with a message fit to show on the form."""

    def __init__(self, message, *, code, field=None, suggestions=()):
        super().__init__(message, code=code)
        self.field = field
        self.suggestions = list(suggestions)


def decision_deadline():
    """Undecided requests expire once their start is closer than this."""
    return datetime.timedelta(hours=getattr(settings, "BOOKINGS_DECIDE_HOURS_BEFORE", 2))


# ---------------------------------------------------------------------------- helpers


def _hm(dt):
    return local(dt).strftime("%H.%M")


def _day(dt_or_date):
    value = local(dt_or_date).date() if isinstance(dt_or_date, datetime.datetime) else dt_or_date
    return date_format(value, "l, j F Y")


def _require_staff(user):
    if not is_staff_member(user):
        raise PermissionDenied


def _require_village_or_staff(user, village_id):
    if is_staff_member(user):
        return
    village = village_of(user)
    if village is None or village.pk != village_id:
        raise PermissionDenied


def _record(booking, *, by, action, from_status, to_status, note=""):
    return BookingHistory.objects.create(
        booking=booking,
        by=by if by is not None and by.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _lock_booking(booking):
    return Booking.objects.select_for_update().select_related("room").get(pk=booking.pk)


def _lock_room(room):
    # Serialises every check-then-write on this room's time (holidays, blocks, quotas, overlap).
    return Room.objects.select_for_update().get(pk=room.pk)


def _status_error(booking):
    return BookingError(
        _("This request is already “%(status)s”, so it cannot be changed this way.")
        % {"status": booking.get_status_display()},
        code="wrong_status",
    )


def _change_status(booking, *, by, allowed_from, to, action, note="", fields=None):
    """Conditional update (… WHERE status IN allowed_from) plus its history row."""
    fields = dict(fields or {})
    updated = Booking.objects.filter(pk=booking.pk, status__in=allowed_from).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        booking.refresh_from_db()
        raise _status_error(booking)
    from_status = booking.status
    booking.status = to
    for name, value in fields.items():
        setattr(booking, name, value)
    _record(booking, by=by, action=action, from_status=from_status, to_status=to, note=note)
    return booking


def _remove_calendar_event(booking):
    if booking.schedule_event_id:
        Event.objects.filter(pk=booking.schedule_event_id).delete()
        booking.schedule_event_id = None


def _conflict(data, start, end, now, exclude=None):
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
                _("Too soon: the earliest day you can book is %(day)s.") % {"day": _day(earliest)},
                code="too_soon",
                field="date",
            )
        latest = data.latest_day(now)
        if day > latest:
            raise BookingError(
                _("Too far ahead: you can book until %(day)s.") % {"day": _day(latest)},
                code="too_far",
                field="date",
            )
    reason = data.closed_reason(day)
    if reason:
        raise BookingError(
            _("The room cannot be booked on %(day)s (%(reason)s).")
            % {"day": _day(day), "reason": reason},
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
        raise _conflict(data, start, end, now, exclude=exclude)
    return data


# ---------------------------------------------------------------------------- services


def booking_request(
    *,
    by,
    room,
    village,
    section,
    category,
    title,
    description,
    attendees,
    contact_name,
    contact_phone,
    start,
    end,
    attachment=None,
    now=None,
):
    """A village asks for a session; it holds the slot while pending."""
    staff = is_staff_member(by)
    if not staff:
        own = village_of(by)
        if own is None or own.pk != village.pk:
            raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        room = _lock_room(room)
        if not room.active:
            raise BookingError(_("This room cannot be booked."), code="inactive", field="room")
        data = check_rules(
            room=room,
            start=start,
            end=end,
            attendees=attendees,
            village=village,
            now=now,
            staff=staff,
        )
        booking = Booking(
            room=room,
            village=village,
            requested_by=by,
            section=section,
            category=category,
            title=title,
            description=description,
            attendees=attendees,
            contact_name=contact_name,
            contact_phone=contact_phone,
            start=start,
            end=end,
            booked_by_staff=staff,
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as error:
            if "no_overlap" not in str(error):
                raise
            raise _conflict(data, start, end, now) from error
        if attachment:
            booking.attachment.save(attachment.name, attachment, save=False)
            Booking.objects.filter(pk=booking.pk).update(attachment=booking.attachment.name)
        note = _("Booked by kecamatan staff on behalf of the village.") if staff else ""
        _record(
            booking, by=by, action="request", from_status="", to_status=Status.PENDING, note=note
        )
        notify(booking, "requested")
    return booking


def booking_approve(*, booking, by, note=""):
    """Staff approve a pending request; the session enters the room's calendar."""
    _require_staff(by)
    with transaction.atomic():
        current = _lock_booking(booking)
        if current.status not in UNDECIDED_STATUSES:
            raise _status_error(current)
        if current.start <= timezone.now():
            raise BookingError(_("This session has already started."), code="past")
        event = Event.objects.create(
            calendar_id=current.room.calendar_id,
            start=local(current.start),
            end=local(current.end),
            title=f"{current.village}: {current.title}"[:255],
            description=_("Coordination session (booking #%(id)d)") % {"id": current.pk},
            creator=by,
        )
        _change_status(
            current,
            by=by,
            allowed_from=UNDECIDED_STATUSES,
            to=Status.APPROVED,
            action="approve",
            note=note,
            fields={"schedule_event_id": event.pk},
        )
        notify(current, "approved", note)
    return current


def booking_reject(*, booking, by, reason):
    _require_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(
            _("Give the reason for the rejection."), code="reason_required", field="reason"
        )
    with transaction.atomic():
        current = _lock_booking(booking)
        _change_status(
            current,
            by=by,
            allowed_from=UNDECIDED_STATUSES,
            to=Status.REJECTED,
            action="reject",
            note=reason,
            fields={"decision_note": reason},
        )
        notify(current, "rejected", reason)
        slot_freed(current.room_id, current.start, current.end)
    return current


def booking_ask_info(*, booking, by, question):
    _require_staff(by)
    question = (question or "").strip()
    if not question:
        raise BookingError(
            _("Write the question for the village."), code="question_required", field="question"
        )
    with transaction.atomic():
        current = _lock_booking(booking)
        _change_status(
            current,
            by=by,
            allowed_from=UNDECIDED_STATUSES,
            to=Status.INFO_REQUESTED,
            action="ask_info",
            note=question,
            fields={"info_question": question, "info_answer": ""},
        )
        notify(current, "info_requested", question)
    return current


def booking_answer_info(*, booking, by, answer):
    """The village answers the kecamatan's question; the request goes back to pending."""
    _require_village_or_staff(by, booking.village_id)
    answer = (answer or "").strip()
    if not answer:
        raise BookingError(_("Write your answer."), code="answer_required", field="answer")
    with transaction.atomic():
        current = _lock_booking(booking)
        _change_status(
            current,
            by=by,
            allowed_from=[Status.INFO_REQUESTED],
            to=Status.PENDING,
            action="answer_info",
            note=answer,
            fields={"info_answer": answer},
        )
        notify(current, "answered", answer)
    return current


def booking_cancel(*, booking, by, reason="", now=None):
    """The village (before the start) or staff (before the end) cancel a holding booking."""
    _require_village_or_staff(by, booking.village_id)
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock_booking(booking)
        limit = current.end if is_staff_member(by) else current.start
        if current.status in HOLDING_STATUSES and limit <= now:
            raise BookingError(
                _("This session has already started and cannot be cancelled."), code="past"
            )
        _remove_calendar_event(current)
        _change_status(
            current,
            by=by,
            allowed_from=HOLDING_STATUSES,
            to=Status.CANCELLED,
            action="cancel",
            note=reason,
            fields={
                "decision_note": reason,
                "schedule_event_id": None,
                "sequence": current.sequence + 1,
            },
        )
        notify(current, "cancelled", reason)
        slot_freed(current.room_id, current.start, current.end)
    return current


def booking_reschedule(*, booking, by, start, end, now=None):
    """Move a booking that has not started to another free time; it needs approval again."""
    _require_village_or_staff(by, booking.village_id)
    now = now or timezone.now()
    staff = is_staff_member(by)
    with transaction.atomic():
        room = _lock_room(booking.room)
        current = _lock_booking(booking)
        if current.status not in HOLDING_STATUSES:
            raise _status_error(current)
        if current.start <= now:
            raise BookingError(
                _("This session has already started and cannot be moved."), code="past"
            )
        if start == current.start and end == current.end:
            raise BookingError(
                _("Choose a time different from the current one."),
                code="unchanged",
                field="start_time",
            )
        data = check_rules(
            room=room,
            start=start,
            end=end,
            attendees=current.attendees,
            now=now,
            exclude=current.pk,
            staff=staff,
        )
        note = _("Moved from %(old)s to %(new)s.") % {
            "old": f"{_day(current.start)} {_hm(current.start)}–{_hm(current.end)}",
            "new": f"{_day(start)} {_hm(start)}–{_hm(end)}",
        }
        freed = (current.room_id, current.start, current.end)
        _remove_calendar_event(current)
        try:
            with transaction.atomic():
                _change_status(
                    current,
                    by=by,
                    allowed_from=HOLDING_STATUSES,
                    to=Status.PENDING,
                    action="reschedule",
                    note=note,
                    fields={
                        "start": start,
                        "end": end,
                        "schedule_event_id": None,
                        "sequence": current.sequence + 1,
                    },
                )
        except IntegrityError as error:
            if "no_overlap" not in str(error):
                raise
            raise _conflict(data, start, end, now, exclude=current.pk) from error
        notify(current, "rescheduled", note)
        slot_freed(*freed)
    return current


def _mark_after_start(*, booking, by, to, action, note, now):
    _require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock_booking(booking)
        if current.status == Status.APPROVED and current.start > now:
            raise BookingError(_("This session has not started yet."), code="not_started")
        _change_status(
            current, by=by, allowed_from=[Status.APPROVED], to=to, action=action, note=note
        )
        notify(current, action, note)
    return current


def booking_mark_held(*, booking, by, note="", now=None):
    return _mark_after_start(
        booking=booking, by=by, to=Status.HELD, action="held", note=note, now=now
    )


def booking_mark_no_show(*, booking, by, note="", now=None):
    return _mark_after_start(
        booking=booking, by=by, to=Status.NO_SHOW, action="no_show", note=note, now=now
    )


def bookings_expire_stale(*, by=None, now=None):
    """Expire undecided requests whose start is nearer than the decision deadline.

    Each booking expires in its own transaction with a conditional update, so a decision
    taken at the same moment wins cleanly. Returns how many expired.
    """
    now = now or timezone.now()
    due = list(
        Booking.objects.filter(
            status__in=UNDECIDED_STATUSES, start__lte=now + decision_deadline()
        ).values_list("pk", flat=True)
    )
    expired = 0
    note = _("Not decided before the deadline.")
    for pk in due:
        try:
            with transaction.atomic():
                current = Booking.objects.select_for_update().get(pk=pk)
                _change_status(
                    current,
                    by=by,
                    allowed_from=UNDECIDED_STATUSES,
                    to=Status.EXPIRED,
                    action="expire",
                    note=note,
                )
                notify(current, "expired", note)
                slot_freed(current.room_id, current.start, current.end)
        except BookingError:
            continue
        expired += 1
    return expired


# ---------------------------------------------------------------------------- calendar feeds


def village_feed_token(*, village):
    """The village's private feed token, made on first use."""
    token, _created = VillageFeedToken.objects.get_or_create(village=village)
    return token


def village_feed_token_regenerate(*, village, by):
    """A new secret for the village's feed; the old URL stops working when this commits."""
    _require_village_or_staff(by, village.pk)
    with transaction.atomic():
        token, _created = VillageFeedToken.objects.select_for_update().get_or_create(
            village=village
        )
        token.token = new_feed_token()
        token.regenerated_at = timezone.now()
        token.save(update_fields=["token", "regenerated_at"])
    return token
