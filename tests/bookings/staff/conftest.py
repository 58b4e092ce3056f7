import datetime

import pytest

from bookings import services
from bookings.models import Booking, Status
from home import roles
from home.models import Section
from tests.bookings.conftest import at
from tests.conftest import make_user


@pytest.fixture
def editor(django_user_model, db):
    return make_user(django_user_model, "redaktur", group=roles.EDITORS)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def pending(frozen, operator, request_kwargs):
    """A pending request of the operator's village on Thursday 7 May 2026, 09.00–10.00."""
    return services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))


@pytest.fixture
def many_bookings(frozen, room, villages, category):
    """Build `count` bookings in assorted statuses, villages and sections, one an hour."""

    def build(count):
        sections = list(Section.objects.all())
        statuses = [Status.PENDING, Status.APPROVED, Status.REJECTED, Status.INFO_REQUESTED]
        day = datetime.date(2026, 5, 18)
        rows = []
        for index in range(count):
            when = day + datetime.timedelta(days=index // 8)
            start = at(when, 8) + datetime.timedelta(hours=index % 8)
            rows.append(
                Booking(
                    room=room,
                    village=villages[index % len(villages)],
                    section=sections[index % len(sections)],
                    category=category,
                    title=f"Sesi {index}",
                    description="Uraian",
                    attendees=3,
                    contact_name="Budi",
                    contact_phone="0812 3456 7890",
                    start=start,
                    end=start + datetime.timedelta(minutes=30),
                    status=statuses[index % len(statuses)],
                )
            )
        return Booking.objects.bulk_create(rows)

    return build
