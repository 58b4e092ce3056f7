"""Bounded before locked: a hostile request is refused before it takes the room's lock, and
a booking that cannot get the lock in time comes back as a friendly "try again".

Real concurrent transactions on PostgreSQL: each thread has its own connection. Ordering is
asserted with events, never with timings.
"""

import threading

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from bookings.models import Booking, Room
from bookings.rules import BookingError, check_bounds
from home import roles
from tests.bookings.conftest import NOW, at
from tests.conftest import make_user

concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


FORM = {
    "date": "2026-05-07",
    "start_time": "09:00",
    "end_time": "10:00",
    "title": "Data desa",
    "description": "Pemutakhiran data desa",
    "attendees": 3,
    "contact_name": "Ani",
    "contact_phone": "081234567890",
}


def form(room, section, category, **extra):
    return {**FORM, "room": room.pk, "section": section.pk, "category": category.pk, **extra}


def in_thread(work):
    """Run work() in a thread with its own connection; returns (thread, result holder)."""
    result = {}

    def run():
        try:
            result["value"] = work()
        except Exception as error:  # noqa: BLE001 -- asserted by the test
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def locks_taken(queries):
    return [sql for sql in queries if "FOR UPDATE" in sql and "bookings_room" in sql]


@pytest.fixture
def people(django_user_model, villages):
    operator = make_user(django_user_model, "op-batu", group=roles.OPERATORS, village=villages[0])
    other = make_user(django_user_model, "op-inan", group=roles.OPERATORS, village=villages[2])
    staff = make_user(django_user_model, "staf", group=roles.STAFF)
    return operator, other, staff


def hostile_requests(room, section, category, booking, villages):
    """Each booking path with a day centuries ahead."""
    far = {"date": "2400-01-04"}
    return [
        ("operator", reverse("bookings:new"), form(room, section, category, **far)),
        ("operator", reverse("bookings:waitlist_join"), form(room, section, category, **far)),
        ("operator", reverse("bookings:reschedule", args=[booking.pk]), {**FORM, **far}),
        (
            "staff",
            reverse("bookings_staff:new"),
            form(room, section, category, village=villages[0].pk, **far),
        ),
        (
            "staff",
            reverse("bookings_staff:action", args=[booking.pk, "move"]),
            {"move-date": "2400-01-04", "move-start_time": "09:00", "move-end_time": "10:00"},
        ),
    ]


@concurrent
def test_a_far_date_request_never_delays_a_normal_booking_of_the_same_room(
    clock, people, villages, room, section, category, settings
):
    """Each hostile request is held inside any transaction it opens until a normal booking of
    the same room has completed. Had it locked the room, the normal booking would wait for
    the lock and be refused by the lock timeout; instead it completes, and the hostile request
    is refused for its date without ever locking the room."""
    settings.BOOKINGS_LOCK_TIMEOUT = "2s"
    operator, other, staff = people
    booking = Booking.objects.create(
        room=room,
        village=villages[0],
        section=section,
        category=category,
        title="Ada",
        description="Ada",
        attendees=2,
        contact_name="Ani",
        contact_phone="081234567890",
        start=at(11, 9),
        end=at(11, 10),
    )
    users = {"operator": operator, "staff": staff}
    for number, (role, url, data) in enumerate(
        hostile_requests(room, section, category, booking, villages)
    ):
        normal_done = threading.Event()
        hostile_paused = threading.Event()
        queries = []

        def hold_inside_transactions(
            execute,
            sql,
            params,
            many,
            context,
            queries=queries,
            hostile_paused=hostile_paused,
            normal_done=normal_done,
        ):
            result = execute(sql, params, many, context)
            queries.append(sql)
            if connection.in_atomic_block and not hostile_paused.is_set():
                hostile_paused.set()
                normal_done.wait(timeout=30)
            return result

        def hostile(role=role, url=url, data=data, wrapper=hold_inside_transactions):
            client = Client()
            client.force_login(users[role])
            with connection.execute_wrapper(wrapper):
                return client.post(url, data)

        def normal(number=number):
            client = Client()
            client.force_login(other)
            hour = f"{8 + number:02d}"
            return client.post(
                reverse("bookings:new"),
                form(room, section, category, start_time=f"{hour}:00", end_time=f"{hour}:30"),
            )

        hostile_thread, hostile_result = in_thread(hostile)
        normal_thread, normal_result = in_thread(normal)
        normal_thread.join(timeout=60)
        normal_done.set()
        hostile_thread.join(timeout=60)

        assert "error" not in normal_result, normal_result
        assert normal_result["value"].status_code == 302, (url, normal_result["value"].content)
        assert "error" not in hostile_result, hostile_result
        assert hostile_result["value"].status_code in (200, 400), url
        assert not locks_taken(queries), (url, locks_taken(queries))
        # The village's quota is three open requests: make room for the next round.
        assert Booking.objects.filter(village=villages[2]).delete()[0] >= 1


@concurrent
def test_a_booking_that_cannot_get_the_room_in_time_is_asked_to_try_again(
    clock, people, villages, room, section, category, settings
):
    """Another transaction holds the room's lock for as long as the request runs: the request
    is refused by PostgreSQL's lock timeout and the operator gets the form back with a
    friendly message and everything they typed, not a server error."""
    settings.BOOKINGS_LOCK_TIMEOUT = "200ms"
    operator, _other, _staff = people
    locked, release = threading.Event(), threading.Event()

    def hold_the_room():
        with transaction.atomic():
            Room.objects.select_for_update().get(pk=room.pk)
            locked.set()
            release.wait(timeout=60)

    holder, holder_result = in_thread(hold_the_room)
    assert locked.wait(timeout=30)

    def request():
        client = Client()
        client.force_login(operator)
        return client.post(reverse("bookings:new"), form(room, section, category))

    requester, result = in_thread(request)
    requester.join(timeout=60)
    release.set()
    holder.join(timeout=60)

    assert "error" not in result and "error" not in holder_result, (result, holder_result)
    response = result["value"]
    assert response.status_code == 200
    page = response.content.decode()
    assert "coba lagi" in page
    assert 'value="Pemutakhiran data desa"' in page or "Pemutakhiran data desa</textarea>" in page
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_bounds_are_checked_without_any_query_but_the_opening_hours(
    room, django_assert_num_queries
):
    for start in (at(7, 9).replace(year=2400), at(7, 9).replace(year=9999, month=12, day=30)):
        with django_assert_num_queries(0), pytest.raises(BookingError) as refused:
            check_bounds(room=room, start=start, end=start.replace(hour=10), attendees=3, now=NOW)
        assert refused.value.code == "out_of_range"
    with django_assert_num_queries(1):
        check_bounds(room=room, start=at(7, 9), end=at(7, 10), attendees=3, now=NOW)
