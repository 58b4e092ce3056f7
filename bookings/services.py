"""Every write on bookings that carries a business rule. One transaction per call.

Public API (all keyword-only; `by` is the acting user, None only for the system):
    booking_request(*, by, room, village, section, category, title, description, attendees,
                    contact_name, contact_phone, start, end, attachment=None, body=None,
                    now=None)            body: the village's community body that asks
    booking_approve(*, booking, by, note="")
    booking_reject(*, booking, by, reason)
    booking_ask_info(*, booking, by, question)
    booking_answer_info(*, booking, by, answer, attachment=None)
    booking_cancel(*, booking, by, reason="", now=None)
    booking_reschedule(*, booking, by, start, end, now=None)
    booking_mark_held(*, booking, by, note="", now=None)
    booking_mark_no_show(*, booking, by, note="", now=None)
    bookings_expire_stale(*, by=None, now=None) -> int
    village_feed_token(*, village) -> VillageFeedToken
    village_feed_token_regenerate(*, village, by) -> VillageFeedToken

Rule failures raise `BookingError` (a ValidationError with `.code`, `.field` and, for a taken
slot, `.suggestions`); acting on someone else's booking raises PermissionDenied. The rules
themselves, and which workflow move may happen when, are in `bookings.rules`; a freed time is
announced with `bookings.events.slot_freed`, for the waitlist.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schedule.models import Event

from home.access import require_requester_or_staff, require_staff, require_village_or_staff
from home.roles import is_staff_member
from home.wita import day_text, hm_text, local

from .events import slot_freed
from .models import Booking, BookingHistory, Status, VillageFeedToken, new_feed_token
from .notifications import notify
from .rules import (
    MOVES,
    BookingError,
    booking_transaction,
    check_bounds,
    check_move,
    check_rules,
    conflict_error,
    decision_deadline,
    lock_room,
    status_error,
)

# ---------------------------------------------------------------------------- helpers


def _record(booking, *, by, action, from_status, to_status, note="", attachment=None):
    entry = BookingHistory(
        booking=booking,
        by=by if by is not None and by.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    if attachment:
        entry.attachment.save(attachment.name.rsplit("/", 1)[-1], attachment, save=False)
    entry.save()
    return entry


def _lock_booking(booking):
    return Booking.objects.select_for_update().select_related("room").get(pk=booking.pk)


def _move(booking, action, *, by, note="", fields=None, attachment=None, from_status=None):
    """Make the workflow move `action`: a conditional update (… WHERE status IN its sources),
    so that of two concurrent moves only one wins, plus its history row."""
    move = MOVES[action]
    fields = dict(fields or {})
    updated = Booking.objects.filter(pk=booking.pk, status__in=move.sources).update(
        status=move.target, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        booking.refresh_from_db()
        raise status_error(booking)
    from_status = from_status or booking.status
    booking.status = move.target
    for name, value in fields.items():
        setattr(booking, name, value)
    _record(
        booking,
        by=by,
        action=action,
        from_status=from_status,
        to_status=move.target,
        note=note,
        attachment=attachment,
    )
    return booking


def _free(room_id, start, end):
    """Announce a freed time; the waitlist offers it once this transaction commits."""
    slot_freed.send(sender=Booking, room_id=room_id, start=start, end=end)


def _remove_calendar_event(booking):
    if booking.schedule_event_id:
        Event.objects.filter(pk=booking.schedule_event_id).delete()
        booking.schedule_event_id = None


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
    body=None,
    now=None,
):
    """A village (its office, or one of its community bodies) asks for a session; it holds
    the slot while pending."""
    require_requester_or_staff(by, village.pk, body)
    if body is not None and (body.village_id != village.pk or not body.active):
        raise BookingError(_("This body cannot request sessions."), code="inactive_body")
    staff = is_staff_member(by)
    now = now or timezone.now()
    check_bounds(room=room, start=start, end=end, attendees=attendees, now=now, staff=staff)
    with booking_transaction():
        room = lock_room(room)
        if not room.active:
            raise BookingError(_("This room cannot be booked."), code="inactive", field="room")
        data = check_rules(
            room=room,
            start=start,
            end=end,
            attendees=attendees,
            village=village,
            body=body,
            now=now,
            staff=staff,
        )
        booking = Booking(
            room=room,
            village=village,
            body=body,
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
            raise conflict_error(data, start, end, now) from error
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
    require_staff(by)
    with booking_transaction():
        current = _lock_booking(booking)
        check_move("approve", current, timezone.now(), staff=True)
        event = Event.objects.create(
            calendar_id=current.room.calendar_id,
            start=local(current.start),
            end=local(current.end),
            title=f"{current.village}: {current.title}"[:255],
            description=_("Coordination session (booking #%(id)d)") % {"id": current.pk},
            creator=by,
        )
        _move(current, "approve", by=by, note=note, fields={"schedule_event_id": event.pk})
        notify(current, "approved", note)
    return current


def booking_reject(*, booking, by, reason):
    require_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(
            _("Give the reason for the rejection."), code="reason_required", field="reason"
        )
    with booking_transaction():
        current = _lock_booking(booking)
        _move(current, "reject", by=by, note=reason, fields={"decision_note": reason})
        notify(current, "rejected", reason)
        _free(current.room_id, current.start, current.end)
    return current


def booking_ask_info(*, booking, by, question):
    require_staff(by)
    question = (question or "").strip()
    if not question:
        raise BookingError(
            _("Write the question for the village."), code="question_required", field="question"
        )
    with booking_transaction():
        current = _lock_booking(booking)
        _move(
            current,
            "ask_info",
            by=by,
            note=question,
            fields={"info_question": question, "info_answer": ""},
        )
        notify(current, "info_requested", question)
    return current


def booking_answer_info(*, booking, by, answer, attachment=None):
    """The village answers the kecamatan's question, with a document if one was asked for;
    the request goes back to pending. The document is kept on the answer's history row."""
    require_requester_or_staff(by, booking.village_id, booking.body)
    answer = (answer or "").strip()
    if not answer:
        raise BookingError(_("Write your answer."), code="answer_required", field="answer")
    with booking_transaction():
        current = _lock_booking(booking)
        _move(
            current,
            "answer_info",
            by=by,
            note=answer,
            fields={"info_answer": answer},
            attachment=attachment,
        )
        notify(current, "answered", answer)
    return current


