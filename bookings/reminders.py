"""Reminders the day before an approved session, to the village and the section.

`send_due_reminders` runs from cron (`manage.py send_reminders`) or the task worker
(`bookings.tasks.send_reminders_task`). Each reminder is claimed by inserting a `SentReminder`
row, in the same transaction as the sending: the unique constraint (booking, kind, start) makes
a second run, or a second worker at the same moment, fail the insert and skip it. A failed
send rolls the claim back, so the next run tries again. A session moved to another time gets
a reminder for its new time.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from .models import Booking, SentReminder, Status
from .notifications import reminder_messages

KIND = "day_before"


def reminder_lead():
    """How long before the start the reminder goes (BOOKINGS_REMINDER_HOURS_BEFORE, 24)."""
    return datetime.timedelta(hours=getattr(settings, "BOOKINGS_REMINDER_HOURS_BEFORE", 24))


def due_reminders(now=None):
    """Approved sessions starting within the lead time that have not had their reminder."""
    now = now or timezone.now()
    already = SentReminder.objects.filter(
        booking=OuterRef("pk"), kind=KIND, start=OuterRef("start")
    )
    return (
        Booking.objects.filter(
            status=Status.APPROVED, start__gt=now, start__lte=now + reminder_lead()
        )
        .exclude(Exists(already))
        .select_related("room", "village", "section", "category", "requested_by", "body__kind")
        .order_by("start", "pk")
    )


def send_reminder(booking):
    """Claim and send the reminder for `booking` at its current start; False if already sent
    (or being sent by another worker) or the session is no longer approved at that time."""
    try:
        with transaction.atomic():
            # The claim: waits for a concurrent claim of the same reminder, then fails.
            SentReminder.objects.create(booking=booking, kind=KIND, start=booking.start)
            # Still approved at this time? (It may have changed since the list was read.)
            if not Booking.objects.filter(
                pk=booking.pk, status=Status.APPROVED, start=booking.start
            ).exists():
                transaction.set_rollback(True)
                return False
            with translation.override(settings.LANGUAGE_CODE):
                messages = reminder_messages(booking)
            for message in messages:
                message.send()
    except IntegrityError:
        return False
    return True


def send_due_reminders(*, now=None):
    """Send every due reminder once; returns how many sessions were reminded."""
    return sum(send_reminder(booking) for booking in due_reminders(now))
