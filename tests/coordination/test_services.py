import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from bookings.models import Status
from coordination import services
from coordination.models import FollowUp, FollowUpEvent, SentNotice, SessionOutcome
from coordination.services import OutcomeError
from tests.factories import wita

TODAY = datetime.date(2026, 5, 6)


@pytest.fixture
def outcome(villages, booking_factory, staff_user):
    village = villages[0]
    village.email = "desa@example.test"
    village.save()
    booking = booking_factory(village, wita(2026, 4, 1), status=Status.HELD)
    return SessionOutcome.objects.create(booking=booking, recorded_by=staff_user)


def test_mark_held_records_history_and_opens_an_outcome(villages, booking_factory, staff_user):
    booking = booking_factory(villages[0], wita(2026, 4, 1), status=Status.APPROVED)
    outcome = services.session_mark_held(booking=booking, by=staff_user, note="Hadir lengkap")
    booking.refresh_from_db()
    assert booking.status == Status.HELD
    assert outcome.booking == booking
    assert booking.history.filter(action="held", by=staff_user).exists()


def test_mark_no_show_needs_staff(villages, booking_factory, operator):
    booking = booking_factory(villages[0], wita(2026, 4, 1), status=Status.APPROVED)
    with pytest.raises(PermissionDenied):
        services.session_mark_no_show(booking=booking, by=operator)
    booking.refresh_from_db()
    assert booking.status == Status.APPROVED


def test_follow_up_moves_forward_and_keeps_who_when_note(outcome, staff_user):
    item = services.follow_up_create(
        outcome=outcome, by=staff_user, title="Perbaiki laporan", due_date=TODAY
    )
    item = services.follow_up_move(follow_up=item, by=staff_user, to="in_progress", note="Mulai")
    assert item.status == "in_progress"
    item = services.follow_up_move(follow_up=item, by=staff_user, to="done", note="Selesai")
    assert item.status == "done" and item.done_at is not None
    events = list(item.events.values_list("kind", "from_status", "to_status", "note", "by"))
    assert events == [
        ("created", "", "open", "", staff_user.pk),
        ("status", "open", "in_progress", "Mulai", staff_user.pk),
        ("status", "in_progress", "done", "Selesai", staff_user.pk),
    ]


@pytest.mark.parametrize(
    ("path", "backward"),
    [
        (["in_progress"], "open"),
        (["done"], "in_progress"),
        (["done"], "open"),
        (["in_progress", "done"], "in_progress"),
        (["done"], "cancelled"),
    ],
)
def test_follow_up_never_moves_backward(outcome, staff_user, path, backward):
    item = services.follow_up_create(outcome=outcome, by=staff_user, title="X", due_date=TODAY)
    for step in path:
        item = services.follow_up_move(follow_up=item, by=staff_user, to=step)
    events_before = item.events.count()
    with pytest.raises(OutcomeError) as error:
        services.follow_up_move(follow_up=item, by=staff_user, to=backward, reason="alasan")
    assert error.value.code == "backward"
    item.refresh_from_db()
    assert item.status == path[-1]
    assert item.events.count() == events_before


def test_cancel_needs_a_reason(outcome, staff_user):
    item = services.follow_up_create(outcome=outcome, by=staff_user, title="X", due_date=TODAY)
    with pytest.raises(OutcomeError) as error:
        services.follow_up_move(follow_up=item, by=staff_user, to="cancelled", reason="  ")
    assert error.value.code == "reason_required"
    item = services.follow_up_move(
        follow_up=item, by=staff_user, to="cancelled", reason="Tidak relevan lagi"
    )
    assert item.status == "cancelled" and item.cancel_reason == "Tidak relevan lagi"


def test_operator_cannot_move_a_follow_up(outcome, staff_user, operator):
    item = services.follow_up_create(outcome=outcome, by=staff_user, title="X", due_date=TODAY)
    with pytest.raises(PermissionDenied):
        services.follow_up_move(follow_up=item, by=operator, to="done")


