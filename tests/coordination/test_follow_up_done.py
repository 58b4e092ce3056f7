"""A village reports its follow-up done ("selesai") with a note and evidence; staff confirm or
reopen it. Progress notes carry a file under the same rules as booking attachments; a failed
note comes back with what was typed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination import services
from coordination.models import (
    FOLLOW_UP_MOVES,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    SessionOutcome,
)
from tests.factories import wita

pytestmark = pytest.mark.django_db

JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def item(villages, booking_factory):
    booking = booking_factory(villages[0], wita(2026, 4, 1))
    outcome = SessionOutcome.objects.create(booking=booking, published=True)
    return FollowUp.objects.create(
        outcome=outcome, title="Perbaiki BKU Oktober", due_date=datetime.date(2020, 1, 1)
    )


def _photo(name="Foto papan informasi.JPG"):
    return SimpleUploadedFile(name, JPG, content_type="image/jpeg")


def test_village_reports_done_with_note_and_evidence(client, operator, item, private_media):
    client.force_login(operator)
    response = client.post(
        reverse("coordination:progress", args=[item.pk]),
        {
            "note": "  BKU sudah diperbaiki & ditandatangani.\r\n",
            "done": "on",
            "attachment": _photo(),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FollowUpStatus.REPORTED
    event = item.events.get(kind=FollowUpEvent.Kind.STATUS, to_status=FollowUpStatus.REPORTED)
    assert event.note == "BKU sudah diperbaiki & ditandatangani." and event.by == operator
    assert (private_media / event.attachment.name).read_bytes() == JPG
    page = client.get(reverse("coordination:follow_ups")).content.decode()
    assert reverse("coordination:evidence", args=[event.pk]) in page
    assert "Dilaporkan selesai; menunggu konfirmasi kecamatan." in page


def test_a_reported_action_is_not_overdue_for_the_village(client, operator, item):
    services.follow_up_report_done(follow_up=item, by=operator, note="Selesai")
    client.force_login(operator)
    page = client.get(reverse("coordination:follow_ups")).content.decode()
    page = page[page.index("<body") :]  # past the stylesheet, which names the class
    assert "followup--overdue" not in page
    assert services.reminders_send_overdue() == 0


def test_staff_confirm_a_report(client, staff_user, operator, item):
    services.follow_up_report_done(follow_up=item, by=operator, note="Selesai")
    client.force_login(staff_user)
    listing = client.get("/admin/coordination/follow-ups/?show=reported").content.decode()
    assert "Perbaiki BKU Oktober" in listing and "Konfirmasi: selesai" in listing
    client.post(f"/admin/coordination/follow-ups/{item.pk}/move/", {"status": "done"})
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE and item.done_at is not None


def test_staff_reopen_a_report_and_the_village_works_on(client, staff_user, operator, item):
    services.follow_up_report_done(follow_up=item, by=operator, note="Selesai")
    client.force_login(staff_user)
    client.post(
        f"/admin/coordination/follow-ups/{item.pk}/move/",
        {"status": "in_progress", "note": "Tanda tangan camat belum ada"},
    )
    item.refresh_from_db()
    assert item.status == FollowUpStatus.IN_PROGRESS
    client.force_login(operator)
    client.post(reverse("coordination:progress", args=[item.pk]), {"note": "Sudah ditandatangani"})
    assert item.events.filter(kind=FollowUpEvent.Kind.PROGRESS).count() == 1


def test_staff_cannot_report_for_the_village_and_villages_cannot_confirm(
    staff_user, operator, item
):
    with pytest.raises(services.OutcomeError):
        services.follow_up_move(follow_up=item, by=staff_user, to=FollowUpStatus.REPORTED)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.follow_up_move(follow_up=item, by=operator, to=FollowUpStatus.DONE)
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN


def test_done_is_final_and_reported_can_go_back_only_to_in_progress():
    assert FOLLOW_UP_MOVES[FollowUpStatus.DONE] == ()
    assert FollowUpStatus.OPEN not in FOLLOW_UP_MOVES[FollowUpStatus.REPORTED]
    assert FollowUpStatus.IN_PROGRESS in FOLLOW_UP_MOVES[FollowUpStatus.REPORTED]


def test_a_wrong_file_refuses_the_note_and_keeps_what_was_typed(client, operator, item):
    client.force_login(operator)
    fake = SimpleUploadedFile("bukti.jpg", b"GIF89a not a jpeg", content_type="image/jpeg")
    response = client.post(
        reverse("coordination:progress", args=[item.pk]),
        {"note": "Sudah dimediasi di balai desa \U0001f44d", "done": "on", "attachment": fake},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "tidak sesuai dengan jenisnya" in html
    assert "Sudah dimediasi di balai desa \U0001f44d" in html
    assert 'name="done" value="on" checked' in html
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN and not item.events.exists()


def test_evidence_is_only_for_the_village_and_staff(
    client, operator, other_operator, staff_user, item
):
    event = services.follow_up_add_progress(
        follow_up=item, by=operator, note="Foto kegiatan", attachment=_photo()
    )
    url = reverse("coordination:evidence", args=[event.pk])
    client.force_login(operator)
    assert client.get(url).status_code == 200
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    client.force_login(other_operator)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_follow_up_and_minutes_mails_link_straight_to_the_item(operator, item, mailoutbox):
    from django.conf import settings

    from coordination.notifications import deliver

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert deliver(f"assigned:{item.pk}") == 1
    assert f"{base}/tindak-lanjut/#tl-{item.pk}" in mailoutbox[-1].body
    assert deliver(f"minutes:{item.outcome.pk}") == 1
    booking_pk = item.outcome.booking_id
    assert f"{base}/tindak-lanjut/sesi/{booking_pk}/" in mailoutbox[-1].body
