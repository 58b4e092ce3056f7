"""The detail page and its decisions: each a POST through the services, errors as form errors."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from schedule.models import Event

from bookings import services
from bookings.models import Booking, BookingHistory, Status
from tests.bookings.conftest import at

pytestmark = pytest.mark.django_db


def act(client, booking, action, data=None, prefix=None):
    prefix = prefix or action
    payload = {f"{prefix}-{key}": value for key, value in (data or {}).items()}
    return client.post(reverse("bookings_staff:action", args=[booking.pk, action]), payload)


def message_texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def fresh(booking):
    return Booking.objects.get(pk=booking.pk)


def test_detail_shows_everything_staff_need(staff_client, pending):
    Booking.objects.filter(pk=pending.pk).update(attachment="bookings/2026/05/surat.pdf")
    response = staff_client.get(reverse("bookings_staff:detail", args=[pending.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        pending.title,
        pending.description,
        pending.contact_name,
        pending.contact_phone,
        pending.village.name,
        pending.section.name,
        "Kamis, 7 Mei 2026, 09.00–10.00 WITA",
        reverse("bookings:attachment", args=[pending.pk]),
        "op-batu",  # who asked, in the history
    ):
        assert escape(text) in page, text
    assert 'class="ruko-history"' in page
    for action in ("approve", "reject", "ask", "move", "cancel"):
        assert reverse("bookings_staff:action", args=[pending.pk, action]) in page


def test_detail_query_count_is_fixed(
    staff_client, pending, staff_user, django_assert_max_num_queries
):
    for question in ("Berapa orang?", "Siapa yang hadir?"):
        services.booking_ask_info(booking=pending, by=staff_user, question=question)
        services.booking_answer_info(
            booking=fresh(pending), by=pending.requested_by, answer="Empat"
        )
    url = reverse("bookings_staff:detail", args=[pending.pk])
    staff_client.get(url)
    with django_assert_max_num_queries(25):
        staff_client.get(url)


def test_approve_records_history_emails_the_village_and_fills_the_calendar(
    staff_client, staff_user, pending, django_capture_on_commit_callbacks, mailoutbox
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(staff_client, pending, "approve", {"note": "Bawa laporan APBDes."})
    assert response.status_code == 302
    assert response.url == reverse("bookings_staff:detail", args=[pending.pk])
    booking = fresh(pending)
    assert booking.status == Status.APPROVED
    entry = booking.history.last()
    assert (entry.by, entry.to_status, entry.note) == (
        staff_user,
        Status.APPROVED,
        "Bawa laporan APBDes.",
    )
    assert Event.objects.filter(pk=booking.schedule_event_id, calendar=booking.room.calendar)
    assert mailoutbox, "the village hears about the decision"
    assert pending.requested_by.email in {to for message in mailoutbox for to in message.to}
    follow = staff_client.get(response.url)
    assert any("disetujui" in text for text in message_texts(follow))


def test_reject_requires_a_reason_and_changes_nothing_without_one(staff_client, pending):
    response = act(staff_client, pending, "reject", {"reason": "   "})
    assert response.status_code == 400
    assert "Tuliskan alasan penolakan." in response.content.decode()
    assert fresh(pending).status == Status.PENDING
    assert BookingHistory.objects.filter(booking=pending).count() == 1


def test_reject_with_a_reason(staff_client, pending):
    response = act(staff_client, pending, "reject", {"reason": "Seksi sedang dinas luar."})
    assert response.status_code == 302
    booking = fresh(pending)
    assert (booking.status, booking.decision_note) == (Status.REJECTED, "Seksi sedang dinas luar.")


def test_ask_for_information_requires_a_question_then_the_operator_sees_it(
    staff_client, client, operator, pending
):
    assert act(staff_client, pending, "ask", {"question": ""}).status_code == 400
    assert fresh(pending).status == Status.PENDING
    response = act(staff_client, pending, "ask", {"question": "Berapa peserta yang hadir?"})
    assert response.status_code == 302
    assert fresh(pending).status == Status.INFO_REQUESTED
    client.force_login(operator)
    page = client.get(reverse("bookings:detail", args=[pending.pk])).content.decode()
    assert "Berapa peserta yang hadir?" in page


def test_stale_decision_shows_a_clear_message_and_changes_nothing(
    staff_client, staff_user, pending
):
    services.booking_reject(booking=pending, by=staff_user, reason="Sudah diputuskan.")
    response = act(staff_client, pending, "approve")
    assert response.status_code == 302
    assert fresh(pending).status == Status.REJECTED
    follow = staff_client.get(response.url)
    assert any(
        "Ditolak" in text and "Tidak ada yang diubah" in text for text in message_texts(follow)
    )
    assert BookingHistory.objects.filter(booking=pending).count() == 2


def test_approving_a_session_that_started_is_a_form_error_not_a_500(staff_client, pending, frozen):
    frozen.move_to(at(7, 9, 30))
    response = act(staff_client, pending, "approve")
    assert response.status_code == 400
    assert "Sesi ini sudah dimulai." in response.content.decode()
    assert fresh(pending).status == Status.PENDING


def test_cancel_requires_a_reason(staff_client, staff_user, pending):
    services.booking_approve(booking=pending, by=staff_user)
    assert act(staff_client, pending, "cancel", {"reason": ""}).status_code == 400
    assert fresh(pending).status == Status.APPROVED
    response = act(staff_client, pending, "cancel", {"reason": "Ruang dipakai rapat darurat."})
    assert response.status_code == 302
    booking = fresh(pending)
    assert booking.status == Status.CANCELLED
    assert booking.schedule_event_id is None


def move(client, booking, day, start, end):
    return act(
        client,
        booking,
        "move",
        {"date": day, "start_time": start, "end_time": end},
        prefix="move",
    )


def test_reschedule_to_a_free_time(staff_client, pending):
    response = move(staff_client, pending, "2026-05-08", "08:00", "09:00")
    assert response.status_code == 302
    booking = fresh(pending)
    assert (booking.start, booking.end, booking.status) == (at(8, 8), at(8, 9), Status.PENDING)


def test_reschedule_conflict_offers_the_nearest_free_times_and_one_click_takes_one(
    staff_client, pending, staff_user, request_kwargs, villages
):
    other = services.booking_request(
        **request_kwargs(staff_user, at(8, 9), at(8, 10), village=villages[1])
    )
    response = move(staff_client, pending, "2026-05-08", "09:00", "10:00")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Waktu ini sudah terisi. Pilih salah satu waktu kosong terdekat" in page
    assert 'name="slot" value="2026-05-08T10:00/2026-05-08T11:00"' in page
    assert fresh(pending).start == at(7, 9)
    response = staff_client.post(
        reverse("bookings_staff:action", args=[pending.pk, "move"]),
        {"slot": "2026-05-08T10:00/2026-05-08T11:00"},
    )
    assert response.status_code == 302
    assert (fresh(pending).start, fresh(pending).end) == (at(8, 10), at(8, 11))
    assert fresh(other).start == at(8, 9)


def test_reschedule_outside_opening_hours_is_a_field_error(staff_client, pending):
    response = move(staff_client, pending, "2026-05-08", "12:00", "13:00")
    assert response.status_code == 400
    assert "07.30–11.00" in response.content.decode()
    assert fresh(pending).start == at(7, 9)


def test_garbage_slot_value_is_a_form_error(staff_client, pending):
    response = staff_client.post(
        reverse("bookings_staff:action", args=[pending.pk, "move"]), {"slot": "besok/pagi"}
    )
    assert response.status_code == 400
    assert fresh(pending).start == at(7, 9)
