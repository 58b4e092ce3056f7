"""Every booking rule and every status change, through the services, on PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from schedule.models import Event, Rule

from bookings import services
from bookings.models import Booking, BookingHistory, Closure, Status
from home import roles
from home.roles import village_of
from tests.bookings.conftest import at
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def rule_error(request_kwargs, by, start, end, **extra):
    with pytest.raises(services.BookingError) as caught:
        services.booking_request(**request_kwargs(by, start, end, **extra))
    assert not Booking.objects.filter(start=start).exists(), "a failed request changed nothing"
    return caught.value


def test_valid_request_is_pending_holds_the_slot_and_records_history(
    frozen, operator, request_kwargs
):
    booking = services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    assert booking.status == Status.PENDING
    assert booking.village.pk == operator.profile.village_id
    (entry,) = booking.history.all()
    assert (entry.by, entry.from_status, entry.to_status, entry.action) == (
        operator,
        "",
        Status.PENDING,
        "request",
    )


def test_outside_opening_hours_is_refused(frozen, operator, request_kwargs):
    error = rule_error(request_kwargs, operator, at(7, 15, 30), at(7, 16, 30))
    assert error.code == "outside_hours"
    assert "07.30–16.00" in error.messages[0]


def test_friday_afternoon_is_outside_the_shorter_friday_hours(frozen, operator, request_kwargs):
    assert rule_error(request_kwargs, operator, at(8, 11), at(8, 12)).code == "outside_hours"


def test_weekend_is_closed(frozen, operator, request_kwargs):
    assert rule_error(request_kwargs, operator, at(9, 9), at(9, 10)).code == "closed"


def test_national_holiday_is_closed_with_its_name(frozen, operator, request_kwargs):
    error = rule_error(request_kwargs, operator, at(14, 9), at(14, 10))
    assert error.code == "closed"
    assert "Kenaikan Yesus Kristus" in error.messages[0]


def test_cuti_bersama_is_closed(frozen, operator, request_kwargs):
    # 15 May 2026 is the joint leave day after Ascension (holidays' GOVERNMENT category).
    assert rule_error(request_kwargs, operator, at(15, 8), at(15, 9)).code == "closed"


def test_local_closure_is_closed_with_its_reason(frozen, operator, request_kwargs, room):
    Closure.objects.create(
        room=room,
        start_date=datetime.date(2026, 5, 11),
        end_date=datetime.date(2026, 5, 12),
        reason="Perbaikan pendingin ruangan",
    )
    error = rule_error(request_kwargs, operator, at(12, 9), at(12, 10))
    assert error.code == "closed"
    assert "Perbaikan pendingin ruangan" in error.messages[0]


def test_a_closure_added_after_a_check_refuses_the_next_request(
    frozen, operator, request_kwargs, room
):
    """Closures are kept between requests; a new one (or a changed one) counts at once."""
    services.booking_request(**request_kwargs(operator, at(12, 8), at(12, 9)))  # keeps them
    closure = Closure.objects.create(
        room=None,
        start_date=datetime.date(2026, 5, 12),
        end_date=datetime.date(2026, 5, 12),
        reason="Kegiatan kabupaten",
    )
    error = rule_error(request_kwargs, operator, at(12, 10), at(12, 11))
    assert error.code == "closed" and "Kegiatan kabupaten" in error.messages[0]
    closure.end_date = closure.start_date = datetime.date(2026, 5, 13)
    closure.save()
    services.booking_request(**request_kwargs(operator, at(12, 10), at(12, 11)))
    closure.delete()
    services.booking_request(**request_kwargs(operator, at(13, 10), at(13, 11)))


def test_recurring_block_is_refused(frozen, operator, request_kwargs, room):
    weekly = Rule.objects.create(name="Mingguan", frequency="WEEKLY", params="byweekday:0")
    Event.objects.create(
        calendar=room.calendar,
        title="Rapat staf",
        rule=weekly,
        start=at(4, 8),
        end=at(4, 9, 30),
    )
    error = rule_error(request_kwargs, operator, at(11, 9), at(11, 10))
    assert error.code == "blocked"
    # Right after the block ends is fine.
    services.booking_request(**request_kwargs(operator, at(11, 9, 30), at(11, 10, 30)))


def test_too_soon_is_refused_before_the_next_working_day(frozen, operator, request_kwargs):
    assert rule_error(request_kwargs, operator, at(6, 14), at(6, 15)).code == "too_soon"


def test_lead_time_skips_weekend_and_holidays(frozen, operator, request_kwargs, room):
    room.min_lead_working_days = 2
    room.save()
    # Thu 7 is working day 1, Fri 8 is day 2.
    assert rule_error(request_kwargs, operator, at(7, 9), at(7, 10)).code == "too_soon"
    services.booking_request(**request_kwargs(operator, at(8, 8), at(8, 9)))


def test_too_far_ahead_is_refused(frozen, operator, request_kwargs):
    far = datetime.date(2026, 7, 6)  # 61 days after 6 May, a Monday
    error = rule_error(request_kwargs, operator, at(far, 9), at(far, 10))
    assert error.code == "too_far"


def test_too_short_is_refused(frozen, operator, request_kwargs, room):
    room.min_duration_minutes = 60
    room.save()
    assert rule_error(request_kwargs, operator, at(7, 9), at(7, 9, 30)).code == "too_short"


def test_too_long_is_refused(frozen, operator, request_kwargs):
    assert rule_error(request_kwargs, operator, at(7, 8), at(7, 11, 30)).code == "too_long"


def test_off_step_times_are_refused(frozen, operator, request_kwargs):
    assert rule_error(request_kwargs, operator, at(7, 9, 15), at(7, 10, 15)).code == "slot_step"


def test_over_capacity_is_refused(frozen, operator, request_kwargs):
    error = rule_error(request_kwargs, operator, at(7, 9), at(7, 10), attendees=13)
    assert error.code == "over_capacity"
    assert error.field == "attendees"


def test_village_open_request_limit(frozen, operator, request_kwargs, room):
    for day in (7, 8, 11):
        services.booking_request(**request_kwargs(operator, at(day, 9), at(day, 10)))
    error = rule_error(request_kwargs, operator, at(12, 9), at(12, 10))
    assert error.code == "quota"
    room.max_open_per_village = 4
    room.save()
    services.booking_request(**request_kwargs(operator, at(12, 9), at(12, 10)))


def test_taken_slot_is_a_conflict_offering_the_nearest_free_slots(
    frozen, operator, other_operator, request_kwargs
):
    services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    error = rule_error(request_kwargs, other_operator, at(7, 9, 30), at(7, 10, 30))
    assert error.code == "conflict"
    assert error.suggestions == [
        (at(7, 8), at(7, 9)),
        (at(7, 10), at(7, 11)),
        (at(7, 10, 30), at(7, 11, 30)),
    ]


def test_back_to_back_bookings_are_allowed(frozen, operator, other_operator, request_kwargs):
    services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    services.booking_request(**request_kwargs(other_operator, at(7, 10), at(7, 11)))
    services.booking_request(**request_kwargs(other_operator, at(7, 8), at(7, 9)))
    assert Booking.objects.holding().count() == 3


def test_released_slot_can_be_booked_again(frozen, operator, other_operator, request_kwargs):
    first = services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    services.booking_cancel(booking=first, by=operator)
    second = services.booking_request(**request_kwargs(other_operator, at(7, 9), at(7, 10)))
    second.refresh_from_db()
    assert (second.status, second.start, second.end) == (Status.PENDING, at(7, 9), at(7, 10))
    assert second.village == village_of(other_operator)
    assert Booking.objects.holding().filter(start=at(7, 9)).get() == second


def test_operator_cannot_request_for_another_village(frozen, operator, villages, request_kwargs):
    with pytest.raises(PermissionDenied):
        services.booking_request(
            **request_kwargs(operator, at(7, 9), at(7, 10), village=villages[5])
        )


def test_staff_book_on_behalf_without_lead_time_or_quota(
    frozen, staff_user, villages, request_kwargs
):
    booking = services.booking_request(
        **request_kwargs(staff_user, at(6, 13), at(6, 14), village=villages[3])
    )
    assert booking.booked_by_staff
    assert booking.history.get().note


# ------------------------------------------------------------------ status changes


@pytest.fixture
def pending(frozen, operator, request_kwargs):
    return services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))


def test_approve_puts_the_session_in_the_room_calendar(pending, staff_user, room):
    booking = services.booking_approve(booking=pending, by=staff_user)
    assert booking.status == Status.APPROVED
    event = Event.objects.get(calendar=room.calendar)
    assert (event.start, event.end) == (at(7, 9), at(7, 10))
    assert Booking.objects.get(pk=pending.pk).schedule_event == event
    last = booking.history.last()
    assert (last.by, last.from_status, last.to_status) == (staff_user, "pending", "approved")


def test_only_staff_may_approve(pending, operator):
    with pytest.raises(PermissionDenied):
        services.booking_approve(booking=pending, by=operator)
    assert Booking.objects.get(pk=pending.pk).status == Status.PENDING


def test_status_moves_only_forward(pending, staff_user):
    services.booking_reject(booking=pending, by=staff_user, reason="Jadwal seksi penuh")
    for change in (
        lambda: services.booking_approve(booking=pending, by=staff_user),
        lambda: services.booking_cancel(booking=pending, by=staff_user),
        lambda: services.booking_ask_info(booking=pending, by=staff_user, question="?"),
    ):
        with pytest.raises(services.BookingError) as caught:
            change()
        assert caught.value.code == "wrong_status"
    assert Booking.objects.get(pk=pending.pk).status == Status.REJECTED
    assert BookingHistory.objects.filter(booking=pending).count() == 2


def test_reject_requires_a_reason(pending, staff_user):
    with pytest.raises(services.BookingError):
        services.booking_reject(booking=pending, by=staff_user, reason="  ")
    booking = services.booking_reject(booking=pending, by=staff_user, reason="Tidak lengkap")
    assert booking.decision_note == "Tidak lengkap"
    assert booking.history.last().note == "Tidak lengkap"


def test_ask_info_then_answer_returns_to_pending(pending, staff_user, operator):
    services.booking_ask_info(booking=pending, by=staff_user, question="Berapa nilai APBDes?")
    booking = Booking.objects.get(pk=pending.pk)
    assert booking.status == Status.INFO_REQUESTED
    assert booking.holds_slot
    services.booking_answer_info(booking=booking, by=operator, answer="Rp 1,2 miliar")
    booking.refresh_from_db()
    assert (booking.status, booking.info_answer) == (Status.PENDING, "Rp 1,2 miliar")
    assert [h.to_status for h in booking.history.all()] == ["pending", "info_requested", "pending"]


def test_other_village_cannot_answer_or_cancel(pending, other_operator):
    with pytest.raises(PermissionDenied):
        services.booking_cancel(booking=pending, by=other_operator)
    with pytest.raises(PermissionDenied):
        services.booking_answer_info(booking=pending, by=other_operator, answer="x")


def test_cancel_approved_removes_the_calendar_event(pending, staff_user, operator):
    services.booking_approve(booking=pending, by=staff_user)
    services.booking_cancel(booking=pending, by=operator, reason="Kepala desa berhalangan")
    booking = Booking.objects.get(pk=pending.pk)
    assert booking.status == Status.CANCELLED
    assert booking.schedule_event is None
    assert not Event.objects.exists()


def test_operator_cannot_cancel_after_the_start(pending, operator, frozen):
    frozen.move_to(at(7, 9, 5))
    with pytest.raises(services.BookingError) as caught:
        services.booking_cancel(booking=pending, by=operator)
    assert caught.value.code == "past"


def test_reschedule_sends_an_approved_booking_back_for_approval(pending, staff_user, operator):
    services.booking_approve(booking=pending, by=staff_user)
    booking = services.booking_reschedule(
        booking=pending, by=operator, start=at(8, 8), end=at(8, 9)
    )
    booking.refresh_from_db()
    assert (booking.status, booking.start, booking.end) == (Status.PENDING, at(8, 8), at(8, 9))
    assert not Event.objects.exists()
    assert booking.history.last().action == "reschedule"


def test_reschedule_onto_a_taken_slot_is_a_conflict(
    pending, other_operator, operator, request_kwargs
):
    services.booking_request(**request_kwargs(other_operator, at(8, 8), at(8, 9)))
    with pytest.raises(services.BookingError) as caught:
        services.booking_reschedule(booking=pending, by=operator, start=at(8, 8), end=at(8, 9))
    assert caught.value.code == "conflict"
    assert Booking.objects.get(pk=pending.pk).start == at(7, 9)


def test_reschedule_may_overlap_its_own_old_time(pending, operator):
    moved = services.booking_reschedule(
        booking=pending, by=operator, start=at(7, 9, 30), end=at(7, 10, 30)
    )
    moved.refresh_from_db()
    assert (moved.pk, moved.status) == (pending.pk, Status.PENDING)
    assert (moved.start, moved.end) == (at(7, 9, 30), at(7, 10, 30))
    assert moved.history.last().action == "reschedule"


def test_held_and_no_show_only_after_the_start(
    pending, staff_user, frozen, operator, request_kwargs
):
    services.booking_approve(booking=pending, by=staff_user)
    with pytest.raises(services.BookingError):
        services.booking_mark_held(booking=pending, by=staff_user)
    second = services.booking_request(**request_kwargs(operator, at(7, 10), at(7, 11)))
    services.booking_approve(booking=second, by=staff_user)
    frozen.move_to(at(7, 11, 30))
    assert services.booking_mark_held(booking=pending, by=staff_user).status == Status.HELD
    assert services.booking_mark_no_show(booking=second, by=staff_user).status == Status.NO_SHOW
    with pytest.raises(services.BookingError):
        services.booking_mark_no_show(booking=pending, by=staff_user)


def test_undecided_requests_expire_before_their_start(pending, frozen, operator, request_kwargs):
    later = services.booking_request(**request_kwargs(operator, at(8, 8), at(8, 9)))
    frozen.move_to(at(7, 6, 30))  # 2.5 h before the 09.00 session: not yet
    assert services.bookings_expire_stale() == 0
    frozen.move_to(at(7, 7, 30))
    assert services.bookings_expire_stale() == 1
    pending.refresh_from_db()
    later.refresh_from_db()
    assert (pending.status, later.status) == (Status.EXPIRED, Status.PENDING)
    last = pending.history.last()
    assert (last.by, last.from_status, last.to_status) == (None, "pending", "expired")


def test_expire_bookings_command(pending, frozen):
    from django.core.management import call_command

    frozen.move_to(at(7, 8))
    call_command("expire_bookings")
    pending.refresh_from_db()
    assert pending.status == Status.EXPIRED


def test_the_staff_group_gives_staff_rights(pending, django_user_model):
    plain = make_user(django_user_model, "biasa")
    with pytest.raises(PermissionDenied):
        services.booking_approve(booking=pending, by=plain)
    staff = make_user(django_user_model, "staf2", group=roles.STAFF)
    services.booking_approve(booking=pending, by=staff)
