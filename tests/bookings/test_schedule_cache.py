"""The public week view is stored like other pages and retired the moment a booking, a
block or a closure changes what it shows (bookings/caching.py)."""

import datetime

import pytest
from django.urls import reverse
from schedule.models import Event, Rule

from bookings import services
from bookings.models import Closure
from tests.bookings.conftest import at

WEEK = {"tanggal": "2026-05-07"}


def schedule_html(client, params=WEEK):
    return client.get(reverse("bookings:schedule"), params).content.decode()


def busy_times(html):
    return html.count("slot--busy")


@pytest.fixture
def stored(frozen, client, room):
    """The week already viewed, so it is stored (the first view ever also creates the site
    settings row, which retires what was stored)."""
    schedule_html(client)
    return schedule_html(client)


@pytest.mark.django_db
def test_a_repeat_anonymous_view_costs_no_query(stored, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        again = schedule_html(client)
    assert again == stored


def test_a_new_booking_shows_at_once(stored, client, operator, request_kwargs):
    services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    html = schedule_html(client)
    assert busy_times(html) == busy_times(stored) + 1


def test_a_cancelled_booking_frees_its_time_at_once(frozen, client, room, booking, operator):
    before = schedule_html(client)
    services.booking_cancel(booking=booking, by=operator)
    assert busy_times(schedule_html(client)) == busy_times(before) - 1


def test_a_recurring_block_shows_at_once(stored, client, room):
    weekly = Rule.objects.create(name="Mingguan", frequency="WEEKLY", params="byweekday:3")
    Event.objects.create(
        calendar=room.calendar, title="Rapat staf", rule=weekly, start=at(7, 13), end=at(7, 14)
    )
    html = schedule_html(client)
    assert "13.00–14.00" in html and busy_times(html) > busy_times(stored)


def test_a_closure_shows_at_once(stored, client, room):
    Closure.objects.create(
        room=room,
        start_date=datetime.date(2026, 5, 7),
        end_date=datetime.date(2026, 5, 7),
        reason="Ruang direnovasi",
    )
    assert "Ruang direnovasi" in schedule_html(client)


def test_passing_time_is_not_frozen_in_the_stored_view(stored, frozen, client):
    free = stored.count("slot--free")
    frozen.move_to(at(7, 10))  # Thursday is today now: no longer bookable
    assert schedule_html(client).count("slot--free") < free


def test_signed_in_people_get_their_own_page_not_the_stored_one(stored, client, operator):
    client.force_login(operator)
    html = schedule_html(client)
    assert "Akun saya" in html and html != stored
