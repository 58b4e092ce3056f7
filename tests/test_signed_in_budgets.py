"""Signed-in pages keep a constant number of queries whatever the number of bookings:
the operator's list, follow-ups and booking detail, and staff's queue, booking detail, week
calendar and M&E report, counted with 10 and with 10,000 bookings (about three and a half
years of eight sessions a day)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.models import Booking, Status
from coordination.models import FollowUp, SessionOutcome
from home.models import ProblemCategory, Section
from home.wita import tz

MONDAY = datetime.date(2026, 5, 18)
NOW = datetime.datetime(2026, 5, 20, 10, tzinfo=tz())
STATUSES = [Status.PENDING, Status.APPROVED, Status.HELD, Status.REJECTED, Status.HELD]


def add_bookings(count, *, room, village, start_index=0):
    """`count` bookings of one village, an hour apart from the Monday of the week shown, in
    assorted statuses; every held one has its outcome and two follow-ups."""
    sections = list(Section.objects.all())
    category = ProblemCategory.objects.first()
    rows = []
    for index in range(start_index, start_index + count):
        day = MONDAY + datetime.timedelta(days=index // 8 - 3)
        start = datetime.datetime.combine(day, datetime.time(8 + index % 8), tzinfo=tz())
        rows.append(
            Booking(
                room=room,
                village=village,
                section=sections[index % len(sections)],
                category=category,
                title=f"Sesi {index}",
                description="Uraian",
                attendees=3,
                contact_name="Budi",
                contact_phone="0812 3456 7890",
                start=start,
                end=start + datetime.timedelta(minutes=30),
                status=STATUSES[index % len(STATUSES)],
            )
        )
    created = Booking.objects.bulk_create(rows)
    outcomes = SessionOutcome.objects.bulk_create(
        [
            SessionOutcome(booking=b, minutes="<p>Dibahas.</p>", published=True)
            for b in created
            if b.status == Status.HELD
        ]
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            outcome=outcome,
            title=f"Tindakan {number}",
            owner=FollowUp.Owner.SECTION if number else FollowUp.Owner.VILLAGE,
            section=outcome.booking.section if number else None,
            due_date=outcome.booking.start.date() + datetime.timedelta(days=14),
            sort_order=number,
        )
        for outcome in outcomes
        for number in range(2)
    )
    return created


def count_queries(client, url):
    client.get(url)  # what one view fills once (shared fragments) is not per view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


def operator_urls(booking):
    return ["/reservasi/", "/tindak-lanjut/", f"/reservasi/{booking.pk}/"]


def staff_urls(booking):
    return [
        "/admin/reservasi/",
        f"/admin/reservasi/{booking.pk}/",
        f"/admin/reservasi/kalender/?tanggal={MONDAY.isoformat()}",
        "/admin/coordination/report/?kind=month&month=2026-05",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["operator", "staff_user"])
def test_signed_in_pages_cost_the_same_with_10_or_10000_bookings(
    request, client, frozen_now, room, operator, who
):
    village = operator.profile.village
    first = add_bookings(10, room=room, village=village)[0]
    client.get("/")  # the first view ever creates the site settings row (once, not per view)
    client.force_login(request.getfixturevalue(who))
    urls = operator_urls(first) if who == "operator" else staff_urls(first)
    few = {url: count_queries(client, url) for url in urls}
    add_bookings(9990, room=room, village=village, start_index=10)
    assert Booking.objects.count() == 10000
    many = {url: count_queries(client, url) for url in urls}
    assert many == few
    assert timezone.now() == NOW
