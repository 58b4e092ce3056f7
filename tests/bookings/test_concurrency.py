"""Double booking is impossible under real concurrent transactions (PostgreSQL).

Each thread has its own database connection; a Barrier releases them together.
"""

import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client

from bookings import services
from bookings.models import Booking, Status
from home import roles
from home.models import Village
from home.villages import import_villages
from tests.bookings.conftest import NOW, at
from tests.conftest import make_user

THREADS = 20
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def overlapping_holding_pairs():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM bookings_booking a JOIN bookings_booking b
              ON a.id < b.id AND a.room_id = b.room_id
             AND tstzrange(a.start, a."end") && tstzrange(b.start, b."end")
             WHERE a.status IN ('pending', 'info_requested', 'approved')
               AND b.status IN ('pending', 'info_requested', 'approved')
            """
        )
        return cursor.fetchone()[0]


def run_together(work, count=THREADS):
    """Run work(i) in `count` threads released at once; return results or exceptions."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def runner(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 -- collected and asserted on below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.fixture
def twenty_operators(django_user_model, room):
    import_villages()
    villages = list(Village.objects.order_by("code"))
    for number in range(THREADS - len(villages)):
        villages.append(
            Village.objects.create(code=f"63.11.07.29{number:02d}", name=f"Uji {number}")
        )
    return [
        make_user(django_user_model, f"op-{i}", group=roles.OPERATORS, village=villages[i])
        for i in range(THREADS)
    ]


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@concurrent
def test_twenty_operators_posting_the_same_slot_one_wins_none_gets_500(
    clock, twenty_operators, section, category, room
):
    clients = []
    for user in twenty_operators:
        client = Client()
        client.force_login(user)
        clients.append(client)
    form = {
        "room": room.pk,
        "date": "2026-05-07",
        "start_time": "09:00",
        "end_time": "10:00",
        "section": section.pk,
        "category": category.pk,
        "title": "Data desa",
        "description": "Pemutakhiran data desa",
        "attendees": 3,
        "contact_name": "Ani",
        "contact_phone": "081234567890",
    }

    results = run_together(lambda i: clients[i].post("/reservasi/baru/", form))

    assert not [r for r in results if isinstance(r, Exception)]
    statuses = sorted(response.status_code for response in results)
    assert statuses == [200] * (THREADS - 1) + [302]
    for response in results:
        if response.status_code == 200:
            assert "sudah terisi" in response.content.decode()
    assert Booking.objects.holding().count() == 1
    assert overlapping_holding_pairs() == 0


@concurrent
def test_twenty_overlapping_requests_never_leave_two_overlapping_holders(
    clock, twenty_operators, request_kwargs
):
    # Starts from 08.00 to 10.30 in half hours, 60 or 90 minutes long: they all overlap some.
    def work(i):
        start = at(7, 8 + (i % 6) // 2, 30 * (i % 2))
        end = start + (at(7, 1) - at(7, 0)) * (1 if i % 3 else 1.5)
        try:
            services.booking_request(**request_kwargs(twenty_operators[i], start, end))
            return "ok"
        except services.BookingError as error:
            return error.code

    results = run_together(work)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert set(results) <= {"ok", "conflict"}
    assert results.count("ok") == Booking.objects.holding().count() >= 1
    assert overlapping_holding_pairs() == 0


@concurrent
def test_twenty_staff_approving_at_once_approve_once(
    clock, twenty_operators, request_kwargs, django_user_model, room
):
    from schedule.models import Event

    booking = services.booking_request(**request_kwargs(twenty_operators[0], at(7, 9), at(7, 10)))
    staff = [make_user(django_user_model, f"staf-{i}", group=roles.STAFF) for i in range(THREADS)]

    def work(i):
        try:
            services.booking_approve(booking=booking, by=staff[i])
            return "ok"
        except services.BookingError as error:
            return error.code

    results = run_together(work)

    assert sorted(results) == ["ok"] + ["wrong_status"] * (THREADS - 1)
    booking.refresh_from_db()
    assert booking.status == Status.APPROVED
    assert booking.history.filter(action="approve").count() == 1
    assert Event.objects.filter(calendar=room.calendar).count() == 1


@concurrent
def test_approve_racing_reject_and_cancel_exactly_one_decision_wins(
    clock, twenty_operators, request_kwargs, django_user_model
):
    booking = services.booking_request(**request_kwargs(twenty_operators[0], at(7, 9), at(7, 10)))
    staff = [make_user(django_user_model, f"staf-{i}", group=roles.STAFF) for i in range(THREADS)]
    actions = [
        lambda by: services.booking_approve(booking=booking, by=by),
        lambda by: services.booking_reject(booking=booking, by=by, reason="Penuh"),
        lambda by: services.booking_cancel(booking=booking, by=by),
    ]

    def work(i):
        try:
            actions[i % 3](staff[i])
            return "ok"
        except services.BookingError as error:
            return error.code

    results = run_together(work)

    booking.refresh_from_db()
    ok = results.count("ok")
    # An approval may be followed by a cancellation (approved → cancelled is allowed);
    # anything else that happened after the first decision was refused.
    assert set(results) <= {"ok", "wrong_status"}
    assert booking.history.exclude(action="request").count() == ok
    assert ok in (1, 2)
    if ok == 2:
        assert [h.action for h in booking.history.all()][1:] == ["approve", "cancel"]


@concurrent
def test_the_constraint_alone_rejects_an_overlapping_insert(
    clock, twenty_operators, request_kwargs, room, section, category
):
    first = services.booking_request(**request_kwargs(twenty_operators[0], at(7, 9), at(7, 10)))
    fields = dict(
        room=room,
        village=twenty_operators[1].profile.village,
        section=section,
        category=category,
        title="x",
        description="x",
        attendees=1,
        contact_name="x",
        contact_phone="0812345678",
    )
    with (
        pytest.raises(IntegrityError, match="bookings_booking_no_overlap"),
        transaction.atomic(),
    ):
        Booking.objects.create(start=at(7, 9, 30), end=at(7, 10, 30), **fields)
    with (
        pytest.raises(IntegrityError, match="bookings_booking_no_overlap"),
        transaction.atomic(),
    ):
        Booking.objects.create(start=at(7, 8), end=at(7, 11), status=Status.APPROVED, **fields)
    with (
        pytest.raises(IntegrityError, match="bookings_booking_no_overlap"),
        transaction.atomic(),
    ):
        Booking.objects.filter(pk=first.pk).update(status=Status.PENDING)
        Booking.objects.create(start=at(7, 9), end=at(7, 10), **fields)
    # Back to back, and overlapping but not holding, are fine for the constraint too.
    Booking.objects.create(start=at(7, 10), end=at(7, 11), **fields)
    Booking.objects.create(start=at(7, 9), end=at(7, 10), status=Status.REJECTED, **fields)
    assert overlapping_holding_pairs() == 0
