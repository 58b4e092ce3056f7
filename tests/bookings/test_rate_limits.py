"""The operator forms' rate limits count accepted submissions; a form being corrected is
counted only against a much higher bound, and the limit never hides the form's errors."""

from django.urls import reverse

from bookings.models import Booking

LIMIT_TEXT = "Terlalu banyak pengiriman"


def test_corrections_do_not_use_up_the_limit(frozen, client, operator, form_data, settings):
    settings.PORTAL_FORM_RATE = "3/h"
    client.force_login(operator)
    for _ in range(10):
        response = client.post(reverse("bookings:new"), {**form_data, "title": ""})
        assert response.status_code == 200
        assert "title" in response.context["form"].errors
    assert client.post(reverse("bookings:new"), form_data).status_code == 302
    assert Booking.objects.count() == 1


def test_once_accepted_submissions_are_used_up_errors_still_show_and_nothing_is_saved(
    frozen, client, operator, form_data, settings
):
    settings.PORTAL_FORM_RATE = "1/h"
    client.force_login(operator)
    assert client.post(reverse("bookings:new"), form_data).status_code == 302
    corrected = client.post(reverse("bookings:new"), {**form_data, "title": ""})
    assert "title" in corrected.context["form"].errors
    assert LIMIT_TEXT in corrected.content.decode()
    again = client.post(reverse("bookings:new"), {**form_data, "start_time": "11:00"})
    assert again.status_code == 429
    assert LIMIT_TEXT in again.content.decode()
    assert again.context["form"]["title"].value() == form_data["title"]
    assert Booking.objects.count() == 1


def test_a_flood_of_invalid_submissions_is_stopped_at_the_higher_bound(
    frozen, client, operator, form_data, settings
):
    settings.PORTAL_FORM_ATTEMPT_RATE = "5/h"
    client.force_login(operator)
    codes = [
        client.post(reverse("bookings:new"), {**form_data, "title": ""}).status_code
        for _ in range(6)
    ]
    assert codes == [200] * 5 + [429]
    last = client.post(reverse("bookings:new"), {**form_data, "title": ""})
    assert "title" in last.context["form"].errors and LIMIT_TEXT in last.content.decode()


def test_the_counts_live_in_the_shared_cache(frozen, client, operator, form_data, settings):
    """Whatever the cache is (production shares it between processes), the counts are in it:
    emptying it resets them."""
    from django.core.cache import cache

    settings.PORTAL_FORM_RATE = "1/h"
    client.force_login(operator)
    assert client.post(reverse("bookings:new"), form_data).status_code == 302
    assert client.post(reverse("bookings:new"), form_data).status_code == 429
    cache.clear()
    other_time = {**form_data, "start_time": "11:00", "end_time": "12:00"}
    assert client.post(reverse("bookings:new"), other_time).status_code == 302
