"""An operator books a free slot end to end on a 360 px phone; axe finds nothing."""

import datetime
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group

from bookings.models import Booking, Room, Status
from home import roles
from home.models import ProblemCategory, Section, UserProfile, Village
from home.villages import import_villages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = os.environ.get("SHOTS_DIR", "/tmp/shots")  # noqa: S108 -- screenshots to look at


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def operator(django_user_model):
    import_villages()
    village = Village.objects.get(name="Inan")
    user = django_user_model.objects.create_user(
        username="op-inan",
        password="a-Strong-pass-123",
        email="op@example.test",
        first_name="Siti",
        last_name="Operator",
    )
    # live_server can flush the data migrations made before a later test restores them, so
    # this test makes sure of what it needs itself.
    user.groups.add(Group.objects.get_or_create(name=roles.OPERATORS)[0])
    Section.objects.get_or_create(name="Seksi Pemerintahan")
    ProblemCategory.objects.get_or_create(
        name="Administrasi, keuangan & aset desa", defaults={"slug": "administrasi-keuangan"}
    )
    UserProfile.objects.create(user=user, village=village, phone="0812 1111 2222")
    room = Room.objects.create(name="Ruang RUKO PARSEL", capacity=12)
    room.add_default_opening_hours()
    return user


def assert_no_axe_violations(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/booking-{name}.png", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, name


def test_operator_books_a_free_slot_and_sees_it_pending(live_server, phone, operator):
    # Dates relative to the real today: the weeks ahead are inside the booking window (a week
    # of holidays and cuti bersama can be closed, so look further until one has a free slot).
    today = datetime.date.today()

    phone.goto(f"{live_server.url}/masuk/?next=/reservasi/")
    phone.fill("#id_username", "op-inan")
    phone.fill("#id_password", "a-Strong-pass-123")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/reservasi/")

    for weeks in range(1, 5):
        day = today + datetime.timedelta(days=7 * weeks)
        phone.goto(f"{live_server.url}/jadwal/?tanggal={day.isoformat()}")
        if phone.locator(".slot--free a").count():
            break
    assert_no_axe_violations(phone, "schedule")
    free = phone.locator(".slot--free a").first
    free.click()
    phone.wait_for_url("**/reservasi/baru/**")
    assert phone.input_value("#id_date")
    assert phone.input_value("#id_start_time")
    assert phone.input_value("#id_end_time")
    assert_no_axe_violations(phone, "form")

    phone.select_option("#id_section", label="Seksi Pemerintahan")
    phone.select_option("#id_category", index=1)
    phone.fill("#id_title", "Pendampingan laporan APBDes")
    phone.fill("#id_description", "Bendahara baru perlu bimbingan menyusun laporan.")
    phone.fill("#id_attendees", "4")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/terkirim/")
    assert "Permohonan terkirim" in phone.locator("h1").inner_text()
    share = phone.get_by_role("link", name="Bagikan lewat WhatsApp")
    assert share.get_attribute("href").startswith("https://wa.me/?text=")
    assert_no_axe_violations(phone, "sent")

    phone.goto(f"{live_server.url}/reservasi/")
    item = phone.locator(".booking-item", has_text="Pendampingan laporan APBDes")
    assert "Menunggu persetujuan" in item.inner_text()
    assert_no_axe_violations(phone, "list")
    booking = Booking.objects.get()
    assert booking.status == Status.PENDING and booking.village.name == "Inan"


def test_a_rule_failure_shows_a_clear_message(live_server, phone, operator):
    phone.goto(f"{live_server.url}/masuk/?next=/reservasi/baru/")
    phone.fill("#id_username", "op-inan")
    phone.fill("#id_password", "a-Strong-pass-123")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/reservasi/baru/")
    # Today is always too soon (the earliest day is the next working day).
    phone.fill("#id_date", datetime.date.today().isoformat())
    phone.fill("#id_start_time", "23:00")
    phone.fill("#id_end_time", "23:30")
    phone.select_option("#id_section", index=1)
    phone.select_option("#id_category", index=1)
    phone.fill("#id_title", "Uji")
    phone.fill("#id_description", "Uji")
    phone.fill("#id_attendees", "2")
    phone.fill("#id_contact_phone", "0812 1111 2222")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_selector("#form-errors")
    assert_no_axe_violations(phone, "form-error")
    assert not Booking.objects.exists()
