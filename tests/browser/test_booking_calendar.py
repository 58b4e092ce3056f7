"""An operator's calendar page, joining a waitlist from the conflict message and answering an
offer, on a 360 px phone; axe finds nothing."""

import datetime
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group

from bookings.availability import combine, load_room_data
from bookings.models import Booking, Room, Status, VillageFeedToken, WaitlistEntry
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
def setup(django_user_model):
    import_villages()
    village = Village.objects.get(name="Inan")
    user = django_user_model.objects.create_user(
        username="op-inan", password="a-Strong-pass-123", email="op@example.test"
    )
    user.groups.add(Group.objects.get_or_create(name=roles.OPERATORS)[0])
    section, _ = Section.objects.get_or_create(name="Seksi Pemerintahan")
    category, _ = ProblemCategory.objects.get_or_create(
        name="Administrasi, keuangan & aset desa", defaults={"slug": "administrasi-keuangan"}
    )
    UserProfile.objects.create(user=user, village=village, phone="0812 1111 2222")
    room = Room.objects.create(name="Ruang RUKO PARSEL", capacity=12)
    room.add_default_opening_hours()
    # A working day a week or more ahead, inside the booking window.
    today = datetime.date.today()
    data = load_room_data([room], today, today + datetime.timedelta(days=40))[room.pk]
    day = next(
        today + datetime.timedelta(days=n)
        for n in range(7, 40)
        if data.is_working_day(today + datetime.timedelta(days=n))
    )
    other = Village.objects.exclude(pk=village.pk).first()
    common = dict(
        room=room,
        section=section,
        category=category,
        description="Uji",
        attendees=3,
        contact_name="Budi",
        contact_phone="0812 3333 4444",
    )
    Booking.objects.create(
        **common,
        village=other,
        title="Sesi desa lain",
        start=combine(day, datetime.time(9)),
        end=combine(day, datetime.time(10)),
        status=Status.APPROVED,
    )
    return {"user": user, "day": day, "common": common, "village": village}


def assert_no_axe_violations(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/calendar-{name}.png", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, name


def log_in(phone, live_server, next_url):
    phone.goto(f"{live_server.url}/masuk/?next={next_url}")
    phone.fill("#id_username", "op-inan")
    phone.fill("#id_password", "a-Strong-pass-123")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(f"**{next_url}")


def test_operator_sees_and_renews_the_calendar_address(live_server, phone, setup):
    log_in(phone, live_server, "/reservasi/kalender/")
    old = VillageFeedToken.objects.get().token
    assert old in phone.input_value("#feed-url")
    assert_no_axe_violations(phone, "token")
    phone.get_by_role("button", name="Buat alamat baru").click()
    phone.wait_for_selector(".messages, [role=status], .notice")
    new = VillageFeedToken.objects.get().token
    assert new != old and new in phone.input_value("#feed-url")
    assert_no_axe_violations(phone, "token-renewed")


def test_operator_joins_the_waitlist_and_accepts_the_offer(live_server, phone, setup):
    day = setup["day"]
    log_in(phone, live_server, "/reservasi/baru/")
    phone.fill("#id_date", day.isoformat())
    phone.fill("#id_start_time", "09:00")
    phone.fill("#id_end_time", "10:00")
    phone.select_option("#id_section", label="Seksi Pemerintahan")
    phone.select_option("#id_category", index=1)
    phone.fill("#id_title", "Antrean batas desa")
    phone.fill("#id_description", "Perlu mediasi batas desa.")
    phone.fill("#id_attendees", "4")
    phone.fill("#id_contact_name", "Siti")
    phone.locator("main form button[type=submit]").click()
    join = phone.get_by_role("button", name="Masuk daftar tunggu untuk waktu ini")
    join.wait_for()
    assert_no_axe_violations(phone, "conflict-waitlist")
    join.click()
    phone.wait_for_url("**/reservasi/")
    entry = WaitlistEntry.objects.get()
    assert entry.status == WaitlistEntry.Status.WAITING and entry.title == "Antrean batas desa"
    assert "Dalam daftar tunggu" in phone.locator("main").inner_text()
    assert_no_axe_violations(phone, "waiting")

    # The other village's session is cancelled: the offer (made by the hook) is on the page.
    from bookings.waitlist import waitlist_offer_free_time

    Booking.objects.filter(title="Sesi desa lain").update(status=Status.CANCELLED)
    waitlist_offer_free_time(room_id=entry.room_id, start=entry.start, end=entry.end)
    phone.reload()
    offers = phone.locator("#tawaran")
    assert "Antrean batas desa" in offers.inner_text()
    assert_no_axe_violations(phone, "offer")
    accept = offers.locator("form[action$='/terima/'] button")
    assert accept.inner_text().startswith("Terima: kirim permohonan")
    accept.click()
    phone.wait_for_url("**/terkirim/")
    booking = Booking.objects.get(village=setup["village"])
    assert booking.status == Status.PENDING and booking.title == "Antrean batas desa"
    assert_no_axe_violations(phone, "offer-accepted")
