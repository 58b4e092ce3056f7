"""The waitlist: villages wait for a taken time; when it frees, the first is offered it.

    waitlist_join(*, by, room, village, section, category, title, description, attendees,
                  contact_name, contact_phone, start, end, now=None) -> WaitlistEntry
    waitlist_accept(*, entry, by, now=None) -> Booking      offered → accepted (a pending request)
    waitlist_decline(*, entry, by)                           offered → declined (next is offered)
    waitlist_withdraw(*, entry, by)                          waiting/offered → withdrawn
    waitlist_offer_free_time(*, room_id, start, end, now=None) -> list[WaitlistEntry]
    waitlist_expire(*, now=None) -> (lapsed, closed)         the periodic job

A time is offered when a service announces `events.slot_freed` (the task that offers it is
enqueued after the commit, see `bookings/signals.py`).

An offer lasts BOOKINGS_WAITLIST_OFFER_HOURS (default 24), never past the decision deadline
before the session. Accepting goes through `services.booking_request`, so every rule and the
exclusion constraint apply; the entry row is locked and changed with a conditional update, so
one offer accepted twice, or two offers for overlapping times, give one booking.
Offers are serialised per room by locking the room row, like bookings.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.access import require_village_or_staff

from .events import slot_freed
from .models import ACTIVE_WAITLIST_STATUSES, Room, WaitlistEntry, WaitlistStatus
from .notifications import mail_waitlist_offer
from .rules import (
    BookingError,
    booking_transaction,
    check_bounds,
    check_rules,
    decision_deadline,
    lock_room,
)
from .services import booking_request


def offer_duration():
    return datetime.timedelta(hours=getattr(settings, "BOOKINGS_WAITLIST_OFFER_HOURS", 24))


def _error(message, code):
    return BookingError(message, code=code)


def waitlist_join(
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
    now=None,
):
    """Wait for a taken time. Only a time taken by another request can be waited for: a free
    time should be requested, and a closed or blocked time will not free."""
    require_village_or_staff(by, village.pk)
    now = now or timezone.now()
    check_bounds(room=room, start=start, end=end, attendees=attendees, now=now)
    with booking_transaction():
        room = lock_room(room)
        try:
            check_rules(room=room, start=start, end=end, attendees=attendees, now=now)
        except BookingError as error:
            if error.code != "conflict":
                raise
        else:
            raise _error(_("This time is free: request it directly."), "slot_free")
        try:
            with transaction.atomic():
                entry = WaitlistEntry.objects.create(
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
                )
        except IntegrityError as error:
            if "bookings_waitlist_once_per_village" not in str(error):
                raise
            raise _error(
                _("Your village is already on the waitlist for this time."), "already_waiting"
            ) from error
    return entry


def _offer_until(entry, now):
    return min(now + offer_duration(), entry.start - decision_deadline())


def waitlist_offer_free_time(*, room_id, start, end, now=None):
    """Offer a freed time to the first waiting villages whose time is now free.

    Several entries can be offered when their times do not overlap each other.
    """
    now = now or timezone.now()
    offered = []
    with transaction.atomic():
        room = Room.objects.select_for_update().filter(pk=room_id).first()
        if room is None:
            return offered
        waiting = list(
            WaitlistEntry.objects.select_for_update()
            .filter(
                room=room,
                status=WaitlistStatus.WAITING,
                start__lt=end,
                end__gt=start,
                start__gt=now + decision_deadline(),
            )
            .order_by("created_at", "pk")
        )
        for entry in waiting:
            if WaitlistEntry.objects.filter(
                room=room,
                status=WaitlistStatus.OFFERED,
                start__lt=entry.end,
                end__gt=entry.start,
            ).exists():
                continue
            try:
                check_rules(
                    room=room, start=entry.start, end=entry.end, attendees=entry.attendees, now=now
                )
            except BookingError:
                continue
            until = _offer_until(entry, now)
            updated = WaitlistEntry.objects.filter(
                pk=entry.pk, status=WaitlistStatus.WAITING
            ).update(
                status=WaitlistStatus.OFFERED,
                offered_at=now,
                offer_expires_at=until,
                updated_at=now,
            )
            if updated:
                entry.status, entry.offered_at, entry.offer_expires_at = (
                    WaitlistStatus.OFFERED,
                    now,
                    until,
                )
                offered.append(entry)
                mail_waitlist_offer(entry)
    return offered


def _lock_entry(entry):
    return WaitlistEntry.objects.select_for_update().select_related("room").get(pk=entry.pk)


def waitlist_accept(*, entry, by, now=None):
    """The offered village takes the time: it becomes a pending request (booking_request).

    If the time was taken meanwhile, the entry goes back to waiting, keeping its place.
    """
    require_village_or_staff(by, entry.village_id)
    now = now or timezone.now()
    failure = None
    with booking_transaction():
        current = _lock_entry(entry)
        if current.status != WaitlistStatus.OFFERED:
            raise _error(
                _("This offer is already “%(status)s”.") % {"status": current.get_status_display()},
                "wrong_status",
            )
        if current.offer_expires_at <= now:
            raise _error(_("This offer has lapsed."), "offer_lapsed")
        try:
            booking = booking_request(
                by=by,
                room=current.room,
                village=current.village,
                section=current.section,
                category=current.category,
                title=current.title,
                description=current.description,
                attendees=current.attendees,
                contact_name=current.contact_name,
                contact_phone=current.contact_phone,
                start=current.start,
                end=current.end,
                now=now,
            )
        except BookingError as error:
            if error.code != "conflict":
                raise
            WaitlistEntry.objects.filter(pk=current.pk, status=WaitlistStatus.OFFERED).update(
                status=WaitlistStatus.WAITING, offered_at=None, offer_expires_at=None
            )
            failure = error
        else:
            WaitlistEntry.objects.filter(pk=current.pk, status=WaitlistStatus.OFFERED).update(
                status=WaitlistStatus.ACCEPTED, booking=booking, updated_at=now
            )
            return booking
    raise failure


def _close(entry, *, by, allowed, to):
    require_village_or_staff(by, entry.village_id)
    with booking_transaction():
        current = _lock_entry(entry)
        updated = WaitlistEntry.objects.filter(pk=current.pk, status__in=allowed).update(
            status=to, updated_at=timezone.now()
        )
        if not updated:
            raise _error(
                _("This offer is already “%(status)s”.") % {"status": current.get_status_display()},
                "wrong_status",
            )
        if current.status == WaitlistStatus.OFFERED:
            slot_freed.send(
                sender=WaitlistEntry, room_id=current.room_id, start=current.start, end=current.end
            )
        current.status = to
    return current


def waitlist_decline(*, entry, by):
    return _close(entry, by=by, allowed=[WaitlistStatus.OFFERED], to=WaitlistStatus.DECLINED)


def waitlist_withdraw(*, entry, by):
    return _close(entry, by=by, allowed=ACTIVE_WAITLIST_STATUSES, to=WaitlistStatus.WITHDRAWN)


def waitlist_expire(*, now=None):
    """Lapse offers past their time (and offer the time to the next), close entries whose
    session is too near to be decided. Returns (lapsed, closed)."""
    now = now or timezone.now()
    lapsed = []
    for entry in WaitlistEntry.objects.filter(
        status=WaitlistStatus.OFFERED, offer_expires_at__lte=now
    ).order_by("offer_expires_at", "pk"):
        if WaitlistEntry.objects.filter(pk=entry.pk, status=WaitlistStatus.OFFERED).update(
            status=WaitlistStatus.LAPSED, updated_at=now
        ):
            lapsed.append(entry)
    closed = WaitlistEntry.objects.filter(
        status=WaitlistStatus.WAITING, start__lte=now + decision_deadline()
    ).update(status=WaitlistStatus.CLOSED, updated_at=now)
    for entry in lapsed:
        waitlist_offer_free_time(room_id=entry.room_id, start=entry.start, end=entry.end, now=now)
    return len(lapsed), closed


def village_offers_and_waiting(village, now=None):
    """The village's open offers and its entries still waiting, soonest first."""
    now = now or timezone.now()
    entries = (
        WaitlistEntry.objects.filter(
            village=village, status__in=ACTIVE_WAITLIST_STATUSES, start__gt=now
        )
        .select_related("room")
        .order_by("start", "pk")
    )
    offers = [e for e in entries if e.status == WaitlistStatus.OFFERED and e.offer_expires_at > now]
    waiting = [e for e in entries if e.status == WaitlistStatus.WAITING]
    return offers, waiting
