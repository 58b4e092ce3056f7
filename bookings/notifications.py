"""Every e-mail about bookings and the waitlist: recipients, subject and text, in Indonesian.

    notify(booking, kind, note="")     a change of a booking; sent once the transaction commits
    mail_waitlist_offer(entry)         a freed time offered to a waiting village; likewise
    reminder_messages(booking)         the reminder before a session (sent by `reminders`)

The sending runs as django-tasks tasks (immediate by default, the database worker in
production), so a slow mail server never holds the room lock.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from home import roles

from .feeds import booking_ics
from .models import Booking, WaitlistEntry, WaitlistStatus

# kind -> (subject, what happened); the village hears about every change.
KINDS = {
    "requested": (
        _("Coordination request received"),
        _("Your request has been received and waits for approval by the kecamatan."),
    ),
    "approved": (
        _("Coordination session approved"),
        _("Your coordination session has been approved. The invitation is attached."),
    ),
    "rejected": (_("Coordination request rejected"), _("Your request has been rejected.")),
    "info_requested": (
        _("The kecamatan asks for more information"),
        _("The kecamatan needs more information before deciding. Please answer on the portal."),
    ),
    "answered": (
        _("Your answer has been sent"),
        _("Your answer has been sent to the kecamatan; the request waits for a decision again."),
    ),
    "cancelled": (_("Coordination session cancelled"), _("The request has been cancelled.")),
    "rescheduled": (
        _("Coordination session moved"),
        _("The session has been moved to another time and waits for approval again."),
    ),
    "held": (
        _("Coordination session held"),
        _("The session has been recorded as held. Thank you for coming."),
    ),
    "no_show": (
        _("Coordination session missed"),
        _("The session has been recorded as missed: nobody came."),
    ),
    "expired": (
        _("Coordination request expired"),
        _("The request was not decided in time before the session and has expired."),
    ),
}
# kind -> (subject, what happened) for the kecamatan staff (the chosen section), who hear about
# these kinds too; worded for them, not for the village.
STAFF_KINDS = {
    "requested": (
        _("New coordination request"),
        _("A village has sent a coordination request. It waits for your decision."),
    ),
    "answered": (
        _("Village answered the question"),
        _(
            "The village has answered the kecamatan's question; "
            "the request waits for your decision again."
        ),
    ),
    "cancelled": (
        _("Coordination session cancelled"),
        _("The request has been cancelled; its time is free again."),
    ),
    "rescheduled": (
        _("Coordination session moved"),
        _("The village has moved the session to another time; it waits for your approval again."),
    ),
    "expired": (
        _("Coordination request expired"),
        _("The request was not decided in time before the session and has expired."),
    ),
}


def notify(booking, kind, note=""):
    """Send the e-mails for `kind` once the current transaction has committed."""
    booking_id = booking.pk
    transaction.on_commit(lambda: send_booking_mail.enqueue(booking_id, kind, note))


def village_recipients(booking):
    """Who asked: the village office, or for a body's request the body (its address and the
    member who asked); the office then gets its own copy (`village_office_recipients`)."""
    emails = [booking.body.email if booking.body_id else booking.village.email]
    if booking.requested_by_id and not booking.booked_by_staff:
        emails.append(booking.requested_by.email)
    return sorted({email for email in emails if email})


def requester_audience(booking):
    return "body" if booking.body_id else "village"


def village_office_recipients(booking):
    """The village office of a body's request (its address and its active operators), so
    the village government is never bypassed; nobody for the office's own requests."""
    if booking.body_id is None:
        return []
    operators = get_user_model().objects.filter(
        is_active=True, profile__village_id=booking.village_id
    )
    emails = {booking.village.email, *operators.values_list("email", flat=True)}
    return sorted(email for email in emails if email)


def staff_recipients(booking):
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.STAFF)
    section_staff = users.filter(profile__section=booking.section)
    emails = {booking.section.email} if booking.section.email else set()
    emails |= set(section_staff.values_list("email", flat=True))
    if not emails:
        emails = set(users.values_list("email", flat=True))
    return sorted(email for email in emails if email)


def _message(booking, kind, note, *, to, audience):
    subject, lead = (STAFF_KINDS if audience == "staff" else KINDS)[kind]
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "booking": booking,
        "kind": kind,
        "lead": lead,
        "note": note,
        "audience": audience,
        "link": base + reverse("bookings:detail", args=[booking.pk]),
        "admin_link": base + reverse("bookings_staff:detail", args=[booking.pk]),
    }
    body = render_to_string("bookings/email/notice.txt", context)
    subject = f"[RUKO PARSEL] {subject}: {booking.title}"
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=to)
    if kind == "approved" and audience in ("village", "body"):
        message.attach("undangan-koordinasi.ics", booking_ics(booking), "text/calendar")
    return message


@task()
def send_booking_mail(booking_id, kind, note=""):
    booking = (
        Booking.objects.select_related(
            "room", "village", "section", "category", "requested_by", "body__kind"
        )
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        return 0
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        village_to = village_recipients(booking)
        if village_to:
            audience = requester_audience(booking)
            messages.append(_message(booking, kind, note, to=village_to, audience=audience))
        office_to = village_office_recipients(booking)
        if office_to:
            messages.append(_message(booking, kind, note, to=office_to, audience="village_office"))
        if kind in STAFF_KINDS:
            staff_to = staff_recipients(booking)
            if staff_to:
                messages.append(_message(booking, kind, note, to=staff_to, audience="staff"))
    for message in messages:
        message.send()
    return len(messages)


def _base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def reminder_messages(booking):
    """The reminders before `booking`: one to the village, one to the section (if addressed)."""
    subject = gettext("[RUKO PARSEL] Reminder: coordination session on %(day)s: %(title)s") % {
        "day": timezone.localtime(booking.start).strftime("%d-%m-%Y %H.%M"),
        "title": booking.title,
    }
    subject = " ".join(subject.split())
    found = []
    for audience, to in (
        (requester_audience(booking), village_recipients(booking)),
        ("staff", staff_recipients(booking)),
    ):
        if not to:
            continue
        body = render_to_string(
            "bookings/email/reminder.txt",
            {
                "booking": booking,
                "audience": audience,
                "link": _base_url() + reverse("bookings:detail", args=[booking.pk]),
                "admin_link": _base_url() + reverse("bookings_staff:detail", args=[booking.pk]),
            },
        )
        found.append(EmailMultiAlternatives(subject=subject, body=body, to=to))
    return found


def mail_waitlist_offer(entry):
    """E-mail the offer to the village once the current transaction has committed."""
    entry_id = entry.pk
    transaction.on_commit(lambda: send_waitlist_offer_mail.enqueue(entry_id))


@task()
def send_waitlist_offer_mail(entry_id):
    """E-mail the village that a time it waited for is offered to it."""
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
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("[RUKO PARSEL] The time you waited for is free: %(title)s") % {
            "title": entry.title
        }
        body = render_to_string(
            "bookings/email/waitlist_offer.txt",
            {"entry": entry, "link": _base_url() + reverse("bookings:list") + "#tawaran"},
        )
    EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=to).send()
    return 1
