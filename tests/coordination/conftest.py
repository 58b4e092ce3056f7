import datetime

import pytest

from bookings.models import Booking, BookingHistory, Status
from tests.factories import BookingFactory


def make_booking(
    *,
    room,
    village,
    section,
    category,
    start,
    status=Status.HELD,
    created_at=None,
    decided_at=None,
    decision="approve",
    title="Sesi koordinasi",
    description="Uraian masalah desa",
    contact_name="Kontak Desa",
):
    """A historical booking written straight to the database with backdated history."""
    created_at = created_at or start - datetime.timedelta(days=3)
    booking = BookingFactory(
        room=room,
        village=village,
        section=section,
        category=category,
        title=title,
        description=description,
        contact_name=contact_name,
        start=start,
        status=status,
    )
    Booking.objects.filter(pk=booking.pk).update(created_at=created_at)
    rows = [("request", "", Status.PENDING, created_at)]
    if decided_at is not None:
        to = Status.APPROVED if decision == "approve" else Status.REJECTED
        rows.append((decision, Status.PENDING, to, decided_at))
    for action, from_status, to_status, at in rows:
        entry = BookingHistory.objects.create(
            booking=booking, action=action, from_status=from_status, to_status=to_status
        )
        BookingHistory.objects.filter(pk=entry.pk).update(at=at)
    booking.refresh_from_db()
    return booking


@pytest.fixture
def booking_factory(room, section, category):
    def build(village, start, **extra):
        extra.setdefault("section", section)
        extra.setdefault("category", category)
        return make_booking(room=room, village=village, start=start, **extra)

    return build
