"""The page cache: anonymous repeat views cost no query; publishing shows at once; nobody
signed in is ever served a stored page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import HomePage, SiteSettings


@pytest.mark.django_db
def test_anonymous_home_page_is_public_and_a_repeat_view_costs_no_query(
    client, django_assert_num_queries
):
    first = client.get("/")
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert first["X-Accel-Expires"] == "10"
    with django_assert_num_queries(0):
        again = client.get("/")
    assert again.status_code == 200
    assert again.content == first.content


@pytest.mark.django_db
def test_publishing_retires_stored_pages(client):
    client.get("/")
    home = HomePage.objects.get()
    home.lead = "Pengantar yang baru saja diterbitkan."
    home.save_revision().publish()
    assert "Pengantar yang baru saja diterbitkan." in client.get("/").content.decode()


@pytest.mark.django_db
def test_changing_site_settings_retires_stored_pages(client):
    client.get("/")
    office = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    office.phone = "0526 999 111"
    office.save()
    assert "0526 999 111" in client.get("/").content.decode()


@pytest.mark.django_db
def test_each_language_is_stored_separately(client):
    assert '<html lang="id">' in client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_signed_in_people_are_never_served_a_stored_page(client, operator):
    client.get("/")  # an anonymous visit stores the page
    client.force_login(operator)
    response = client.get("/")
    assert "private" in response["Cache-Control"]
    assert "Akun saya" in response.content.decode()


@pytest.mark.django_db
def test_the_week_view_is_stored_here_but_never_by_browsers(client, villages):
    client.get("/jadwal/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/jadwal/")
    # browsers and the CDN ask again every time; the application keeps it until a booking,
    # block or closure changes (tests/bookings/test_schedule_cache.py)
    assert "public" not in response.get("Cache-Control", "")
    assert len(queries) == 0
