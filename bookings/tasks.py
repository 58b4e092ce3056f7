"""Background jobs (django-tasks), for the database worker in production. Each is thin: it
reads its arguments and calls one service; the rules live in the services and the e-mail text
in `notifications`.

Cron runs the same services through management commands (`send_reminders`,
`expire_waitlist_offers`); either way is safe to run twice or on two machines at once.
The e-mails are tasks of `bookings.notifications`.
"""

import datetime

from django.db import transaction
from django_tasks import task

from .reminders import send_due_reminders
from .waitlist import waitlist_expire, waitlist_offer_free_time


@task()
def send_reminders_task():
    return send_due_reminders()


@task()
def offer_freed_time_task(room_id, start, end):
    """Offer a freed time (ISO strings) to the waitlist; returns how many were offered."""
    offered = waitlist_offer_free_time(
        room_id=room_id,
        start=datetime.datetime.fromisoformat(start),
        end=datetime.datetime.fromisoformat(end),
    )
    return len(offered)


@task()
def expire_waitlist_offers_task():
    return list(waitlist_expire())


def offer_freed_time_after_commit(sender, *, room_id, start, end, **kwargs):
    """Receiver of `events.slot_freed`: offer the time once the change that freed it commits."""
    args = (room_id, start.isoformat(), end.isoformat())
    transaction.on_commit(lambda: offer_freed_time_task.enqueue(*args))
