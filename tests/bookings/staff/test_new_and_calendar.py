"""Booking on a village's behalf, the week calendar and the dashboard panel."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from schedule.models import Event, Rule

from bookings import services
from bookings.models import Booking, Closure, Status
from tests.bookings.conftest import at

pytestmark = pytest.mark.django_db

NEW = "/admin/reservasi/baru/"
CALENDAR = "/admin/reservasi/kalender/"


def form_data(room, section, category, village, **extra):
    data = {
        "village": village.pk,
        "room": room.pk,
        "date": "2026-05-07",
        "start_time": "09:00",
        "end_time": "10:00",
        "section": section.pk,
        "category": category.pk,
        "title": "Pendampingan Siskeudes",
        "description": "Bendahara baru perlu pendampingan.",
        "attendees": 3,
        "contact_name": "Sari",
        "contact_phone": "0812 1111 2222",
    }
    data.update(extra)
    return data


def test_staff_book_for_a_village_even_inside_the_lead_time(
    frozen, staff_client, staff_user, room, section, category, villages
):
    assert reverse("bookings_staff:new") == NEW
    # Today (Wednesday 6 May) 14.00 is inside the lead time the village has to respect.
    response = staff_client.post(
        NEW,
        form_data(
            room,
            section,
            category,
            villages[4],
            date="2026-05-06",
            start_time="14:00",
            end_time="15:00",
        ),
    )
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("bookings_staff:detail", args=[booking.pk])
    assert (booking.village, booking.requested_by, booking.booked_by_staff) == (
        villages[4],
        staff_user,
        True,
    )
    assert (booking.start, booking.status) == (at(6, 14), Status.PENDING)


def test_new_booking_needs_a_village(frozen, staff_client, room, section, category, villages):
    data = form_data(room, section, category, villages[0])
    del data["village"]
    response = staff_client.post(NEW, data)
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_new_booking_conflict_offers_free_times_and_keeps_the_form(
    frozen, staff_client, staff_user, room, section, category, villages, request_kwargs
):
    services.booking_request(**request_kwargs(staff_user, at(7, 9), at(7, 10), village=villages[1]))
    response = staff_client.post(NEW, form_data(room, section, category, villages[2]))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="slot" value="2026-05-07T10:00/2026-05-07T11:00"' in page
    assert "Pendampingan Siskeudes" in page, "what staff typed is kept"
    assert Booking.objects.count() == 1
    response = staff_client.post(
        NEW,
        {
            **form_data(room, section, category, villages[2]),
            "slot": "2026-05-07T10:00/2026-05-07T11:00",
        },
    )
    assert response.status_code == 302
    assert Booking.objects.get(village=villages[2]).start == at(7, 10)


def test_new_booking_on_a_holiday_is_a_field_error(
    frozen, staff_client, room, section, category, villages
):
    response = staff_client.post(
        NEW, form_data(room, section, category, villages[0], date="2026-05-14")
    )
    assert response.status_code == 400
    assert "Kenaikan Yesus Kristus" in response.content.decode()
    assert not Booking.objects.exists()


def test_calendar_shows_sessions_in_full_blocks_and_closures(
    frozen, staff_client, staff_user, pending, room
):
    services.booking_approve(booking=pending, by=staff_user)
    weekly = Rule.objects.create(name="Mingguan", frequency="WEEKLY", params="byweekday:4")
    Event.objects.create(
        calendar=room.calendar,
        title="Rapat staf mingguan",
        start=at(1, 8),
        end=at(1, 9),
        rule=weekly,
    )
    Closure.objects.create(
        room=room,
        start_date=datetime.date(2026, 5, 5),
        end_date=datetime.date(2026, 5, 5),
        reason="Pemeliharaan",
    )
    response = staff_client.get(CALENDAR)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "4 Mei – 10 Mei 2026",
        pending.title,
        pending.village.name,
        pending.section.name,
        pending.contact_phone,
        "09.00–10.00",
        "Rapat staf mingguan",
        "08.00–09.00",
        "Pemeliharaan",
        reverse("bookings_staff:detail", args=[pending.pk]),
        "?tanggal=2026-04-27",
        "?tanggal=2026-05-11",
    ):
        assert escape(text) in page, text


def test_calendar_navigates_by_week_and_ignores_bad_dates(frozen, staff_client, room):
    response = staff_client.get(CALENDAR, {"tanggal": "2026-05-20"})
    assert response.context["first_day"] == datetime.date(2026, 5, 18)
    assert staff_client.get(CALENDAR, {"tanggal": "kemarin"}).status_code == 200
    assert staff_client.get(CALENDAR, {"tanggal": "9999-01-01"}).context["first_day"] == (
        datetime.date(2026, 5, 4)
    )


def test_calendar_query_count_does_not_grow_with_sessions_or_blocks(
    frozen, staff_client, room, many_bookings, django_assert_num_queries
):
    Event.objects.create(calendar=room.calendar, title="Satu", start=at(19, 7, 30), end=at(19, 8))
    many_bookings(2)
    url = f"{CALENDAR}?tanggal=2026-05-18"
    staff_client.get(url)
    cache.clear()  # both measurements expand the recurring blocks afresh
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    Booking.objects.all().delete()
    many_bookings(40)
    weekly = Rule.objects.create(name="Harian", frequency="DAILY")
    for hour in (13, 14, 15):
        Event.objects.create(
            calendar=room.calendar,
            title=f"Blok {hour}",
            start=at(1, hour),
            end=at(1, hour, 30),
            rule=weekly,
        )
    cache.clear()
    with django_assert_num_queries(len(few)):
        response = staff_client.get(url)
    shown = sum(len(day["entries"]) for week in response.context["weeks"] for day in week["days"])
    assert shown > 40


def test_dashboard_panel_counts_undecided_and_lists_todays_sessions(
    frozen, staff_client, staff_user, request_kwargs, villages
):
    today = services.booking_request(
        **request_kwargs(
            staff_user, at(6, 13), at(6, 14), village=villages[1], title="Sesi hari ini"
        )
    )
    services.booking_approve(booking=today, by=staff_user)
    for hour in (9, 10, 11):
        services.booking_request(
            **request_kwargs(
                staff_user,
                at(7, hour),
                at(7, hour + 1),
                village=villages[2],
                title=f"Menunggu {hour}",
            )
        )
    page = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<span class="ruko-count">3</span>' in page
    assert "Menunggu 9" in page
    assert "Sesi hari ini" in page
    assert "13.00–14.00" in page
