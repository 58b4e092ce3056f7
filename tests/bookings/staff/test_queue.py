"""The booking queue: undecided first, filters, paging, constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from bookings import services
from bookings.models import Booking, Status
from tests.bookings.conftest import at

pytestmark = pytest.mark.django_db

QUEUE = "/admin/reservasi/"


def titles(response):
    return [booking.title for booking in response.context["object_list"]]


def test_queue_url_and_columns(staff_client, pending):
    assert reverse("bookings_staff:queue") == QUEUE
    response = staff_client.get(QUEUE)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        pending.title,
        pending.village.name,
        pending.section.name,
        pending.category.name,
        pending.room.name,
        "Kam, 7 Mei 2026, 09.00–10.00",  # the short form keeps the column on one line
        "ruko-status--pending",
        reverse("bookings_staff:detail", args=[pending.pk]),
    ):
        assert escape(text) in page, text


def test_undecided_come_first_soonest_first_then_the_rest_latest_first(
    frozen, staff_client, staff_user, request_kwargs, villages
):
    def book(title, day, hour):
        return services.booking_request(
            **request_kwargs(
                staff_user, at(day, hour), at(day, hour + 1), title=title, village=villages[1]
            )
        )

    approved_early = book("approved early", 7, 8)
    approved_late = book("approved late", 12, 8)
    book("pending late", 11, 9)
    asked = book("asked soon", 8, 9)
    services.booking_approve(booking=approved_early, by=staff_user)
    services.booking_approve(booking=approved_late, by=staff_user)
    services.booking_ask_info(booking=asked, by=staff_user, question="Berapa orang?")
    assert titles(staff_client.get(QUEUE)) == [
        "asked soon",
        "pending late",
        "approved late",
        "approved early",
    ]


def test_filters_status_village_section_and_dates(staff_client, many_bookings, villages, frozen):
    bookings = many_bookings(40)
    undecided = staff_client.get(QUEUE, {"status": "undecided"})
    assert {b.status for b in undecided.context["object_list"]} == {
        Status.PENDING,
        Status.INFO_REQUESTED,
    }
    rejected = staff_client.get(QUEUE, {"status": "rejected"})
    assert rejected.context["paginator"].count == 10
    village = bookings[3].village
    by_village = staff_client.get(QUEUE, {"village": village.pk})
    assert by_village.context["paginator"].count == sum(
        b.village_id == village.pk for b in bookings
    )
    section = bookings[1].section
    by_section = staff_client.get(QUEUE, {"section": section.pk})
    assert {b.section_id for b in by_section.context["object_list"]} == {section.pk}
    # 8 bookings a day from Monday 18 May: the 19th and 20th hold 16.
    by_date = staff_client.get(QUEUE, {"date_from": "2026-05-19", "date_to": "2026-05-20"})
    assert by_date.context["paginator"].count == 16


def test_invalid_filter_values_are_ignored_not_a_500(staff_client, many_bookings):
    many_bookings(3)
    response = staff_client.get(QUEUE, {"status": "nonsense", "date_from": "kemarin", "p": "x"})
    assert response.status_code == 200


def test_queue_is_paginated(staff_client, many_bookings):
    many_bookings(30)
    first = staff_client.get(QUEUE)
    assert len(first.context["object_list"]) == 25
    second = staff_client.get(QUEUE, {"p": 2})
    assert len(second.context["object_list"]) == 5


def test_filter_results_fragment(staff_client, pending):
    response = staff_client.get(reverse("bookings_staff:queue_results"), {"status": "pending"})
    assert response.status_code == 200
    assert pending.title in response.content.decode()


def test_queue_query_count_does_not_grow_with_bookings(
    staff_client, many_bookings, django_assert_num_queries
):
    many_bookings(2)
    staff_client.get(QUEUE)  # warm the session and the user's permission caches
    with CaptureQueriesContext(connection) as few:
        staff_client.get(QUEUE, {"status": "undecided"})
    booking_queries = [q for q in few.captured_queries if "bookings_booking" in q["sql"]]
    assert len(booking_queries) == 2, "a count and one page, whatever is shown"
    Booking.objects.all().delete()
    many_bookings(60)
    with django_assert_num_queries(len(few)):
        response = staff_client.get(QUEUE, {"status": "undecided"})
    assert len(response.context["object_list"]) == 25
