"""E-mails to villages about outcomes: minutes published, follow-up assigned, follow-up overdue.

Every e-mail has a key (e.g. ``overdue:42``). Sending first inserts that key into
`SentNotice` (unique) in the same transaction as the send; a second attempt, even a concurrent
one on another connection, waits for the first and then fails the insert, so nothing goes out
twice. If sending fails, the transaction rolls back and the next run tries again.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import FollowUp, SentNotice, SessionOutcome


def _link(kind, context):
    """Straight to the item: the session's minutes, or the follow-up on the village's list."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if kind == "minutes":
        return base + reverse("coordination:session", args=[context["booking"].pk])
    return base + reverse("coordination:follow_ups") + f"#tl-{context['follow_up'].pk}"


def _village_emails(village):
    emails = {village.email} if village.email else set()
    emails |= set(
        village.operators.filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(emails)


def _recipients(booking):
    """The village office; for a session of one of its community bodies, the body too (its
    address and its members): the body follows up, the office stays informed."""
    emails = set(_village_emails(booking.village))
    if booking.body_id is not None:
        body = booking.body
        if body.active:
            emails |= {body.email} if body.email else set()
            emails |= set(
                body.members.filter(user__is_active=True)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
    return sorted(emails)


def _build(key):
    """(recipients, subject, body) for a notice key, or None when there is nothing to send."""
    kind, _sep, pk = key.partition(":")
    if kind == "minutes":
        outcome = SessionOutcome.objects.select_related("booking__village").filter(pk=pk).first()
        if outcome is None or not outcome.published:
            return None
        village = outcome.booking.village
        subject = _("Minutes of your coordination session are available")
        context = {"outcome": outcome, "booking": outcome.booking, "kind": kind}
    else:
        follow_up = (
            FollowUp.objects.select_related("outcome__booking__village", "section")
            .filter(pk=pk)
            .first()
        )
        if follow_up is None or follow_up.owner != FollowUp.Owner.VILLAGE:
            return None
        if not follow_up.is_open:
            return None
        village = follow_up.outcome.booking.village
        if kind == "assigned":
            subject = _("New follow-up action for your village")
        elif kind == "overdue":
            subject = _("Follow-up action overdue")
        else:
            raise ValueError(f"unknown notice kind {kind!r}")
        context = {"follow_up": follow_up, "booking": follow_up.outcome.booking, "kind": kind}
    recipients = _recipients(context["booking"])
    if not recipients:
        return None
    context["link"] = _link(kind, context)
    context["village"] = village
    body = render_to_string("coordination/email/notice.txt", context)
    return recipients, f"[RUKO PARSEL] {subject}", body


def deliver(key):
    """Send the notice `key` unless it was sent before. Returns 1 if sent now, else 0."""
    with translation.override(settings.LANGUAGE_CODE):
        built = _build(key)
        if built is None:
            return 0
        recipients, subject, body = built
        try:
            with transaction.atomic():
                SentNotice.objects.create(key=key, recipients=", ".join(recipients))
                EmailMessage(subject=subject, body=body, to=recipients).send()
        except IntegrityError:
            return 0
    return 1


@task()
def send_notice(key):
    return deliver(key)


def notify(key):
    """Send the notice once the current transaction has committed."""
    transaction.on_commit(lambda: send_notice.enqueue(key))
