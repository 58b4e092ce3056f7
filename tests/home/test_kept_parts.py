"""The footer and the main navigation are drawn once per content generation, language and
what they vary by ({% kept %}, home/templatetags/kept.py): every page still shows its own
current item, the visitor's language and sign-in state, and the office's settings as they are
now."""

import re

import pytest
from wagtail.models import Site

from home.models import SiteSettings

pytestmark = pytest.mark.django_db


def current_item(html):
    nav = html.split('class="site-nav"')[1].split("</nav>")[0]
    return re.findall(r'<a href="([^"]+)" aria-current="page"', nav)


def test_each_page_marks_its_own_item_and_sign_in_state(client, operator):
    assert current_item(client.get("/").content.decode()) == ["/"]
    assert current_item(client.get("/jadwal/").content.decode()) == ["/jadwal/"]
    assert current_item(client.get("/panduan/").content.decode()) == ["/panduan/"]
    anonymous = client.get("/masuk/").content.decode()
    assert current_item(anonymous) == ["/masuk/"] and "Akun saya" not in anonymous
    client.force_login(operator)
    signed_in = client.get("/reservasi/baru/").content.decode()
    assert current_item(signed_in) == ["/reservasi/baru/"]
    assert "Akun saya" in signed_in and 'href="/masuk/"' not in signed_in
    assert current_item(client.get("/akun/").content.decode()) == ["/akun/"]
    assert current_item(client.get("/reservasi/").content.decode()) == []


def test_the_language_and_the_office_settings_show_at_the_next_view(client, operator):
    client.force_login(operator)
    assert "Jadwal Ruang" in client.get("/reservasi/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/reservasi/").content.decode()
    assert "Room schedule" in english and "Jadwal Ruang" not in english
    office = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    office.phone = "0526 777 888"
    office.save()
    assert "0526 777 888" in client.get("/reservasi/").content.decode()
