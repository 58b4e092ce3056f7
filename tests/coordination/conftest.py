import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from bookings.models import Booking, BookingHistory, Room, Status
from home.models import ProblemCategory, Section

WITA = ZoneInfo("Asia/Makassar")


def wita(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WITA)


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
    marked_at=None,
    title="Sesi koordinasi",
    description="Uraian masalah desa",
    contact_name="Kontak Desa",
):
    """A historical booking written straight to the database with backdated history. A held or
    no-show session gets its mark in the history at `marked_at` (default: an hour after the
    start), as staff record it after the session."""
    created_at = created_at or start - datetime.timedelta(days=3)
    booking = Booking.objects.create(
        room=room,
        village=village,
        section=section,
        category=category,
        title=title,
        description=description,
        attendees=3,
        contact_name=contact_name,
        contact_phone="0812 0000 0000",
        start=start,
        end=start + datetime.timedelta(hours=1),
        status=status,
    )
    Booking.objects.filter(pk=booking.pk).update(created_at=created_at)
    rows = [("request", "", Status.PENDING, created_at)]
    if decided_at is not None:
        to = Status.APPROVED if decision == "approve" else Status.REJECTED
        rows.append((decision, Status.PENDING, to, decided_at))
    if status in (Status.HELD, Status.NO_SHOW):
        marked_at = marked_at or start + datetime.timedelta(hours=1)
        rows.append((status, Status.APPROVED, status, marked_at))
    for action, from_status, to_status, at in rows:
        entry = BookingHistory.objects.create(
            booking=booking, action=action, from_status=from_status, to_status=to_status
        )
        BookingHistory.objects.filter(pk=entry.pk).update(at=at)
    booking.refresh_from_db()
    return booking


@pytest.fixture
def room(db):
    room, _ = Room.objects.get_or_create(name="Ruang RUKO PARSEL", defaults={"capacity": 12})
    return room


@pytest.fixture
def section(db):
    return Section.objects.get(name="Seksi Pemerintahan")


@pytest.fixture
def other_section(db):
    return Section.objects.get(name="Sekretariat")


@pytest.fixture
def category(db):
    return ProblemCategory.objects.order_by("order").first()


@pytest.fixture
def other_category(db):
    return ProblemCategory.objects.order_by("order")[1]


@pytest.fixture
def booking_factory(room, section, category):
    def build(village, start, **extra):
        extra.setdefault("section", section)
        extra.setdefault("category", category)
        return make_booking(room=room, village=village, start=start, **extra)

    return build


@pytest.fixture
def outbox(settings):
    mail.outbox = []
    return mail.outbox
