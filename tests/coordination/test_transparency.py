"""What /transparansi/ publishes, and when: closed calendar months from the 8th of the next
month, frozen once published; village tables for closed years only; a constant number of
queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import BookingHistory, Status
from coordination import transparency
from coordination.models import FollowUp, SessionOutcome
from tests.factories import wita

WITA = ZoneInfo("Asia/Makassar")
D = datetime.date


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=WITA)


@pytest.mark.parametrize(
    ("today", "newest"),
    [
        (D(2026, 3, 7), "2026-01"),
        (D(2026, 3, 8), "2026-02"),
        (D(2026, 1, 7), "2025-11"),
        (D(2026, 1, 8), "2025-12"),
        (D(2026, 12, 31), "2026-11"),
    ],
)
def test_a_month_is_published_on_the_8th_of_the_next(today, newest):
    assert transparency.last_published_month(today).label == newest


def test_published_months_of_a_year():
    assert [p.label for p in transparency.published_months(2026, D(2026, 3, 8))] == [
        "2026-01",
        "2026-02",
    ]
    assert len(transparency.published_months(2025, D(2026, 3, 8))) == 12
    assert transparency.published_months(2026, D(2026, 1, 7)) == []


def _months(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        row["data-month"]: [int(td.text) for td in row.select("td")]
        for row in soup.select("#months-table tbody tr")
    }


def test_late_records_never_change_a_published_month(
    client, villages, booking_factory, time_machine
):
    """A session is public only if it was marked held before its month was published; the
    same holds for the village table of its year."""
    in_time = booking_factory(villages[0], wita(2026, 1, 31, 23, 30), marked_at=wita(2026, 2, 7))
    late = booking_factory(villages[1], wita(2026, 1, 30, 10), marked_at=wita(2026, 2, 8, 0, 1))
    time_machine.move_to(at(2026, 2, 8, 12), tick=False)
    january = _months(client.get("/transparansi/2026/").content.decode())["2026-01"]
    assert january[:2] == [1, 1]  # sessions held, villages served
    BookingHistory.objects.filter(booking=late).update(at=wita(2026, 2, 8, 0, 1))
    time_machine.move_to(at(2026, 6, 1), tick=False)
    assert _months(client.get("/transparansi/2026/").content.decode())["2026-01"] == january
    assert in_time.status == late.status == Status.HELD


def test_default_year_and_years_without_a_page(client, villages, booking_factory, time_machine):
    booking_factory(villages[0], wita(2025, 6, 2), created_at=wita(2025, 5, 20))
    time_machine.move_to(at(2026, 1, 5), tick=False)
    html = client.get("/transparansi/").content.decode()
    # Until 8 January the newest published month is November 2025.
    assert list(_months(html))[-1] == "2025-11"
    assert client.get("/transparansi/2026/").status_code == 404
    assert client.get("/transparansi/2024/").status_code == 404
    assert client.get("/transparansi/2025/").status_code == 200


def test_village_table_for_closed_years_only(client, villages, booking_factory, time_machine):
    for index in range(12):
        booking_factory(villages[index % 3], wita(2025, 1 + index, 10))
    time_machine.move_to(at(2026, 1, 7), tick=False)
    before = client.get("/transparansi/2025/").content.decode()
    assert 'id="village-table"' not in before
    assert "8 Januari 2026" in before
    time_machine.move_to(at(2026, 1, 8), tick=False)
    after = client.get("/transparansi/2025/").content.decode()
    assert 'id="village-table"' in after
    default = client.get("/transparansi/").content.decode()
    assert _months(default) == _months(after) and 'id="village-table"' in default


def _add_year(villages, booking_factory, sessions):
    for index in range(sessions):
        booking = booking_factory(
            villages[index % 7], wita(2025, 1 + index % 12, 1 + index % 27, 8 + index % 8)
        )
        outcome = SessionOutcome.objects.create(booking=booking)
        FollowUp.objects.create(
            outcome=outcome,
            title="Y",
            due_date=D(2025, 12, 30),
            status="done",
            done_at=booking.start + datetime.timedelta(days=2),
        )


def _count(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


# Four for the figures; the reference data, the site and its settings are kept per content
# generation.
PAGE_QUERIES = 4


def test_public_page_costs_the_same_queries_whatever_the_data(
    client, villages, booking_factory, time_machine, django_assert_num_queries
):
    time_machine.move_to(at(2026, 3, 10), tick=False)
    _add_year(villages, booking_factory, 3)
    assert _count(lambda: transparency.public_figures(2025)) == 7
    client.get("/transparansi/2025/")  # one-time work (the site settings row) is not per view
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get("/transparansi/2025/")
    assert response.status_code == 200
    _add_year(villages, booking_factory, 60)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get("/transparansi/2025/")
    assert 'id="village-table"' in response.content.decode()
