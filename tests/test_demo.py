"""The demo data obeys the portal's own rules, and has something in every state to try."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from bookings.availability import load_room_data
from bookings.models import (
    CLOSED_STATUSES,
    Booking,
    BookingHistory,
    Room,
    Status,
    WaitlistEntry,
    WaitlistStatus,
)
from coordination.models import VILLAGE_TODO_STATUSES, FollowUp, FollowUpStatus, SessionOutcome
from home.wita import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_every_demo_session_is_on_an_open_day_inside_opening_hours(demo):
    room = Room.objects.get()
    bookings = list(Booking.objects.filter(room=room))
    assert len(bookings) > 50
    days = [local(b.start).date() for b in bookings]
    data = load_room_data([room], min(days), max(days))[room.pk]
    for booking in bookings:
        start, end = local(booking.start), local(booking.end)
        day = start.date()
        reason = data.closed_reason(day)
        assert reason is None, (booking.title, day, reason)
        opens, closes = data.hours[day.weekday()]
        assert opens <= start.time() and end.time() <= closes and end.date() == day, (
            booking.title,
            start,
            end,
        )
        assert data.block_at(booking.start, booking.end) is None, (booking.title, start)
    assert not any(d == datetime.date(d.year, 1, 1) for d in days)


def test_no_two_demo_sessions_overlap(demo):
    sessions = sorted(
        Booking.objects.exclude(status__in=CLOSED_STATUSES).values_list("start", "end", "title")
    )
    for (s1, e1, t1), (s2, _e2, t2) in zip(sessions, sessions[1:], strict=False):
        assert e1 <= s2, (t1, t2, s1, s2)


def test_requests_come_before_their_sessions_and_decisions_in_between(demo):
    now = timezone.now()
    for booking in Booking.objects.prefetch_related("history"):
        assert booking.created_at < booking.start, (booking.title, booking.created_at)
        assert booking.created_at <= now
        history = list(booking.history.all())
        assert history and history[0].action == "request"
        for entry in history:
            assert entry.at >= booking.created_at - datetime.timedelta(seconds=1), booking.title
            assert entry.at <= now
            if entry.action in ("approve", "reject", "ask_info", "expire"):
                assert entry.at <= booking.start, (booking.title, entry.action)
            if entry.action in ("held", "no_show"):
                assert entry.at >= booking.start, (booking.title, entry.action)


def test_the_demo_has_something_waiting_in_every_place(demo):
    now = timezone.now()
    today = timezone.localdate()
    # An approved session that has taken place: staff mark it and record its outcome.
    assert Booking.objects.filter(status=Status.APPROVED, start__lt=now).exists()
    # A held session without its outcome record yet.
    assert Booking.objects.filter(status=Status.HELD, outcome__isnull=True).exists()
    # A request waiting for the village's answer.
    assert Booking.objects.filter(status=Status.INFO_REQUESTED, start__gt=now).exists()
    # An open waitlist offer on a time that is free.
    offer = WaitlistEntry.objects.get(status=WaitlistStatus.OFFERED)
    assert offer.offer_expires_at > now and offer.start > now
    assert not Booking.objects.filter(
        room=offer.room, start__lt=offer.end, end__gt=offer.start
    ).exclude(status__in=CLOSED_STATUSES)
    # An overdue follow-up the village has still to do, and one it reported done.
    assert FollowUp.objects.filter(
        owner="village", status__in=VILLAGE_TODO_STATUSES, due_date__lt=today
    ).exists()
    assert FollowUp.objects.filter(status=FollowUpStatus.REPORTED).exists()
    assert SessionOutcome.objects.exists()
    assert BookingHistory.objects.exists()
