"""The booking rules written once: the workflow table, and the database guard that must agree
with it."""

import re

import pytest
from django.db import connection

from bookings import constraints, services
from bookings.models import (
    CLOSED_STATUSES,
    HOLDING_STATUSES,
    PAST_SESSION_STATUSES,
    UNDECIDED_STATUSES,
    Booking,
    Status,
)
from bookings.rules import MOVES, BookingError, booking_can, check_move, decision_deadline
from tests.bookings.conftest import NOW, at


def test_the_exclusion_constraint_holds_exactly_the_holding_statuses(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            [constraints.NO_OVERLAP_NAME],
        )
        (definition,) = cursor.fetchone()
    in_database = set(re.findall(r"'(\w+)'::character varying", definition))
    assert in_database == set(HOLDING_STATUSES)
    assert set(constraints.HOLDING) == set(HOLDING_STATUSES)


def test_every_move_starts_from_statuses_and_ends_stay_ended():
    for action, move in MOVES.items():
        assert move.sources and set(move.sources) <= set(Status.values), action
        assert move.target in Status.values, action
    starts = {status for move in MOVES.values() for status in move.sources}
    assert starts == set(HOLDING_STATUSES)
    assert not starts & {*CLOSED_STATUSES, *PAST_SESSION_STATUSES}


def _booking(status):
    """An unsaved booking for Thursday 7 May 2026, 09.00–10.00."""
    return Booking(status=status, start=at(7, 9), end=at(7, 10))


@pytest.mark.parametrize(
    ("action", "status", "now", "staff", "allowed"),
    [
        ("approve", Status.PENDING, NOW, True, True),
        ("approve", Status.INFO_REQUESTED, NOW, True, True),
        ("approve", Status.PENDING, at(7, 9), True, False),  # the session has started
        ("approve", Status.APPROVED, NOW, True, False),
        ("reject", Status.PENDING, at(7, 9, 30), True, True),
        ("reject", Status.APPROVED, NOW, True, False),
        ("ask_info", Status.INFO_REQUESTED, NOW, True, True),
        ("answer_info", Status.INFO_REQUESTED, NOW, False, True),
        ("answer_info", Status.PENDING, NOW, False, False),
        ("cancel", Status.APPROVED, NOW, False, True),
        ("cancel", Status.APPROVED, at(7, 9, 30), False, False),  # a village: before the start
        ("cancel", Status.APPROVED, at(7, 9, 30), True, True),  # staff: before the end
        ("cancel", Status.APPROVED, at(7, 10), True, False),
        ("cancel", Status.REJECTED, NOW, True, False),
        ("reschedule", Status.PENDING, NOW, False, True),
        ("reschedule", Status.APPROVED, at(7, 9), True, False),
        ("held", Status.APPROVED, NOW, True, False),  # not started yet
        ("held", Status.APPROVED, at(7, 9), True, True),
        ("no_show", Status.PENDING, at(7, 9, 30), True, False),
        ("expire", Status.PENDING, NOW, False, False),
        ("expire", Status.PENDING, at(7, 9) - decision_deadline(), False, True),
        ("expire", Status.APPROVED, at(7, 8), False, False),
    ],
)
def test_booking_can_follows_the_table(action, status, now, staff, allowed):
    assert booking_can(action, _booking(status), now, staff=staff) is allowed


def test_check_move_explains_a_wrong_status_before_a_wrong_time():
    with pytest.raises(BookingError) as wrong_status:
        check_move("approve", _booking(Status.REJECTED), at(7, 10), staff=True)
    assert wrong_status.value.code == "wrong_status"
    with pytest.raises(BookingError) as too_late:
        check_move("approve", _booking(Status.PENDING), at(7, 10), staff=True)
    assert too_late.value.code == "past"
    with pytest.raises(BookingError) as too_early:
        check_move("held", _booking(Status.APPROVED), NOW, staff=True)
    assert too_early.value.code == "not_started"


@pytest.fixture
def pending(frozen, operator, request_kwargs):
    """A pending request of the operator's village on Thursday 7 May 2026, 09.00–10.00."""
    return services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))


def test_the_services_refuse_what_the_table_refuses(frozen, pending, staff_user, operator):
    """The service and booking_can agree, on a real booking, before and after the start."""
    assert set(UNDECIDED_STATUSES) == set(MOVES["approve"].sources)
    assert not booking_can("held", pending, NOW, staff=True)
    with pytest.raises(BookingError):
        services.booking_mark_held(booking=pending, by=staff_user)
    services.booking_approve(booking=pending, by=staff_user)
    pending.refresh_from_db()
    frozen.move_to(at(7, 9, 30))
    assert not booking_can("cancel", pending, at(7, 9, 30))
    with pytest.raises(BookingError) as refused:
        services.booking_cancel(booking=pending, by=operator)
    assert refused.value.code == "past"
    assert booking_can("cancel", pending, at(7, 9, 30), staff=True)
    cancelled = services.booking_cancel(booking=pending, by=staff_user, reason="Ruang dipakai")
    assert cancelled.status == Status.CANCELLED
