"""Calendar feeds (RFC 5545): the public room feed, the village's private feed, one booking.

Structure is read with the hand-written parser in tests/bookings/ical.py; recurrence is
expanded with recurring_ical_events and compared with django-scheduler's own occurrences.
"""

import datetime

import pytest
import recurring_ical_events
from django.urls import reverse
from icalendar import Calendar
from schedule.models import Event, Occurrence, Rule

from bookings import feeds, services
from bookings.models import Booking, VillageFeedToken
from tests.bookings.conftest import WITA, at
from tests.bookings.ical import components, params, unfold, value

pytestmark = pytest.mark.django_db

SECRET_DESCRIPTION = "Rahasia: sengketa batas desa antara dua kepala desa."


def uid_of(component):
    return value(component, "UID")


@pytest.fixture
def approved(frozen, operator, staff_user, request_kwargs):
    booking = services.booking_request(
        **request_kwargs(operator, at(7, 9), at(7, 10), description=SECRET_DESCRIPTION)
    )
    return services.booking_approve(booking=booking, by=staff_user)


@pytest.fixture
def pending(frozen, other_operator, request_kwargs):
    return services.booking_request(
        **request_kwargs(other_operator, at(8, 9), at(8, 10), title="Judul rahasia lain")
    )


@pytest.fixture
def blocks(frozen, room):
    """A weekly block with a cancelled and a moved occurrence, a monthly block that ends, a
    'Monday, Wednesday, Friday' rule (django-scheduler keeps only the start's weekday) and a
    one-off block."""
    weekly = Rule.objects.create(name="Mingguan", frequency="WEEKLY", params="byweekday:0")
    monthly = Rule.objects.create(
        name="Selasa pertama", frequency="MONTHLY", params="byweekday:1;bysetpos:1"
    )
    mwf = Rule.objects.create(name="Senin-Rabu-Jumat", frequency="WEEKLY", params="byweekday:0,2,4")
    staff = Event.objects.create(
        calendar=room.calendar,
        title="Rapat staf rahasia",
        description="Agenda rahasia",
        rule=weekly,
        start=at(datetime.date(2026, 3, 2), 8),
        end=at(datetime.date(2026, 3, 2), 9, 30),
    )
    Occurrence.objects.create(
        event=staff,
        start=at(11, 8),
        end=at(11, 9, 30),
        original_start=at(11, 8),
        original_end=at(11, 9, 30),
        cancelled=True,
    )
    Occurrence.objects.create(
        event=staff,
        start=at(19, 13),
        end=at(19, 14, 30),
        original_start=at(18, 8),
        original_end=at(18, 9, 30),
    )
    village_day = Event.objects.create(
        calendar=room.calendar,
        title="Hari koordinasi desa",
        rule=monthly,
        start=at(datetime.date(2026, 4, 7), 13),
        end=at(datetime.date(2026, 4, 7), 15),
        end_recurring_period=at(datetime.date(2026, 7, 7), 13),
    )
    cleaning = Event.objects.create(
        calendar=room.calendar,
        title="Kebersihan",
        rule=mwf,
        start=at(datetime.date(2026, 4, 27), 15),
        end=at(datetime.date(2026, 4, 27), 16),
    )
    once = Event.objects.create(
        calendar=room.calendar, title="Audit inspektorat", start=at(21, 10), end=at(21, 12)
    )
    return [staff, village_day, cleaning, once]


