"""Nothing that needs someone waits unseen: without JavaScript the operator's header and
`/reservasi/` count questions to answer, offers to accept and follow-ups due; the staff
dashboard counts what waits for the kecamatan. Each in one query, whatever the amount."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Status, WaitlistEntry, WaitlistStatus
from coordination import services
from coordination.models import FollowUp, FollowUpStatus, SessionOutcome
from coordination.todo import operator_todo, staff_todo
from tests.factories import BookingFactory, wita

pytestmark = pytest.mark.django_db

NOW = wita(2026, 5, 6, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _question(village, day, hour=9, status=Status.INFO_REQUESTED, **extra):
    return BookingFactory(
        village=village,
        start=wita(2026, 5, day, hour),
        end=wita(2026, 5, day, hour + 1),
        status=status,
        info_question="Mohon lampirkan BKU",
        **extra,
    )


def _offer(village, booking):
    return WaitlistEntry.objects.create(
        room=booking.room,
        village=village,
        section=booking.section,
        category=booking.category,
        title="Tawaran waktu",
        description="x",
        attendees=2,
        contact_name="Ani",
        contact_phone="081234567890",
        start=wita(2026, 5, 12, 9),
        end=wita(2026, 5, 12, 10),
        status=WaitlistStatus.OFFERED,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + datetime.timedelta(hours=20),
    )


def _follow_up(village, due, status=FollowUpStatus.OPEN):
    held = BookingFactory(
        village=village, start=wita(2026, 4, 1, 9), end=wita(2026, 4, 1, 10), status=Status.HELD
    )
    outcome = SessionOutcome.objects.create(booking=held)
    return FollowUp.objects.create(
        outcome=outcome, title="Lengkapi SPJ", due_date=due, status=status
    )


@pytest.fixture
def waiting(operator, other_operator):
    village = operator.profile.village
    question = _question(village, 12)
    _offer(village, question)
    _follow_up(village, datetime.date(2026, 5, 1))  # overdue
    _follow_up(village, datetime.date(2026, 5, 10))  # due within a week
    _follow_up(village, datetime.date(2026, 7, 1))  # not due yet
    _follow_up(village, datetime.date(2026, 5, 1), FollowUpStatus.REPORTED)  # the village's done
    # Another village's items count for that village only.
    _question(other_operator.profile.village, 13)
    _follow_up(other_operator.profile.village, datetime.date(2026, 5, 1))
    return question


def test_the_header_shows_what_needs_the_operator_without_javascript(client, operator, waiting):
    client.force_login(operator)
    html = client.get(reverse("bookings:schedule")).content.decode()
    assert "Perlu tindakan Anda:" in html
    assert "1 pertanyaan untuk dijawab" in html
    assert "1 tawaran untuk diterima" in html
    assert "2 tindak lanjut jatuh tempo" in html
    todo = operator_todo(operator)
    assert (todo.questions, todo.offers, todo.follow_ups) == (1, 1, 2)


def test_the_requests_page_lists_the_questions_to_answer(client, operator, waiting):
    client.force_login(operator)
    html = client.get(reverse("bookings:list")).content.decode()
    assert 'id="perlu-tindakan"' in html
    assert f"{reverse('bookings:detail', args=[waiting.pk])}#question-title" in html


def test_nothing_waiting_shows_no_bar(client, other_operator, villages):
    client.force_login(other_operator)
    assert "Perlu tindakan Anda:" not in client.get("/jadwal/").content.decode()


def test_anonymous_and_staff_get_no_bar_and_no_query(client, staff_user, waiting):
    assert operator_todo(None) is None
    assert "Perlu tindakan Anda:" not in client.get("/jadwal/").content.decode()
    client.force_login(staff_user)
    assert operator_todo(staff_user) is None


@pytest.mark.parametrize("extra", [0, 25])
def test_the_operator_count_is_one_query(operator, waiting, extra, django_assert_num_queries):
    village = operator.profile.village
    for number in range(extra):
        _question(village, 18 + number % 10, hour=8 + number // 10)
    with django_assert_num_queries(1):
        todo = operator_todo(operator)
    assert todo.questions == 1 + extra


@pytest.mark.parametrize("extra", [0, 25])
def test_the_staff_count_is_one_query(waiting, extra, django_assert_num_queries):
    for number in range(extra):
        _question(waiting.village, 18 + number % 10, hour=8 + number // 10, status=Status.PENDING)
    with django_assert_num_queries(1):
        todo = staff_todo()
    assert todo.undecided == 2 + extra  # the two questions and the extra pending requests
    assert (todo.reported, todo.overdue) == (1, 3)


def test_the_staff_dashboard_shows_what_waits(client, staff_user, waiting):
    BookingFactory(
        village=waiting.village,
        start=wita(2026, 5, 4, 9),
        end=wita(2026, 5, 4, 10),
        status=Status.APPROVED,
    )
    client.force_login(staff_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Menunggu kecamatan" in html
    assert "?show=reported" in html and "?show=overdue" in html
    assert reverse("coordination_admin:sessions") in html
    # The held sessions behind the follow-ups each have their outcome.
    assert staff_todo().no_outcome == 0 and staff_todo().to_mark == 1


def test_staff_give_a_held_session_without_outcome_its_record(client, staff_user, villages):
    held = BookingFactory(
        village=villages[0], start=wita(2026, 4, 2, 9), end=wita(2026, 4, 2, 10), status="held"
    )
    assert staff_todo().no_outcome == 1
    client.force_login(staff_user)
    page = client.get(reverse("coordination_admin:sessions")).content.decode()
    assert reverse("coordination_admin:outcome_open", args=[held.pk]) in page
    response = client.post(reverse("coordination_admin:outcome_open", args=[held.pk]))
    outcome = SessionOutcome.objects.get(booking=held)
    assert response.status_code == 302 and str(outcome.pk) in response["Location"]
    assert staff_todo().no_outcome == 0


def test_an_outcome_only_for_a_held_session(staff_user, villages):
    pending = BookingFactory(
        village=villages[0], start=wita(2026, 5, 20, 9), end=wita(2026, 5, 20, 10)
    )
    with pytest.raises(services.OutcomeError):
        services.session_outcome_open(booking=pending, by=staff_user)
    assert not SessionOutcome.objects.exists()
    assert Booking.objects.get(pk=pending.pk).status == Status.PENDING
