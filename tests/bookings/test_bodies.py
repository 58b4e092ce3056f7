"""Community bodies request sessions through the same form, rules and guarantees as the
village office; the office reads every body request and hears of each; access stays strict."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from bookings import reminders, services
from bookings.models import Booking, BookingHistory, Status
from bookings.rules import BookingError
from home import roles
from tests.bookings.conftest import at
from tests.bookings.test_views import booking_urls
from tests.conftest import make_body, make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def body_kwargs(request_kwargs, bpd):
    def build(by, start, end, body=bpd, **extra):
        return request_kwargs(by, start, end, village=body.village, body=body, **extra)

    return build


@pytest.fixture
def body_booking(frozen, bpd_member, body_kwargs):
    return services.booking_request(
        **body_kwargs(bpd_member, at(7, 13), at(7, 14), title="Aspirasi warga untuk musdes")
    )


# ------------------------------------------------------------------ the same form and rules


def test_a_body_requests_through_the_same_form(frozen, client, bpd, bpd_member, form_data):
    client.force_login(bpd_member)
    page = client.get(reverse("bookings:new")).content.decode()
    assert "atas nama <strong>BPD Batu Piring</strong>" in page
    response = client.post(reverse("bookings:new"), form_data)
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.village, booking.body, booking.requested_by) == (
        bpd.village,
        bpd,
        bpd_member,
    )
    assert booking.status == Status.PENDING
    assert response["Location"] == reverse("bookings:sent", args=[booking.pk])
    sent = client.get(response["Location"]).content.decode()
    assert "BPD Batu Piring (BPD (Badan Permusyawaratan Desa))" in sent


def test_holidays_opening_hours_and_the_database_constraint_hold_for_bodies(
    frozen, operator, bpd_member, request_kwargs, body_kwargs
):
    # Ascension Day.
    with pytest.raises(BookingError) as holiday:
        services.booking_request(**body_kwargs(bpd_member, at(14, 9), at(14, 10)))
    assert holiday.value.code == "closed"
    with pytest.raises(BookingError) as late:
        services.booking_request(**body_kwargs(bpd_member, at(7, 16), at(7, 17)))
    assert late.value.code == "outside_hours"
    # The office's time is not the body's to take, and the other way round.
    services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    with pytest.raises(BookingError) as taken:
        services.booking_request(**body_kwargs(bpd_member, at(7, 9, 30), at(7, 10, 30)))
    assert taken.value.code == "conflict"
    assert Booking.objects.count() == 1


def test_quota_is_per_body_and_never_takes_the_village_offices(
    frozen, room, operator, bpd, bpd_member, pkk_member, request_kwargs, body_kwargs
):
    """docs/bookings.md: each body has its own quota (max_open_per_body); the office's
    quota (max_open_per_village) counts only the office's own requests."""
    assert (room.max_open_per_village, room.max_open_per_body) == (3, 2)
    for hour in (8, 9):
        services.booking_request(**body_kwargs(bpd_member, at(7, hour), at(7, hour + 1)))
    with pytest.raises(BookingError) as full:
        services.booking_request(**body_kwargs(bpd_member, at(7, 10), at(7, 11)))
    assert full.value.code == "quota"
    assert "Lembaga Anda sudah memiliki 2 permohonan terbuka" in full.value.messages[0]
    # Another body of the same village has its own quota …
    pkk = pkk_member.profile.body
    services.booking_request(**body_kwargs(pkk_member, at(7, 10), at(7, 11), body=pkk))
    # … and the village office still has all three of its own.
    for hour in (11, 12, 13):
        services.booking_request(**request_kwargs(operator, at(7, hour), at(7, hour + 1)))
    with pytest.raises(BookingError) as office_full:
        services.booking_request(**request_kwargs(operator, at(8, 8), at(8, 9)))
    assert office_full.value.code == "quota"
    assert "Desa Anda sudah memiliki 3 permohonan terbuka" in office_full.value.messages[0]
    assert Booking.objects.filter(body=None).count() == 3
    assert Booking.objects.filter(body=bpd).count() == 2


def test_a_member_asks_only_for_their_own_active_body(
    frozen, operator, bpd, bpd_member, pkk_member, body_kwargs, request_kwargs
):
    pkk = pkk_member.profile.body
    with pytest.raises(PermissionDenied):
        services.booking_request(**body_kwargs(bpd_member, at(7, 9), at(7, 10), body=pkk))
    # Not for the office either, and the office's operator not for a body.
    with pytest.raises(PermissionDenied):
        services.booking_request(
            **request_kwargs(bpd_member, at(7, 9), at(7, 10), village=bpd.village)
        )
    with pytest.raises(PermissionDenied):
        services.booking_request(**body_kwargs(operator, at(7, 9), at(7, 10)))
    assert not Booking.objects.exists()


