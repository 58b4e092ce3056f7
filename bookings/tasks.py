"""Periodic jobs as django-tasks tasks, for the database worker in production.

Cron runs the same logic through management commands (`send_reminders`,
`expire_waitlist_offers`); either way is safe to run twice or on two machines at once.
The e-mails about single bookings are tasks too: `bookings.notifications.send_booking_mail`.
"""

from django_tasks import task


@task()
def send_reminders_task():
    from .reminders import send_due_reminders

    return send_due_reminders()


@task()
def offer_freed_time_task(room_id, start, end):
    """Offer a freed time (ISO strings) to the waitlist; returns how many were offered."""
    import datetime

    from .waitlist import waitlist_offer_free_time

    offered = waitlist_offer_free_time(
        room_id=room_id,
        start=datetime.datetime.fromisoformat(start),
        end=datetime.datetime.fromisoformat(end),
    )
    return len(offered)


@task()
def expire_waitlist_offers_task():
    from .waitlist import waitlist_expire

    return list(waitlist_expire())


@task()
def send_waitlist_offer_mail(entry_id):
    """E-mail the village that a time it waited for is offered to it."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    from .models import WaitlistEntry, WaitlistStatus

    entry = (
        WaitlistEntry.objects.select_related("room", "village", "section", "requested_by")
        .filter(pk=entry_id, status=WaitlistStatus.OFFERED)
        .first()
    )
    if entry is None:
        return 0
    to = sorted({e for e in (entry.village.email, getattr(entry.requested_by, "email", "")) if e})
    if not to:
        return 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[RUKO PARSEL] The time you waited for is free: %(title)s") % {
            "title": entry.title
        }
        body = render_to_string(
            "bookings/email/waitlist_offer.txt",
            {"entry": entry, "link": base + reverse("bookings:list") + "#tawaran"},
        )
    EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=to).send()
    return 1