def booking_cancel(*, booking, by, reason="", now=None):
    """The village (before the start) or staff (before the end) cancel a holding booking."""
    require_requester_or_staff(by, booking.village_id, booking.body)
    now = now or timezone.now()
    with booking_transaction():
        current = _lock_booking(booking)
        check_move("cancel", current, now, staff=is_staff_member(by))
        _remove_calendar_event(current)
        _move(
            current,
            "cancel",
            by=by,
            note=reason,
            fields={
                "decision_note": reason,
                "schedule_event_id": None,
                "sequence": current.sequence + 1,
            },
        )
        notify(current, "cancelled", reason)
        _free(current.room_id, current.start, current.end)
    return current


def booking_reschedule(*, booking, by, start, end, now=None):
    """Move a booking that has not started to another free time; it needs approval again."""
    require_requester_or_staff(by, booking.village_id, booking.body)
    now = now or timezone.now()
    staff = is_staff_member(by)
    check_bounds(
        room=booking.room, start=start, end=end, attendees=booking.attendees, now=now, staff=staff
    )
    with booking_transaction():
        room = lock_room(booking.room)
        current = _lock_booking(booking)
        check_move("reschedule", current, now, staff=staff)
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
            "old": f"{day_text(current.start)} {hm_text(current.start)}–{hm_text(current.end)}",
            "new": f"{day_text(start)} {hm_text(start)}–{hm_text(end)}",
        }
        freed = (current.room_id, current.start, current.end)
        _remove_calendar_event(current)
        try:
            with transaction.atomic():
                _move(
                    current,
                    "reschedule",
                    by=by,
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
            raise conflict_error(data, start, end, now, exclude=current.pk) from error
        notify(current, "rescheduled", note)
        _free(*freed)
    return current


def _mark_after_start(*, booking, by, action, note, now):
    require_staff(by)
    now = now or timezone.now()
    with booking_transaction():
        current = _lock_booking(booking)
        check_move(action, current, now, staff=True)
        _move(current, action, by=by, note=note)
        notify(current, action, note)
    return current


def booking_mark_held(*, booking, by, note="", now=None):
    return _mark_after_start(booking=booking, by=by, action="held", note=note, now=now)


def booking_mark_no_show(*, booking, by, note="", now=None):
    return _mark_after_start(booking=booking, by=by, action="no_show", note=note, now=now)


def bookings_expire_stale(*, by=None, now=None):
    """Expire undecided requests whose start is nearer than the decision deadline.

    Each booking expires in its own transaction with a conditional update, so a decision
    taken at the same moment wins cleanly. Returns how many expired.
    """
    now = now or timezone.now()
    due = list(
        Booking.objects.filter(
            status__in=MOVES["expire"].sources, start__lte=now + decision_deadline()
        ).values_list("pk", flat=True)
    )
    expired = 0
    note = _("Not decided before the deadline.")
    for pk in due:
        try:
            with booking_transaction():
                current = Booking.objects.select_for_update().get(pk=pk)
                _move(current, "expire", by=by, note=note)
                notify(current, "expired", note)
                _free(current.room_id, current.start, current.end)
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
    require_village_or_staff(by, village.pk)
    with transaction.atomic():
        token, _created = VillageFeedToken.objects.select_for_update().get_or_create(
            village=village
        )
        token.token = new_feed_token()
        token.regenerated_at = timezone.now()
        token.save(update_fields=["token", "regenerated_at"])
    return token
