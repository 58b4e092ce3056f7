"""Reads shared by the operator's pages and the admin."""

from django.db.models import Prefetch

from bookings.models import PAST_SESSION_STATUSES, Booking

from .models import Attendee, FollowUp, FollowUpEvent, GuidanceLink


def _follow_ups():
    return FollowUp.objects.select_related("section").prefetch_related(
        Prefetch("events", queryset=FollowUpEvent.objects.select_related("by"))
    )


def village_sessions(village):
    """The village's past sessions (held or no-show), newest first, with their outcomes."""
    return (
        Booking.objects.filter(village=village, status__in=PAST_SESSION_STATUSES)
        .select_related("section", "category", "village", "outcome")
        .order_by("-start")
    )


def session_detail(village, pk):
    """One past session of `village` with everything recorded about it (None if not theirs)."""
    return (
        village_sessions(village)
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


def village_follow_ups(village):
    """All follow-ups from the village's sessions: open ones first by due date."""
    return (
        _follow_ups()
        .for_village(village)
        .select_related("outcome__booking")
        .order_by("due_date", "pk")
    )


def own_follow_up(village, pk):
    return (
        FollowUp.objects.for_village(village)
        .select_related("outcome__booking__village", "section")
        .filter(pk=pk)
        .first()
    )
