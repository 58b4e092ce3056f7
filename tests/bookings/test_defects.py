"""Everyday defects found by trying the portal as a new user: each one, fixed and kept fixed."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from bookings import services
from bookings.availability import load_room_data
from bookings.models import Booking, Status
from tests.bookings.conftest import at

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "bookings.css"


def _rule(selector):
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS.read_text())
    assert match, selector
    return match.group(1).strip()


def test_info_requested_badge_looks_different_from_pending(
    frozen, client, operator, staff_user, booking
):
    services.booking_ask_info(booking=booking, by=staff_user, question="Berapa orang?")
    client.force_login(operator)
    html = client.get(reverse("bookings:list")).content.decode()
    assert "badge--info_requested" in html and "Diminta informasi tambahan" in html
    assert _rule(".badge--info_requested") != _rule(".badge--pending")


def test_closed_requests_are_not_upcoming(frozen, client, operator, booking, request_kwargs):
    services.booking_cancel(booking=booking, by=operator, reason="Batal")
    kept = services.booking_request(**request_kwargs(operator, at(8, 8), at(8, 9), title="Tetap"))
    client.force_login(operator)
    html = client.get(reverse("bookings:list")).content.decode()
    upcoming, past = html.split("Lampau dan selesai", 1)
    assert kept.title in upcoming
    assert booking.title not in upcoming and booking.title in past


def test_a_rejected_request_has_no_ics_and_can_be_requested_again(
    frozen, client, operator, other_operator, staff_user, booking
):
    services.booking_reject(booking=booking, by=staff_user, reason="Sudah ditangani")
    client.force_login(operator)
    html = client.get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert reverse("bookings:booking_calendar", args=[booking.pk]) not in html
    again = f"{reverse('bookings:new')}?ulang={booking.pk}"
    assert again in html and "Ajukan lagi" in html
    form = client.get(again).content.decode()
    assert booking.title in form and booking.description in form
    assert 'name="date"' in form and 'value="2026-05-07"' not in form  # no old time
    # Another village cannot copy it.
    client.force_login(other_operator)
    assert booking.description not in client.get(again).content.decode()


def test_an_approved_request_still_offers_its_ics(frozen, client, operator, staff_user, booking):
    services.booking_approve(booking=booking, by=staff_user)
    client.force_login(operator)
    html = client.get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert reverse("bookings:booking_calendar", args=[booking.pk]) in html
    assert "Ajukan lagi" not in html


def test_cuti_bersama_is_not_called_a_national_holiday(room):
    cuti = datetime.date(2026, 3, 20)  # Cuti Bersama Hari Raya Idul Fitri
    new_year = datetime.date(2026, 1, 1)
    data = load_room_data([room], new_year, cuti)[room.pk]
    assert data.closed_reason(cuti).startswith("cuti bersama:")
    assert "libur nasional" not in data.closed_reason(cuti)
    assert data.closed_reason(new_year).startswith("hari libur nasional")


def test_outside_hours_message_speaks_of_that_day(frozen, client, operator, form_data):
    client.force_login(operator)
    html = client.post(
        reverse("bookings:new"),
        {**form_data, "date": "2026-05-08", "start_time": "13:00", "end_time": "14:00"},
    ).content.decode()
    assert "pada hari itu ruang buka" in html and "pada hari ini" not in html
    assert not Booking.objects.exists()


def test_sign_in_error_and_labels_use_one_word_for_password(client, operator):
    page = client.get(reverse("login")).content.decode()
    assert "Kata sandi" in page and "Lupa kata sandi?" in page and "Kata Kunci" not in page
    html = client.post(
        reverse("login"), {"username": operator.username, "password": "salah"}
    ).content.decode()
    assert "Nama pengguna atau kata sandi tidak benar." in html
    assert "nama pengguna nama pengguna" not in html.lower()


def test_outcomes_list_search_filters(client, staff_user, villages, booking_factory_any):
    from coordination.models import SessionOutcome

    first = SessionOutcome.objects.create(
        booking=booking_factory_any(villages[0], "Sengketa batas")
    )
    SessionOutcome.objects.create(booking=booking_factory_any(villages[1], "Laporan APBDes"))
    client.force_login(staff_user)
    html = client.get(
        reverse("wagtailsnippets_coordination_sessionoutcome:list"), {"q": "sengketa"}
    ).content.decode()
    assert "Sengketa batas" in html and "Laporan APBDes" not in html
    assert first.pk


def test_the_queue_date_stays_on_one_line(frozen, client, staff_user, booking):
    client.force_login(staff_user)
    html = client.get(reverse("bookings_staff:queue")).content.decode()
    assert re.search(r'class="[^"]*ruko-nowrap[^"]*"[^>]*>\s*Kam, 7 Mei 2026, 09\.00–10\.00', html)


@pytest.fixture
def booking_factory_any(room, section, category):
    from tests.factories import BookingFactory, wita

    count = iter(range(1, 20))

    def build(village, title):
        day = next(count)
        return BookingFactory(
            room=room,
            village=village,
            section=section,
            category=category,
            title=title,
            start=wita(2026, 3, day, 9),
            end=wita(2026, 3, day, 10),
            status=Status.HELD,
        )

    return build
