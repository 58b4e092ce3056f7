"""Reads shared by the operator's pages and the staff screens in the admin."""

from django.db.models import Prefetch, Q

from bookings.models import PAST_SESSION_STATUSES, Booking, Status

from .models import Attendee, FollowUp, FollowUpEvent, FollowUpStatus, GuidanceLink


def _follow_ups():
    return FollowUp.objects.select_related("section").prefetch_related(
        Prefetch("events", queryset=FollowUpEvent.objects.select_related("by"))
    )


def village_sessions(village, body=None):
    """The village's past sessions (held or no-show), newest first, with their outcomes; for
    a community body, only its own."""
    sessions = Booking.objects.filter(village=village, status__in=PAST_SESSION_STATUSES)
    if body is not None:
        sessions = sessions.filter(body=body)
    return sessions.select_related("section", "category", "village", "outcome", "body").order_by(
        "-start"
    )


def session_detail(village, pk, body=None):
    """One past session of `village` (or of its `body`) with everything recorded about it
    (None if not theirs)."""
    return (
        village_sessions(village, body)
        .prefetch_related(
            Prefetch("outcome__follow_ups", queryset=_follow_ups()),
            Prefetch("outcome__attendees", queryset=Attendee.objects.all()),
            Prefetch(
                "outcome__guidance_links",
                queryset=GuidanceLink.objects.select_related("page").filter(page__live=True),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def _of_body(follow_ups, body):
    return follow_ups if body is None else follow_ups.filter(outcome__booking__body=body)


def village_follow_ups(village, body=None):
    """All follow-ups from the village's sessions (a body: from its own): open ones first by
    due date."""
    return (
        _of_body(_follow_ups().for_village(village), body)
        .select_related("outcome__booking")
        .order_by("due_date", "pk")
    )


def own_follow_up(village, pk, body=None):
    return (
        _of_body(FollowUp.objects.for_village(village), body)
        .select_related("outcome__booking__village", "outcome__booking__body", "section")
        .filter(pk=pk)
        .first()
    )


# ---------------------------------------------------------------------------- staff (admin)


def sessions_to_record(now):
    """Approved sessions whose start has passed: staff mark them held or no-show."""
    return (
        Booking.objects.filter(status=Status.APPROVED, start__lte=now)
        .select_related("village", "section", "category")
        .order_by("start")
    )


def recorded_sessions():
    """Sessions marked held or no-show, newest first, with their outcome."""
    return (
        Booking.objects.filter(status__in=PAST_SESSION_STATUSES)
        .select_related("village", "section", "outcome")
        .order_by("-start")
    )


# The follow-up lists staff can choose (`?show=`), the first one the default.
FOLLOW_UP_LISTS = ("open", "reported", "overdue", "all")


def staff_follow_ups(show, today):
    """Every follow-up in list `show` (open, overdue or all), soonest due first."""
    items = FollowUp.objects.select_related("outcome__booking__village", "section").order_by(
        "due_date", "pk"
    )
    if show == "overdue":
        return items.overdue(today)
    if show == "reported":
        return items.filter(status=FollowUpStatus.REPORTED)
    if show == "all":
        return items
    return items.still_open()


def latest_progress(follow_ups):
    """{follow-up pk: its latest progress note or report of done} for the given follow-ups, in
    one query."""
    latest = {}
    for event in (
        FollowUpEvent.objects.filter(follow_up__in=[item.pk for item in follow_ups])
        .filter(
            Q(kind=FollowUpEvent.Kind.PROGRESS)
            | Q(kind=FollowUpEvent.Kind.STATUS, to_status=FollowUpStatus.REPORTED)
        )
        .select_related("by")
    ):
        latest[event.follow_up_id] = event
    return latest


def held_sessions(period, *, village=None, section=None, category=None):
    """Sessions held in `period` (optionally of one village, section or category), by date."""
    sessions = (
        Booking.objects.filter(status=Status.HELD, start__gte=period.start, start__lt=period.end)
        .select_related("village", "section", "category", "outcome")
        .order_by("start")
    )
    for key, value in (("village", village), ("section", section), ("category", category)):
        if value is not None:
            sessions = sessions.filter(**{key: value})
    return sessions
