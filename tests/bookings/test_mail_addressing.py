"""Every booking e-mail addresses its reader and links straight to the item: the village to
its request on the portal, the kecamatan staff to the request's page in the admin."""

import pytest
from django.conf import settings
from django.urls import reverse

from bookings import services
from home import roles
from tests.bookings.conftest import at
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def section_staff(django_user_model, section):
    return make_user(django_user_model, "staf-pem", group=roles.STAFF, section=section)


def _split(mailoutbox, staff_address="pemerintahan@example.test"):
    staff = [m for m in mailoutbox if staff_address in m.to]
    village = [m for m in mailoutbox if staff_address not in m.to]
    return village, staff


def test_staff_mails_speak_to_staff_and_link_to_the_request_in_the_admin(
    frozen,
    operator,
    staff_user,
    section_staff,
    request_kwargs,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_ask_info(booking=booking, by=staff_user, question="Berapa orang?")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_answer_info(booking=booking, by=operator, answer="Lima orang")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_reschedule(booking=booking, by=operator, start=at(8, 8), end=at(8, 9))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by=operator, reason="Kades berhalangan")
    village, staff = _split(mailoutbox)
    assert len(staff) == 4  # requested, answered, rescheduled, cancelled
    admin_link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "bookings_staff:detail", args=[booking.pk]
    )
    for message in staff:
        assert "Anda" not in message.subject + message.body, message.body
        assert "Kepada staf kecamatan" in message.body
        assert admin_link in message.body
    assert "Permohonan koordinasi baru" in staff[0].subject
    village_link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "bookings:detail", args=[booking.pk]
    )
    assert len(village) == 5
    for message in village:
        assert village_link in message.body and admin_link not in message.body
        assert "Kepada staf" not in message.body
