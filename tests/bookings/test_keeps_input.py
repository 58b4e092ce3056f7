"""Operators never lose what they typed: a suggested time re-posts the whole form, a valid
attachment survives a failed submit, answers carry a document, suggestions leave out the
booking's own time."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bookings import services
from bookings.models import Booking, BookingHistory, PendingUpload, Status
from tests.bookings.conftest import at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"

# What an operator really types: spaces at the ends, line breaks, quotes, accents, emoji.
MESSY = {
    "title": "  Laporan “APBDes” 2025 — revisi ke-2 ✅  ",
    "description": "Baris 1: realisasi belum cocok.\r\nBaris 2: SPJ kurang 3 kuitansi 🙏\r\n\r\n"
    "Catatan: <b>penting</b> & mendesak.",
    "attendees": "7",
    "contact_name": "Hj. Siti Nur'aini",
    "contact_phone": "+62 812-3456-7890",
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "public"
    return settings.PRIVATE_MEDIA_ROOT


def _pdf(name="Surat Permohonan (final).pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _slots(html):
    return re.findall(r'name="slot" value="([^"]+)"', html)


def test_a_suggested_time_reposts_every_field_typed(
    frozen, client, booking, other_operator, form_data, other_section, other_category
):
    client.force_login(other_operator)
    data = {**form_data, **MESSY, "section": other_section.pk, "category": other_category.pk}
    html = client.post(reverse("bookings:new"), data).content.decode()
    slots = _slots(html)
    assert "2026-05-07T10:00/2026-05-07T11:00" in slots
    # Each suggestion is a submit button of the request form itself, not a link.
    assert html.count('form="request-form" name="slot"') == len(slots)
    response = client.post(
        reverse("bookings:new"), {**data, "slot": "2026-05-07T10:00/2026-05-07T11:00"}
    )
    assert response.status_code == 302
    made = Booking.objects.exclude(pk=booking.pk).get()
    assert (made.start, made.end) == (at(7, 10), at(7, 11))
    assert made.title == MESSY["title"].strip()
    assert made.description == MESSY["description"]
    assert (made.section, made.category) == (other_section, other_category)
    assert (made.attendees, made.contact_name, made.contact_phone) == (
        7,
        MESSY["contact_name"],
        MESSY["contact_phone"],
    )


def test_a_garbled_slot_value_changes_nothing_and_keeps_the_form(
    frozen, client, booking, other_operator, form_data
):
    client.force_login(other_operator)
    html = client.post(
        reverse("bookings:new"), {**form_data, **MESSY, "slot": "kemarin/besok"}
    ).content.decode()
    assert "sudah terisi" in html
    # As typed, whichever way the apostrophe is escaped in the value attribute.
    assert "Hj. Siti Nur'aini" in unescape(html) and "revisi ke-2" in html
    assert Booking.objects.count() == 1


def test_an_attachment_survives_a_taken_time_and_goes_with_the_chosen_suggestion(
    frozen, client, booking, other_operator, form_data, private_media
):
    client.force_login(other_operator)
    html = client.post(
        reverse("bookings:new"), {**form_data, "attachment": _pdf()}
    ).content.decode()
    kept = PendingUpload.objects.get(user=other_operator)
    assert "Surat Permohonan (final).pdf" in html
    assert f'name="pending_upload" value="{kept.pk}"' in html
    response = client.post(
        reverse("bookings:new"),
        {**form_data, "pending_upload": kept.pk, "slot": _slots(html)[0]},
    )
    assert response.status_code == 302
    made = Booking.objects.exclude(pk=booking.pk).get()
    assert made.attachment.name.endswith(".pdf")
    assert (private_media / made.attachment.name).read_bytes() == PDF
    assert not PendingUpload.objects.exists()


def test_an_attachment_survives_a_missing_field(frozen, client, operator, form_data):
    client.force_login(operator)
    data = {**form_data, "title": "   ", "attachment": _pdf("foto kantor desa.PNG")}
    data["attachment"] = SimpleUploadedFile(
        "foto kantor desa.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png"
    )
    html = client.post(reverse("bookings:new"), data).content.decode()
    assert "foto kantor desa.PNG" in html
    assert not Booking.objects.exists()
    kept = PendingUpload.objects.get()
    client.post(
        reverse("bookings:new"), {**form_data, "title": "Foto kantor", "pending_upload": kept.pk}
    )
    assert Booking.objects.get().attachment.name.lower().endswith(".png")


def test_another_users_kept_attachment_cannot_be_used(
    frozen, client, booking, operator, other_operator, form_data
):
    client.force_login(other_operator)
    client.post(reverse("bookings:new"), {**form_data, "attachment": _pdf()})
    kept = PendingUpload.objects.get(user=other_operator)
    client.force_login(operator)
    response = client.post(
        reverse("bookings:new"),
        {**form_data, "start_time": "13:00", "end_time": "14:00", "pending_upload": kept.pk},
    )
    assert response.status_code == 302
    assert not Booking.objects.get(start=at(7, 13)).attachment


def test_a_bad_attachment_is_refused_with_a_message_and_not_kept(
    frozen, client, operator, form_data
):
    client.force_login(operator)
    fake = SimpleUploadedFile("laporan.pdf", b"<html>bukan pdf</html>", "application/pdf")
    html = client.post(reverse("bookings:new"), {**form_data, "attachment": fake}).content.decode()
    assert "tidak sesuai dengan jenisnya" in html
    assert not PendingUpload.objects.exists() and not Booking.objects.exists()


def test_joining_the_waitlist_with_a_bad_field_keeps_everything_typed(
    frozen, client, booking, other_operator, form_data
):
    client.force_login(other_operator)
    data = {**form_data, **MESSY, "attendees": "900"}
    response = client.post(reverse("bookings:waitlist_join"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "revisi ke-2" in html and "SPJ kurang 3 kuitansi" in html and "+62 812-3456-7890" in html


def test_reschedule_suggestions_leave_out_the_bookings_own_time(
    frozen, client, operator, other_operator, request_kwargs, booking
):
    # The 10–11 slot is taken by another village; moving 9–10 to 10–11 conflicts.
    services.booking_request(**request_kwargs(other_operator, at(7, 10), at(7, 11)))
    client.force_login(operator)
    html = client.post(
        reverse("bookings:reschedule", args=[booking.pk]),
        {"date": "2026-05-07", "start_time": "10:00", "end_time": "11:00"},
    ).content.decode()
    slots = _slots(html)
    assert slots, "a conflict offers free times"
    assert "2026-05-07T09:00/2026-05-07T10:00" not in slots
    assert 'form="reschedule-form"' in html
    response = client.post(
        reverse("bookings:reschedule", args=[booking.pk]),
        {"date": "2026-05-07", "start_time": "10:00", "end_time": "11:00", "slot": slots[0]},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start.strftime("%H:%M") != "09:00"


def test_reschedule_history_shows_the_move_not_pending_to_pending(
    frozen, client, operator, booking
):
    client.force_login(operator)
    client.post(
        reverse("bookings:reschedule", args=[booking.pk]),
        {"date": "2026-05-08", "start_time": "08:00", "end_time": "09:00"},
    )
    html = client.get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert "Menunggu persetujuan → Menunggu persetujuan" not in html
    assert "Dipindah ke waktu lain" in html
    assert "Kamis, 7 Mei 2026 09.00–10.00" in html and "Jumat, 8 Mei 2026 08.00–09.00" in html


def test_an_answer_carries_a_document_for_staff(
    frozen, client, operator, other_operator, staff_user, booking, private_media
):
    services.booking_ask_info(booking=booking, by=staff_user, question="Mohon lampirkan BKU.")
    client.force_login(operator)
    response = client.post(
        reverse("bookings:answer", args=[booking.pk]),
        {"answer": "  Terlampir BKU Oktober.\r\n", "attachment": _pdf("BKU Okt 2025.pdf")},
    )
    assert response.status_code == 302
    entry = BookingHistory.objects.get(booking=booking, action="answer_info")
    assert entry.note == "Terlampir BKU Oktober."
    url = reverse("bookings:history_attachment", args=[booking.pk, entry.pk])
    assert url in client.get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    client.force_login(staff_user)
    staff_page = client.get(reverse("bookings_staff:detail", args=[booking.pk])).content.decode()
    assert url in staff_page
    got = client.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    client.force_login(other_operator)
    assert client.get(url).status_code == 404


def test_an_answer_with_a_wrong_file_changes_nothing_and_keeps_the_text(
    frozen, client, operator, staff_user, booking
):
    services.booking_ask_info(booking=booking, by=staff_user, question="Mohon lampirkan BKU.")
    client.force_login(operator)
    bad = SimpleUploadedFile("BKU.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(
        reverse("bookings:answer", args=[booking.pk]),
        {"answer": "Terlampir BKU, mohon dicek 🙏", "attachment": bad},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Lampirkan berkas PDF, JPG, atau PNG" in html and "mohon dicek 🙏" in html
    booking.refresh_from_db()
    assert booking.status == Status.INFO_REQUESTED and booking.info_answer == ""
