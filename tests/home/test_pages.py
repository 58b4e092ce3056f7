import pytest


@pytest.mark.django_db
def test_home_page_is_indonesian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Panduan &amp; SOP" in html or "Panduan & SOP" in html
    assert "Jadwal Ruang" in html
    assert "Ajukan Koordinasi" in html
    assert 'href="#main"' in html


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client):
    html = client.get("/").content.decode()
    assert 'href="/bahasa/en/?next=/"' in html
    response = client.get("/bahasa/en/", {"next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Request coordination" in html
    response = client.get("/bahasa/id/", {"next": "/"}, follow=True)
    assert '<html lang="id">' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_refuses_other_sites_and_unknown_languages(client):
    response = client.get("/bahasa/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/bahasa/xx/").status_code == 404


@pytest.mark.django_db
def test_anonymous_home_page_sets_no_cookie(client):
    response = client.get("/")
    assert not response.cookies


@pytest.mark.django_db
def test_home_page_makes_no_request_to_another_host(client):
    html = client.get("/").content.decode()
    for marker in ('src="http', "src='http", 'href="//', "@import", "fonts.googleapis"):
        assert marker not in html
    assert "<style" in html  # the stylesheet travels inside the page (docs/offline.md)


@pytest.mark.django_db
def test_footer_shows_contact_and_hours_from_site_settings(client):
    from wagtail.models import Site

    from home.models import SiteSettings

    office = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    office.phone = "0526 123456"
    office.whatsapp = "628111222333"
    office.office_hours = "Senin–Jumat 07.30–16.00"
    office.save()
    html = client.get("/").content.decode()
    assert "0526 123456" in html
    assert "https://wa.me/628111222333" in html
    assert "Senin–Jumat 07.30–16.00" in html


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(rf, django_db_blocker):
    from django.db import connections

    from home.views import healthz

    connection = connections["default"]
    original = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        with django_db_blocker.unblock():
            response = healthz(rf.get("/healthz"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original
    assert response.status_code == 503


@pytest.mark.django_db
def test_robots_and_sitemap(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Disallow: /admin/" in robots.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "<urlset" in sitemap.content.decode()


@pytest.mark.django_db
def test_unknown_page_is_a_translated_404(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_indonesian(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html
