"""The public schedule, the operator's pages, access between villages, e-mails and queries."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from bookings import services
from bookings.models import Booking, Status
from home import roles
from tests.bookings.conftest import at
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "public"
    return settings.PRIVATE_MEDIA_ROOT


# ------------------------------------------------------------------ public schedule


def test_schedule_shows_free_and_busy_without_personal_data(
    frozen, client, booking, staff_user, room
):
    services.booking_approve(booking=booking, by=staff_user)
    html = client.get(reverse("bookings:schedule"), {"tanggal": "2026-05-07"}).content.decode()
    assert "09.00–10.00" in html and "Terisi" in html
    for secret in (
        booking.title,
        booking.contact_name,
        booking.contact_phone,
        str(booking.village),
        booking.village.name,
        booking.description,
    ):
        assert secret not in html
    assert 'href="/reservasi/baru/?ruang=' in html


def test_schedule_week_navigation_and_jump(frozen, client, room):
    html = client.get(reverse("bookings:schedule"), {"tanggal": "2026-05-13"}).content.decode()
    assert "11 Mei 2026 – 17 Mei 2026" in html
    assert "?tanggal=2026-05-04" in html and "?tanggal=2026-05-18" in html
    assert "hari libur nasional: Kenaikan Yesus Kristus" in html
    bad = client.get(reverse("bookings:schedule"), {"tanggal": "bukan-tanggal"})
    assert bad.status_code == 200


def test_schedule_free_slot_opens_a_prefilled_form(frozen, client, operator, room):
    client.force_login(operator)
    response = client.get(
        reverse("bookings:new"),
        {"ruang": room.pk, "mulai": "2026-05-07T09:00", "selesai": "2026-05-07T10:00"},
    )
    html = response.content.decode()
    assert 'value="2026-05-07"' in html and 'value="09:00"' in html and 'value="10:00"' in html


def test_recurring_block_is_busy_on_the_schedule(frozen, client, room):
    from schedule.models import Event, Rule

    weekly = Rule.objects.create(name="Mingguan", frequency="WEEKLY", params="byweekday:0")
    Event.objects.create(
        calendar=room.calendar,
        title="Rapat staf rahasia",
        rule=weekly,
        start=at(4, 8),
        end=at(4, 9, 30),
    )
    html = client.get(reverse("bookings:schedule"), {"tanggal": "2026-05-11"}).content.decode()
    assert "08.00–09.30" in html
    assert "Rapat staf rahasia" not in html


# ------------------------------------------------------------------ operator flow


def test_operator_requests_a_slot_and_sees_the_confirmation(frozen, client, operator, form_data):
    client.force_login(operator)
    response = client.post(reverse("bookings:new"), form_data)
    booking = Booking.objects.get()
    assert response["Location"] == reverse("bookings:sent", args=[booking.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Menunggu persetujuan" in html
    assert "https://wa.me/?text=" in html and "Laporan%20APBDes" in html
    assert booking.village == operator.profile.village


def test_the_village_comes_from_the_account_not_the_form(
    frozen, client, operator, villages, form_data
):
    client.force_login(operator)
    client.post(reverse("bookings:new"), {**form_data, "village": villages[7].pk})
    assert Booking.objects.get().village == operator.profile.village


def test_rule_failure_is_a_clear_message_on_the_form(frozen, client, operator, form_data):
    client.force_login(operator)
    response = client.post(reverse("bookings:new"), {**form_data, "date": "2026-05-14"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ruang tidak dapat dipesan pada" in html and "Kenaikan" in html
    assert not Booking.objects.exists()


def test_over_capacity_is_a_field_error(frozen, client, operator, form_data):
    client.force_login(operator)
    html = client.post(reverse("bookings:new"), {**form_data, "attendees": 40}).content.decode()
    assert "paling banyak 12 orang" in html
    assert not Booking.objects.exists()


def test_taken_slot_offers_the_nearest_free_slots(
    frozen, client, booking, other_operator, form_data
):
    client.force_login(other_operator)
    response = client.post(reverse("bookings:new"), form_data)
    html = response.content.decode()
    assert "sudah terisi" in html
    assert 'name="slot" value="2026-05-07T08:00/2026-05-07T09:00"' in html
    assert 'name="slot" value="2026-05-07T10:00/2026-05-07T11:00"' in html
    assert Booking.objects.count() == 1


def test_attachment_is_private_and_served_only_to_owner_and_staff(
    frozen, client, operator, other_operator, staff_user, form_data, private_media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator)
    upload = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    client.post(reverse("bookings:new"), {**form_data, "attachment": upload})
    booking = Booking.objects.get()
    assert (private_media / booking.attachment.name).exists()
    url = reverse("bookings:attachment", args=[booking.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(other_operator)
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_fake_pdf_attachment_is_refused(frozen, client, operator, form_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator)
    upload = SimpleUploadedFile(
        "surat.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    html = client.post(
        reverse("bookings:new"), {**form_data, "attachment": upload}
    ).content.decode()
    assert "tidak sesuai dengan jenisnya" in html
    assert not Booking.objects.exists()


def test_list_shows_upcoming_and_past_with_status(frozen, client, operator, booking):
    client.force_login(operator)
    html = client.get(reverse("bookings:list")).content.decode()
    assert booking.title in html and "Menunggu persetujuan" in html
    assert reverse("bookings:cancel", args=[booking.pk]) in html


def test_operator_cancels_before_start(frozen, client, operator, booking):
    client.force_login(operator)
    response = client.post(reverse("bookings:cancel", args=[booking.pk]), {"reason": "Batal"})
    assert response["Location"] == reverse("bookings:list")
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED


def test_operator_moves_to_another_free_slot(frozen, client, operator, booking):
    client.force_login(operator)
    response = client.post(
        reverse("bookings:reschedule", args=[booking.pk]),
        {"date": "2026-05-08", "start_time": "08:00", "end_time": "09:00"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.start, booking.status) == (at(8, 8), Status.PENDING)


def test_operator_answers_the_kecamatan_question(frozen, client, operator, booking, staff_user):
    services.booking_ask_info(booking=booking, by=staff_user, question="Berapa peserta pasti?")
    client.force_login(operator)
    html = client.get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert "Berapa peserta pasti?" in html
    response = client.post(reverse("bookings:answer", args=[booking.pk]), {"answer": "Lima"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.info_answer) == (Status.PENDING, "Lima")
    empty = client.post(reverse("bookings:answer", args=[booking.pk]), {"answer": ""})
    assert empty.status_code == 400


def test_staff_and_unlinked_users_get_a_clear_page_not_the_form(
    frozen, client, staff_user, django_user_model
):
    client.force_login(staff_user)
    response = client.get(reverse("bookings:new"))
    assert response.status_code == 403 and "/admin/" in response.content.decode()
    client.force_login(make_user(django_user_model, "tanpa-desa"))
    assert client.get(reverse("bookings:list")).status_code == 403


def test_invalid_submissions_are_not_counted_as_accepted_ones(frozen, client, operator, form_data):
    """Thirty-one corrections stay below the bound for invalid submissions (see
    test_rate_limits.py for the limits themselves)."""
    client.force_login(operator)
    codes = [client.post(reverse("bookings:new"), {"title": ""}).status_code for _ in range(31)]
    assert codes == [200] * 31
    assert not Booking.objects.exists()


# ------------------------------------------------------------------ access


def booking_urls(pk):
    return [
        ("get", reverse("bookings:detail", args=[pk])),
        ("get", reverse("bookings:sent", args=[pk])),
        ("get", reverse("bookings:cancel", args=[pk])),
        ("post", reverse("bookings:cancel", args=[pk])),
        ("get", reverse("bookings:reschedule", args=[pk])),
        ("post", reverse("bookings:reschedule", args=[pk])),
        ("post", reverse("bookings:answer", args=[pk])),
        ("get", reverse("bookings:attachment", args=[pk])),
    ]


def test_another_villages_operator_gets_404_on_every_booking_url(
    frozen, client, other_operator, booking
):
    client.force_login(other_operator)
    for method, url in booking_urls(booking.pk):
        response = getattr(client, method)(url, {"reason": "x", "answer": "x"})
        assert response.status_code == 404, url
        assert booking.title not in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Status.PENDING
    assert booking.title not in client.get(reverse("bookings:list")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(frozen, client, booking):
    for method, url in [
        *booking_urls(booking.pk),
        ("get", reverse("bookings:list")),
        ("get", reverse("bookings:new")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/"), url


# ------------------------------------------------------------------ e-mails


def test_new_request_mails_the_village_and_the_section_in_indonesian(
    frozen,
    operator,
    request_kwargs,
    section,
    django_user_model,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    make_user(django_user_model, "staf-pem", group=roles.STAFF, section=section)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    village_mail, staff_mail = mailoutbox
    assert operator.email in village_mail.to
    assert "Permohonan koordinasi diterima" in village_mail.subject
    assert "menunggu persetujuan kecamatan" in village_mail.body
    assert "Kamis, 7 Mei 2026" in village_mail.body and "09.00–10.00 WITA" in village_mail.body
    assert set(staff_mail.to) == {"pemerintahan@example.test", "staf-pem@example.test"}
    assert "Kepada staf kecamatan" in staff_mail.body


def test_approval_mail_has_an_ics_invitation(
    frozen, booking, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_approve(booking=booking, by=staff_user)
    (message,) = mailoutbox
    assert "Sesi koordinasi disetujui" in message.subject
    assert "Undangan kalender terlampir" in message.body
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(7, 9)
    assert event.decoded("dtend") == at(7, 10)


def test_every_change_mails_the_village(
    frozen, booking, staff_user, operator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_ask_info(booking=booking, by=staff_user, question="Dokumen apa saja?")
        services.booking_answer_info(booking=booking, by=operator, answer="RAB dan SK")
        services.booking_reject(booking=booking, by=staff_user, reason="Sudah ditangani")
    subjects = [m.subject for m in mailoutbox if operator.email in m.to]
    assert any("meminta informasi tambahan" in s for s in subjects)
    assert any("Jawaban Anda sudah terkirim" in s for s in subjects)
    rejected = [m for m in mailoutbox if "ditolak" in m.subject]
    assert rejected and "Alasan: Sudah ditangani" in rejected[0].body


# ------------------------------------------------------------------ query counts


def _many_bookings(room, section, category, villages, count):
    Booking.objects.bulk_create(
        Booking(
            room=room,
            village=villages[i % len(villages)],
            section=section,
            category=category,
            title=f"Sesi {i}",
            description="x",
            attendees=2,
            contact_name="x",
            contact_phone="0812345678",
            start=at(datetime.date(2026, 5, 18) + datetime.timedelta(days=i // 8), 8)
            + datetime.timedelta(minutes=30 * (i % 8)),
            end=at(datetime.date(2026, 5, 18) + datetime.timedelta(days=i // 8), 8, 30)
            + datetime.timedelta(minutes=30 * (i % 8)),
            status=Status.PENDING if i % 2 else Status.HELD,
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [2, 40])
def test_schedule_query_count_is_constant(
    frozen, client, room, section, category, villages, count, django_assert_num_queries
):
    from schedule.models import Event, Rule

    _many_bookings(room, section, category, list(villages), count)
    weekly = Rule.objects.create(name="Mingguan", frequency="WEEKLY", params="byweekday:0")
    for number in range(count // 2):
        Event.objects.create(
            calendar=room.calendar,
            title=f"Blok {number}",
            rule=weekly,
            start=at(4, 8),
            end=at(4, 9),
        )
    client.get(reverse("bookings:schedule"))  # warm up: site settings are created once
    # room, opening hours, closures, events, their persisted occurrences, bookings (the site
    # and its settings are kept per content generation)
    with django_assert_num_queries(6):
        response = client.get(reverse("bookings:schedule"), {"tanggal": "2026-05-18"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 40])
def test_list_query_count_is_constant(
    frozen,
    client,
    room,
    section,
    category,
    villages,
    operator,
    count,
    django_assert_num_queries,
):
    _many_bookings(room, section, category, [operator.profile.village], count)
    client.force_login(operator)
    client.get(reverse("bookings:list"))  # warm up: site settings are created once
    # 5 (the session, the user, the profile with its village, …) + the village's waitlist
    # offers and entries + the header's to-do counts + the past page (the held sessions are
    # past, and a page with rows costs its query); the site and its settings are kept per
    # content generation
    with django_assert_num_queries(8):
        response = client.get(reverse("bookings:list"))
    assert response.status_code == 200
