"""Reminders before approved sessions: to whom, when, and exactly once (also under concurrency)."""

import datetime
import io
import threading

import pytest
from django.core.management import call_command

from bookings import services
from bookings.models import SentReminder
from bookings.reminders import due_reminders, send_due_reminders, send_reminder
from bookings.tasks import send_reminders_task
from tests.bookings.conftest import NOW, at
from tests.bookings.test_concurrency import concurrent, run_together


def approve(booking, staff_user):
    return services.booking_approve(booking=booking, by=staff_user)


@pytest.fixture
def approved(frozen, operator, staff_user, request_kwargs):
    # Thursday 7 May 09.00: 23 hours after NOW.
    booking = services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    return approve(booking, staff_user)


@pytest.fixture
def reminder_mails(mailoutbox):
    """The reminders sent so far (a function, read when called)."""
    return lambda: [m for m in mailoutbox if "Pengingat" in m.subject]


@pytest.mark.django_db
def test_reminder_goes_to_the_village_and_the_section_the_day_before(
    approved, operator, reminder_mails
):
    assert send_due_reminders(now=NOW) == 1
    village_mail, staff_mail = reminder_mails()
    assert operator.email in village_mail.to
    assert staff_mail.to == ["pemerintahan@example.test"]
    assert approved.title in village_mail.subject and "07-05-2026 09.00" in village_mail.subject
    assert "Kamis, 7 Mei 2026" in village_mail.body and "09.00–10.00 WITA" in village_mail.body
    assert f"/reservasi/{approved.pk}/" in village_mail.body
    assert "Kepada staf kecamatan" in staff_mail.body and "Budi" in staff_mail.body


@pytest.mark.django_db
def test_running_twice_sends_each_reminder_once(approved, reminder_mails):
    assert send_due_reminders(now=NOW) == 1
    assert send_due_reminders(now=NOW + datetime.timedelta(hours=1)) == 0
    assert len(reminder_mails()) == 2
    assert SentReminder.objects.get().booking == approved


@pytest.mark.django_db
def test_no_reminder_for_undecided_far_cancelled_or_started_sessions(
    frozen, operator, other_operator, staff_user, request_kwargs
):
    services.booking_request(**request_kwargs(other_operator, at(7, 8), at(7, 8, 30)))  # pending
    far = approve(
        services.booking_request(**request_kwargs(operator, at(8, 9), at(8, 10))), staff_user
    )
    cancelled = approve(
        services.booking_request(**request_kwargs(operator, at(7, 10), at(7, 11))), staff_user
    )
    services.booking_cancel(booking=cancelled, by=operator)
    assert send_due_reminders(now=NOW) == 0
    assert send_due_reminders(now=at(8, 9, 30)) == 0  # already started
    assert send_due_reminders(now=at(7, 9, 30)) == 1  # far is now within 24 hours
    assert SentReminder.objects.get().booking == far


@pytest.mark.django_db
def test_the_lead_time_is_a_setting(settings, frozen, operator, staff_user, request_kwargs):
    approve(services.booking_request(**request_kwargs(operator, at(8, 9), at(8, 10))), staff_user)
    assert send_due_reminders(now=NOW) == 0
    settings.BOOKINGS_REMINDER_HOURS_BEFORE = 48
    assert send_due_reminders(now=NOW) == 1


@pytest.mark.django_db
def test_a_moved_session_is_reminded_again_for_its_new_time(approved, operator, staff_user):
    assert send_due_reminders(now=NOW) == 1
    moved = services.booking_reschedule(
        booking=approved, by=operator, start=at(7, 8), end=at(7, 8, 30), now=NOW
    )
    assert send_due_reminders(now=NOW) == 0  # pending again: no reminder
    approve(moved, staff_user)
    assert send_due_reminders(now=NOW) == 1
    assert sorted(SentReminder.objects.values_list("start", flat=True)) == [at(7, 8), at(7, 9)]


@pytest.mark.django_db
def test_the_command_and_the_task_run_the_same_job(
    frozen, approved, other_operator, staff_user, request_kwargs
):
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent reminders for 1 session(s)."
    approve(
        services.booking_request(**request_kwargs(other_operator, at(7, 8), at(7, 8, 30))),
        staff_user,
    )
    assert send_reminders_task.enqueue().return_value == 1
    assert send_reminders_task.enqueue().return_value == 0
    assert SentReminder.objects.count() == 2


@pytest.fixture
def three_tomorrow(frozen, operator, other_operator, staff_user, request_kwargs):
    """Three approved sessions tomorrow morning, all within 24 hours of NOW."""
    return [
        approve(services.booking_request(**request_kwargs(user, start, end)), staff_user)
        for user, start, end in (
            (operator, at(7, 7, 30), at(7, 8)),
            (other_operator, at(7, 8), at(7, 8, 30)),
            (operator, at(7, 9), at(7, 10)),
        )
    ]


@concurrent
def test_workers_that_all_saw_the_same_due_list_send_each_reminder_once(
    three_tomorrow, mailoutbox, reminder_mails
):
    """Every worker reads the due list before any sends: only the unique constraint decides."""
    mailoutbox.clear()
    all_listed = threading.Barrier(8)

    def worker(index):
        due = list(due_reminders(NOW))
        all_listed.wait(timeout=30)
        return len(due), sum(send_reminder(booking) for booking in due)

    results = run_together(worker, count=8)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert [listed for listed, _sent in results] == [3] * 8
    assert sum(sent for _listed, sent in results) == 3
    assert SentReminder.objects.count() == 3
    assert len(reminder_mails()) == 6


@concurrent
def test_concurrent_runs_send_each_reminder_once(three_tomorrow, mailoutbox, reminder_mails):
    mailoutbox.clear()

    results = run_together(lambda index: send_due_reminders(now=NOW), count=8)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == 3
    assert SentReminder.objects.count() == 3
    for booking in three_tomorrow:
        when = booking.start.astimezone(at(7, 0).tzinfo).strftime("%d-%m-%Y %H.%M")
        about = [m for m in reminder_mails() if when in m.subject]
        assert len(about) == 2, when  # one to the village, one to the section
    assert len(reminder_mails()) == 6