def room_feed(client, room):
    response = client.get(reverse("bookings:room_feed", args=[room.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


# ------------------------------------------------------------------ public room feed


def test_room_feed_shows_busy_time_only_without_personal_data(
    client, room, approved, pending, blocks, operator
):
    raw = room_feed(client, room)
    events = components(raw, "VEVENT")
    sessions = [e for e in events if uid_of(e).startswith("booking-")]
    assert [uid_of(e) for e in sessions] == [feeds.booking_uid(approved.pk)]  # not the pending
    assert {value(e, "SUMMARY") for e in events} == {"Terpakai"}
    assert all("DESCRIPTION" not in e for e in events)
    text = raw.decode()
    for secret in (
        approved.title,
        pending.title,
        SECRET_DESCRIPTION,
        approved.contact_name,
        approved.contact_phone,
        approved.village.name,
        pending.village.name,
        operator.username,
        operator.email,
        "Rapat staf rahasia",
        "Agenda rahasia",
        "Kebersihan",
        "Audit inspektorat",
    ):
        assert secret not in text


def test_every_event_has_uid_dtstamp_sequence_status_and_wita_time(client, room, approved, blocks):
    raw = room_feed(client, room)
    (calendar,) = components(raw, "VCALENDAR")
    assert value(calendar, "VERSION") == "2.0" and value(calendar, "PRODID")
    (zone,) = components(raw, "VTIMEZONE")
    assert value(zone, "TZID") == "Asia/Makassar"
    (standard,) = components(raw, "STANDARD")
    assert value(standard, "TZOFFSETTO") == "+0800"
    events = components(raw, "VEVENT")
    assert len(events) == 1 + 4 + 1  # session, four blocks, one moved occurrence
    for event in events:
        assert value(event, "DTSTAMP").endswith("Z")
        assert int(value(event, "SEQUENCE")) >= 0
        assert value(event, "STATUS") in {"CONFIRMED", "CANCELLED"}
        for name in ("DTSTART", "DTEND"):
            assert params(event, name) == {"TZID": "Asia/Makassar"}
    (session,) = [e for e in events if uid_of(e) == f"booking-{approved.pk}@127.0.0.1:8000"]
    assert value(session, "DTSTART") == "20260507T090000"
    assert value(session, "DTEND") == "20260507T100000"
    assert value(session, "STATUS") == "CONFIRMED" and value(session, "SEQUENCE") == "0"


def test_recurring_blocks_are_one_event_each_with_rrule_and_exdate(client, room, blocks):
    staff, village_day, cleaning, once = blocks
    events = components(room_feed(client, room), "VEVENT")
    by_uid = {}
    for event in events:
        by_uid.setdefault(uid_of(event), []).append(event)
    assert set(by_uid) == {feeds.block_uid(block.pk) for block in blocks}
    # Not expanded: one master per block, plus one override for the moved occurrence.
    (master, moved) = sorted(by_uid[feeds.block_uid(staff.pk)], key=lambda e: "RECURRENCE-ID" in e)
    assert value(master, "RRULE") == "FREQ=WEEKLY;BYDAY=MO"
    assert value(master, "EXDATE") == "20260511T080000"
    assert params(master, "EXDATE") == {"TZID": "Asia/Makassar"}
    assert value(moved, "RECURRENCE-ID") == "20260518T080000"
    assert value(moved, "DTSTART") == "20260519T130000"
    (monthly,) = by_uid[feeds.block_uid(village_day.pk)]
    assert set(value(monthly, "RRULE").split(";")) == {
        "FREQ=MONTHLY",
        "UNTIL=20260707T045959Z",
        "BYSETPOS=1",
        "BYDAY=TU",
    }
    (mwf,) = by_uid[feeds.block_uid(cleaning.pk)]
    assert value(mwf, "RRULE") == "FREQ=WEEKLY;BYDAY=MO"  # django-scheduler's reading of the rule
    (one_off,) = by_uid[feeds.block_uid(once.pk)]
    assert "RRULE" not in one_off and value(one_off, "DTSTART") == "20260521T100000"


def test_expanding_the_feed_gives_django_schedulers_occurrences_for_three_months(
    client, room, blocks
):
    start = datetime.datetime(2026, 5, 1, tzinfo=WITA)
    end = datetime.datetime(2026, 8, 1, tzinfo=WITA)
    calendar = Calendar.from_ical(room_feed(client, room))
    expanded = {}
    for occurrence in recurring_ical_events.of(calendar).between(start, end):
        expanded.setdefault(str(occurrence["UID"]), set()).add(
            (occurrence.decoded("DTSTART"), occurrence.decoded("DTEND"))
        )
    total = 0
    for block in blocks:
        expected = {
            (o.start, o.end)
            for o in Event.objects.get(pk=block.pk).get_occurrences(start, end)
            if not o.cancelled
        }
        assert expanded.get(feeds.block_uid(block.pk), set()) == expected, block.title
        total += len(expected)
    # 13 Mondays less the cancelled one (the moved one counts), 2 first Tuesdays before the
    # end of the period, 13 Mondays of the reduced rule, the one-off block.
    assert total == 12 + 2 + 13 + 1
    assert (at(19, 13), at(19, 14, 30)) in expanded[feeds.block_uid(blocks[0].pk)]


def test_moving_raises_the_sequence_and_cancelling_marks_the_event_cancelled(
    client, room, approved, operator
):
    uid = feeds.booking_uid(approved.pk)
    services.booking_reschedule(booking=approved, by=operator, start=at(12, 13), end=at(12, 14))
    approved.refresh_from_db()
    assert approved.sequence == 1
    token = services.village_feed_token(village=approved.village)
    url = reverse("bookings:village_feed", args=[token.token])
    (event,) = components(client.get(url).content, "VEVENT")
    assert uid_of(event) == uid
    assert value(event, "SEQUENCE") == "1" and value(event, "DTSTART") == "20260512T130000"
    assert value(event, "STATUS") == "TENTATIVE"

    services.booking_cancel(booking=approved, by=operator)
    (event,) = components(client.get(url).content, "VEVENT")
    assert uid_of(event) == uid
    assert value(event, "SEQUENCE") == "2" and value(event, "STATUS") == "CANCELLED"


def test_a_cancelled_approved_session_stays_in_the_room_feed_as_cancelled(
    client, room, approved, operator
):
    services.booking_cancel(booking=approved, by=operator, reason="Kepala desa sakit")
    (event,) = components(room_feed(client, room), "VEVENT")
    assert uid_of(event) == feeds.booking_uid(approved.pk)
    assert value(event, "STATUS") == "CANCELLED" and value(event, "SEQUENCE") == "1"
    assert b"Kepala desa sakit" not in room_feed(client, room)


def test_unknown_or_inactive_room_feed_is_404(client, room):
    assert client.get(reverse("bookings:room_feed", args=["tidak-ada"])).status_code == 404
    room.active = False
    room.save()
    assert client.get(reverse("bookings:room_feed", args=[room.slug])).status_code == 404


def test_schedule_links_each_room_feed(frozen, client, room):
    html = client.get(reverse("bookings:schedule")).content.decode()
    assert f'href="/jadwal/{room.slug}.ics"' in html


# ------------------------------------------------------------------ private village feed


def test_village_feed_has_the_villages_own_sessions_in_full_detail(
    client, approved, pending, operator
):
    token = services.village_feed_token(village=approved.village)
    response = client.get(reverse("bookings:village_feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    (event,) = components(response.content, "VEVENT")  # not the other village's
    assert uid_of(event) == feeds.booking_uid(approved.pk)
    assert approved.title in value(event, "SUMMARY")
    description = "\n".join(unfold(response.content))
    assert "Rahasia: sengketa batas desa" in description
    assert "Seksi Pemerintahan" in value(event, "DESCRIPTION")
    assert pending.title not in response.content.decode()


def test_operator_sees_the_token_and_regenerating_it_revokes_the_old_url(
    client, operator, approved
):
    client.force_login(operator)
    page = client.get(reverse("bookings:feed_token"))
    assert page.status_code == 200
    old = VillageFeedToken.objects.get(village=approved.village).token
    old_url = reverse("bookings:village_feed", args=[old])
    assert f"http://testserver{old_url}" in page.content.decode()
    client.logout()
    assert client.get(old_url).status_code == 200

    client.force_login(operator)
    response = client.post(reverse("bookings:feed_token"))
    assert response.status_code == 302
    new = VillageFeedToken.objects.get(village=approved.village).token
    assert new != old and len(new) >= 40
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(reverse("bookings:village_feed", args=[new])).status_code == 200


def test_token_page_is_for_village_operators_only(client, staff_user, villages):
    response = client.get(reverse("bookings:feed_token"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    client.force_login(staff_user)
    assert client.get(reverse("bookings:feed_token")).status_code == 403
    assert client.post(reverse("bookings:feed_token")).status_code == 403
    assert not VillageFeedToken.objects.exists()


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("bookings:village_feed", args=["x" * 43])).status_code == 404


# ------------------------------------------------------------------ one booking


def test_booking_page_offers_an_ics_download(client, operator, other_operator, approved):
    client.force_login(operator)
    url = reverse("bookings:booking_calendar", args=[approved.pk])
    assert url in client.get(reverse("bookings:detail", args=[approved.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    (event,) = components(response.content, "VEVENT")
    assert uid_of(event) == feeds.booking_uid(approved.pk)
    assert value(event, "STATUS") == "CONFIRMED"
    assert components(response.content, "VTIMEZONE")
    client.force_login(other_operator)
    assert client.get(url).status_code == 404


def test_approval_mail_attachment_is_the_same_event_as_the_feeds(
    frozen, operator, staff_user, request_kwargs, django_capture_on_commit_callbacks, mailoutbox
):
    booking = services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_approve(booking=booking, by=staff_user)
    ((_name, content, _mimetype),) = mailoutbox[0].attachments
    (event,) = components(content, "VEVENT")
    assert uid_of(event) == feeds.booking_uid(booking.pk)
    assert value(event, "SEQUENCE") == "0" and value(event, "STATUS") == "CONFIRMED"


# ------------------------------------------------------------------ query counts


def _many(room, operator, staff_user, request_kwargs, count):
    """`count` approved sessions for the operator's village, and `count` recurring blocks."""
    weekly = Rule.objects.create(name="W", frequency="WEEKLY", params="byweekday:2")
    village = operator.profile.village
    for index in range(count):
        day = datetime.date(2026, 6, 1) + datetime.timedelta(days=index)
        Booking.objects.create(
            **{
                k: v
                for k, v in request_kwargs(operator, at(day, 8), at(day, 9)).items()
                if k not in {"by"}
            },
            status=Booking.Status.APPROVED,
        )
        event = Event.objects.create(
            calendar=room.calendar,
            title=f"Blok {index}",
            rule=weekly,
            start=at(day, 14),
            end=at(day, 15),
        )
        Occurrence.objects.create(
            event=event,
            start=at(day, 14),
            end=at(day, 15),
            original_start=at(day, 14),
            original_end=at(day, 15),
            cancelled=True,
        )
    return village


@pytest.mark.parametrize("count", [1, 25])
def test_feeds_cost_the_same_queries_whatever_the_data(
    frozen,
    client,
    room,
    operator,
    staff_user,
    request_kwargs,
    count,
    django_assert_num_queries,
):
    village = _many(room, operator, staff_user, request_kwargs, count)
    token = services.village_feed_token(village=village)
    # room; bookings; blocks; their occurrences
    with django_assert_num_queries(4):
        raw = room_feed(client, room)
    assert len(components(raw, "VEVENT")) == 2 * count
    # token with its village; bookings with room, village, section, category
    with django_assert_num_queries(2):
        response = client.get(reverse("bookings:village_feed", args=[token.token]))
    assert len(components(response.content, "VEVENT")) == count
