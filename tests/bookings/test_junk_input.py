"""The inputs that once gave a server error, each answered with a clear refusal now."""

import jsonschema_rs
import pytest
from django.urls import reverse

from bookings.api import api
from bookings.models import Booking, WaitlistEntry

pytestmark = pytest.mark.django_db

FAR = ["9999-12-30", "9999-12-31", "0001-01-01", "2400-01-04"]


@pytest.mark.parametrize("day", FAR)
def test_far_days_on_the_operator_forms_are_form_errors(
    frozen, client, operator, form_data, day, booking
):
    client.force_login(operator)
    for url in (reverse("bookings:new"), reverse("bookings:waitlist_join")):
        response = client.post(url, {**form_data, "date": day})
        assert response.status_code in (200, 400)
        assert "date" in response.context["form"].errors
    response = client.post(
        reverse("bookings:reschedule", args=[booking.pk]),
        {"date": day, "start_time": "09:00", "end_time": "10:00"},
    )
    assert response.status_code in (200, 400) and "date" in response.context["form"].errors
    assert Booking.objects.count() == 1 and not WaitlistEntry.objects.exists()


@pytest.mark.parametrize("day", FAR)
def test_far_days_on_the_staff_forms_are_form_errors(
    frozen, client, staff_user, form_data, day, booking, villages
):
    client.force_login(staff_user)
    response = client.post(
        reverse("bookings_staff:new"), {**form_data, "village": villages[0].pk, "date": day}
    )
    assert response.status_code == 400 and "date" in response.context["form"].errors
    response = client.post(
        reverse("bookings_staff:action", args=[booking.pk, "move"]),
        {"move-date": day, "move-start_time": "09:00", "move-end_time": "10:00"},
    )
    assert response.status_code == 400
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999999", "1e3", "٣"])
def test_a_room_id_that_is_no_number_is_ignored(frozen, client, operator, room, value):
    client.force_login(operator)
    assert client.get(reverse("bookings:new"), {"ruang": value}).status_code == 200


def test_a_nul_byte_in_an_api_path_is_no_room(frozen, client, room):
    response = client.get(
        "/api/rooms/a%00b/availability", {"start": "2026-05-07", "end": "2026-05-08"}
    )
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_far_days_in_the_report_its_page_and_exports_are_form_errors(client, staff_user, day):
    client.force_login(staff_user)
    query = {"kind": "range", "first": day, "last": day}
    for url, extra in (
        (reverse("coordination_admin:report"), {}),
        (reverse("coordination_admin:report"), {"format": "xlsx"}),
        (reverse("coordination_admin:report"), {"format": "csv"}),
        (reverse("coordination_admin:report_print"), {}),
    ):
        assert client.get(url, {**query, **extra}).status_code == 400, (url, extra)


def test_the_schema_declares_start_and_end_as_date_or_date_time():
    schema = api.get_openapi_schema()
    parameters = schema["paths"]["/api/rooms/{slug}/availability"]["get"]["parameters"]
    for parameter in (p for p in parameters if p["name"] in ("start", "end")):
        validator = jsonschema_rs.validator_for(parameter["schema"], validate_formats=True)
        assert not validator.is_valid("")
        assert not validator.is_valid("besok")
        assert validator.is_valid("2026-05-04")
        assert validator.is_valid("2026-05-04T08:00:00+08:00")