def test_progress_note_only_by_the_responsible_village(
    outcome, staff_user, operator, other_operator, section
):
    own = services.follow_up_create(outcome=outcome, by=staff_user, title="X", due_date=TODAY)
    event = services.follow_up_add_progress(follow_up=own, by=operator, note="Sudah dikirim")
    assert event.kind == "progress" and event.by == operator
    with pytest.raises(PermissionDenied):
        services.follow_up_add_progress(follow_up=own, by=other_operator, note="Coba")
    for_section = services.follow_up_create(
        outcome=outcome, by=staff_user, title="Y", due_date=TODAY, owner="section", section=section
    )
    with pytest.raises(PermissionDenied):
        services.follow_up_add_progress(follow_up=for_section, by=operator, note="Coba")
    with pytest.raises(OutcomeError):
        services.follow_up_add_progress(follow_up=own, by=operator, note="   ")
    assert own.events.filter(kind="progress").count() == 1


def test_section_owner_needs_a_section(outcome, staff_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.follow_up_create(
            outcome=outcome, by=staff_user, title="Y", due_date=TODAY, owner="section"
        )
    assert not FollowUp.objects.exists()


def test_outcome_recorded_mails_new_follow_ups_and_minutes_once(
    outcome, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    FollowUp.objects.create(outcome=outcome, title="Lengkapi data", due_date=TODAY)
    outcome.published = True
    outcome.minutes = "<p>Notulen</p>"
    outcome.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.outcome_recorded(outcome=outcome, by=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.outcome_recorded(outcome=outcome, by=staff_user)
    assert len(mailoutbox) == 2
    item = outcome.follow_ups.get()
    assert set(SentNotice.objects.values_list("key", flat=True)) == {
        f"assigned:{item.pk}",
        f"minutes:{outcome.pk}",
    }
    assert all(message.to == ["desa@example.test"] for message in mailoutbox)
    assert FollowUpEvent.objects.filter(kind="created").count() == 1
    outcome.refresh_from_db()
    assert outcome.published_at is not None


def test_overdue_reminder_is_sent_once(outcome, staff_user, mailoutbox):
    item = FollowUp.objects.create(outcome=outcome, title="Lengkapi data", due_date=TODAY)
    FollowUp.objects.create(
        outcome=outcome, title="Belum jatuh tempo", due_date=TODAY + datetime.timedelta(days=1)
    )
    later = TODAY + datetime.timedelta(days=1)
    assert services.reminders_send_overdue(today=later) == 1
    assert services.reminders_send_overdue(today=later) == 0
    assert len(mailoutbox) == 1
    assert SentNotice.objects.filter(key=f"overdue:{item.pk}").count() == 1


def test_reminder_command_and_task_run_the_same_job(outcome, mailoutbox, time_machine):
    from django.core.management import call_command

    from coordination.tasks import send_overdue_reminders

    FollowUp.objects.create(outcome=outcome, title="Lengkapi data", due_date=TODAY)
    time_machine.move_to(datetime.datetime(2026, 5, 8, 8, 0, tzinfo=datetime.UTC))
    call_command("send_followup_reminders")
    send_overdue_reminders.enqueue()
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reminder_runs_send_one_email(villages, booking_factory, staff_user, mailoutbox):
    village = villages[0]
    village.email = "desa@example.test"
    village.save()
    booking = booking_factory(village, wita(2026, 4, 1), status=Status.HELD)
    outcome = SessionOutcome.objects.create(booking=booking)
    FollowUp.objects.create(outcome=outcome, title="Lengkapi data", due_date=TODAY)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(services.reminders_send_overdue(today=TODAY + datetime.timedelta(1)))
        except Exception as error:  # noqa: BLE001 -- reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) == [0, 1]
    assert len(mailoutbox) == 1
