"""Only kecamatan staff reach the staff screens; every change is a POST with CSRF."""

import pytest
from django.test import Client
from django.urls import reverse

from bookings.models import Booking, BookingHistory, Status
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def staff_urls(booking):
    return [
        reverse("bookings_staff:queue"),
        reverse("bookings_staff:queue_results"),
        reverse("bookings_staff:new"),
        reverse("bookings_staff:calendar"),
        reverse("bookings_staff:detail", args=[booking.pk]),
    ]


def test_anonymous_is_sent_to_the_login_page(client, pending):
    for url in staff_urls(pending):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/masuk/")


def test_operator_without_admin_access_is_sent_to_the_login_page(client, operator, pending):
    client.force_login(operator)
    for url in staff_urls(pending):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/masuk/")


def test_editor_with_admin_access_but_not_staff_is_refused(client, editor, pending):
    client.force_login(editor)
    for url in staff_urls(pending):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home")


def test_editor_cannot_approve_and_nothing_changes(client, editor, pending):
    client.force_login(editor)
    response = client.post(reverse("bookings_staff:action", args=[pending.pk, "approve"]))
    assert response.status_code == 302
    assert Booking.objects.get(pk=pending.pk).status == Status.PENDING
    assert BookingHistory.objects.filter(booking=pending).count() == 1


def test_superuser_counts_as_staff(client, django_user_model, pending):
    admin = make_user(django_user_model, "root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for url in staff_urls(pending):
        assert client.get(url).status_code == 200, url


def test_actions_refuse_get(staff_client, pending):
    response = staff_client.get(reverse("bookings_staff:action", args=[pending.pk, "approve"]))
    assert response.status_code == 405
    assert Booking.objects.get(pk=pending.pk).status == Status.PENDING


def test_post_without_csrf_token_is_refused(staff_user, pending):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    response = client.post(reverse("bookings_staff:action", args=[pending.pk, "approve"]))
    assert response.status_code == 403
    assert Booking.objects.get(pk=pending.pk).status == Status.PENDING


def test_unknown_action_changes_nothing(staff_client, pending):
    response = staff_client.post(reverse("bookings_staff:action", args=[pending.pk, "delete"]))
    assert response.status_code == 302
    assert Booking.objects.get(pk=pending.pk).status == Status.PENDING


def test_menu_item_and_dashboard_panel_only_for_staff(client, staff_user, editor, pending):
    queue_url = reverse("bookings_staff:queue")
    client.force_login(staff_user)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert queue_url in page
    assert 'id="ruko-bookings-section"' in page
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert queue_url not in page
    assert 'id="ruko-bookings-section"' not in page
