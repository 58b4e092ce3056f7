"""The admin speaks Indonesian by default, with the project's own catalogue winning over
Wagtail's, in templates and in the JavaScript catalogue; a user who chose English gets English."""

import pytest
from wagtail.users.models import UserProfile as AdminProfile

from home import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="redaktur", group=roles.EDITORS)
    client.force_login(user)
    return user


def test_the_dashboard_and_the_javascript_strings_are_indonesian(client, editor):
    dashboard = client.get("/admin/").content.decode()
    assert "Dasbor" in dashboard and "Cari semua halaman…" in dashboard
    assert "Search all pages" not in dashboard
    catalogue = client.get("/admin/jsi18n/").content.decode()
    assert "Sisipkan blok" in catalogue and "Ciutkan semua" in catalogue


def test_a_user_who_chose_english_reads_english(client, editor):
    profile = AdminProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    dashboard = client.get("/admin/").content.decode()
    assert "Search all pages" in dashboard and "Cari semua halaman" not in dashboard
    catalogue = client.get("/admin/jsi18n/").content.decode()
    assert "Sisipkan blok" not in catalogue