# ------------------------------------------------------------------ following their requests


def test_a_body_sees_only_its_own_requests(
    frozen, client, booking, body_booking, bpd_member, pkk_member, body_kwargs
):
    pkk = pkk_member.profile.body
    other = services.booking_request(
        **body_kwargs(pkk_member, at(7, 10), at(7, 11), body=pkk, title="Kelas gizi balita")
    )
    client.force_login(bpd_member)
    html = client.get(reverse("bookings:list")).content.decode()
    assert "Permohonan lembaga saya" in html
    assert body_booking.title in html
    assert booking.title not in html and other.title not in html
    detail = client.get(reverse("bookings:detail", args=[body_booking.pk]))
    assert detail.status_code == 200
    assert reverse("bookings:cancel", args=[body_booking.pk]) in detail.content.decode()


def test_a_body_answers_the_kecamatans_question_and_can_cancel(
    frozen, client, body_booking, bpd_member, staff_user
):
    services.booking_ask_info(booking=body_booking, by=staff_user, question="Siapa yang hadir?")
    client.force_login(bpd_member)
    response = client.post(
        reverse("bookings:answer", args=[body_booking.pk]), {"answer": "Ketua dan sekretaris"}
    )
    assert response.status_code == 302
    body_booking.refresh_from_db()
    assert (body_booking.status, body_booking.info_answer) == (
        Status.PENDING,
        "Ketua dan sekretaris",
    )
    response = client.post(reverse("bookings:cancel", args=[body_booking.pk]), {"reason": "x"})
    assert response.status_code == 302
    body_booking.refresh_from_db()
    assert body_booking.status == Status.CANCELLED


# ------------------------------------------------------------------ the village office


def test_the_village_office_reads_every_body_request_and_changes_none(
    frozen, client, operator, body_booking, staff_user
):
    services.booking_ask_info(booking=body_booking, by=staff_user, question="Siapa yang hadir?")
    client.force_login(operator)
    listing = client.get(reverse("bookings:list")).content.decode()
    assert body_booking.title in listing
    assert "BPD Batu Piring (BPD (Badan Permusyawaratan Desa))" in listing
    assert reverse("bookings:cancel", args=[body_booking.pk]) not in listing
    detail = client.get(reverse("bookings:detail", args=[body_booking.pk])).content.decode()
    assert "lembaga kemasyarakatan desa Anda" in detail
    for url in (
        reverse("bookings:cancel", args=[body_booking.pk]),
        reverse("bookings:reschedule", args=[body_booking.pk]),
        reverse("bookings:answer", args=[body_booking.pk]),
    ):
        assert url not in detail
        assert client.post(url, {"reason": "x", "answer": "x"}).status_code == 404, url
    with pytest.raises(PermissionDenied):
        services.booking_cancel(booking=body_booking, by=operator, reason="x")
    body_booking.refresh_from_db()
    assert body_booking.status == Status.INFO_REQUESTED


def test_every_body_request_mails_the_body_the_village_office_and_the_section(
    frozen,
    villages,
    operator,
    bpd,
    bpd_member,
    body_kwargs,
    staff_user,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    village = villages[0]
    village.email = "kantor@batu-piring.example.test"
    village.save()
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_request(**body_kwargs(bpd_member, at(7, 9), at(7, 10)))
    body_mail, office_mail, staff_mail = mailoutbox
    assert set(body_mail.to) == {bpd.email, bpd_member.email}
    assert body_mail.body.startswith("Kepada BPD Batu Piring,")
    assert set(office_mail.to) == {village.email, operator.email}
    assert "Sebagai informasi: ini mengenai permohonan BPD Batu Piring" in office_mail.body
    assert "Permohonan koordinasi diterima" in office_mail.subject
    assert "Diajukan oleh: BPD Batu Piring (BPD" in staff_mail.body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_approve(booking=booking, by=staff_user)
    body_mail, office_mail = mailoutbox
    assert body_mail.attachments and set(office_mail.to) == {village.email, operator.email}


def test_the_body_gets_the_reminder(frozen, body_booking, bpd, bpd_member, staff_user, mailoutbox):
    services.booking_approve(booking=body_booking, by=staff_user)
    frozen.move_to(at(6, 14))
    assert reminders.send_due_reminders() == 1
    to_body = [m for m in mailoutbox if bpd.email in m.to]
    assert len(to_body) == 1 and bpd_member.email in to_body[0].to
    assert to_body[0].body.startswith("Kepada BPD Batu Piring,")


# ------------------------------------------------------------------ the permission matrix


def test_another_body_of_the_same_village_gets_404_on_every_booking_url(
    frozen, client, body_booking, pkk_member
):
    client.force_login(pkk_member)
    for method, url in booking_urls(body_booking.pk):
        response = getattr(client, method)(url, {"reason": "x", "answer": "x"})
        assert response.status_code == 404, url
        assert body_booking.title not in response.content.decode()
    assert body_booking.title not in client.get(reverse("bookings:list")).content.decode()
    body_booking.refresh_from_db()
    assert body_booking.status == Status.PENDING


def test_another_villages_operator_and_body_get_404_on_a_body_request(
    frozen, client, body_booking, other_operator, villages
):
    other_body_member = make_member("bpd-inan", make_body(villages[2], "bpd", "BPD Inan"))
    for user in (other_operator, other_body_member):
        client.force_login(user)
        for method, url in booking_urls(body_booking.pk):
            response = getattr(client, method)(url, {"reason": "x", "answer": "x"})
            assert response.status_code == 404, (user, url)
        assert body_booking.title not in client.get(reverse("bookings:list")).content.decode()
    body_booking.refresh_from_db()
    assert body_booking.status == Status.PENDING


def test_a_body_gets_404_on_its_village_offices_requests(frozen, client, booking, bpd_member):
    client.force_login(bpd_member)
    for method, url in booking_urls(booking.pk):
        assert getattr(client, method)(url, {"reason": "x"}).status_code == 404, url
    booking.refresh_from_db()
    assert booking.status == Status.PENDING


def test_anonymous_visitors_get_nothing_of_a_body_request(frozen, body_booking):
    client = Client()
    for method, url in booking_urls(body_booking.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/"), url


def test_a_withdrawn_bodys_member_gets_nothing(frozen, client, body_booking, bpd, bpd_member):
    client.force_login(bpd_member)
    bpd.active = False
    bpd.save()
    assert client.get(reverse("bookings:list")).status_code == 403
    assert client.get(reverse("bookings:detail", args=[body_booking.pk])).status_code == 404


def test_bodies_do_not_use_the_village_offices_waitlist_or_feed(
    frozen, client, bpd_member, form_data, operator, request_kwargs
):
    services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    client.force_login(bpd_member)
    response = client.post(reverse("bookings:new"), form_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "sudah terisi" in html
    assert reverse("bookings:waitlist_join") not in html
    assert client.get(reverse("bookings:feed_token")).status_code == 403


# ------------------------------------------------------------------ staff see who asks


def test_staff_see_the_body_and_its_kind_in_queue_detail_and_calendar(
    frozen, client, body_booking, django_user_model
):
    staff = make_user(django_user_model, "staf-lihat", group=roles.STAFF, is_staff=True)
    client.force_login(staff)
    label = "BPD Batu Piring (BPD (Badan Permusyawaratan Desa))"
    queue = client.get(reverse("bookings_staff:queue")).content.decode()
    assert label in queue
    detail = client.get(reverse("bookings_staff:detail", args=[body_booking.pk])).content.decode()
    assert label in detail
    calendar = client.get(reverse("bookings_staff:calendar"), {"tanggal": "2026-05-07"})
    assert label in calendar.content.decode()
    assert BookingHistory.objects.filter(booking=body_booking).count() == 1


# ------------------------------------------------------------------ query counts


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_bodys_list_and_the_offices_body_page_cost_the_same_queries_whatever_the_data(
    frozen, client, room, section, category, operator, bpd, bpd_member
):
    from tests.factories import BookingFactory

    def grow(first, count):
        for number in range(first, first + count):
            start = at(18, 8) + datetime.timedelta(days=number // 8, minutes=30 * (number % 8))
            status = Status.PENDING if number % 2 else Status.HELD
            BookingFactory(
                room=room,
                village=bpd.village,
                body=bpd,
                start=start,
                end=start + datetime.timedelta(minutes=30),
                status=status,
            )
            make_member(f"anggota-{number}", make_body(bpd.village, "lpm", f"LPM {number}"))

    client.force_login(bpd_member)
    client.get(reverse("bookings:list"))  # warm up: site settings are created once
    grow(0, 2)
    few = _queries(client, reverse("bookings:list"))
    client.force_login(operator)
    few_office = _queries(client, reverse("body_manage"))
    grow(2, 30)
    assert _queries(client, reverse("body_manage")) == few_office
    client.force_login(bpd_member)
    assert _queries(client, reverse("bookings:list")) == few
    assert Booking.objects.filter(body=bpd).count() == 32
