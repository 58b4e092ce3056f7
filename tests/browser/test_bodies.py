"""A village operator invites its BPD on a 360 px phone; the BPD makes its account from the
e-mailed link and sends its first request. axe finds nothing on any page."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group

from bookings.models import Booking, Room, Status
from home import roles
from home.models import BodyKind, CommunityBody, ProblemCategory, Section, UserProfile, Village
from home.villages import import_villages
from tests.browser.test_booking import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "a-Strong-pass-123"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def other_phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def operator(django_user_model):
    import_villages()
    village = Village.objects.get(name="Inan")
    user = django_user_model.objects.create_user(
        username="op-inan", password=PASSWORD, email="op@example.test", first_name="Siti"
    )
    # live_server can flush the data migrations made before, so make what this test needs.
    user.groups.add(Group.objects.get_or_create(name=roles.OPERATORS)[0])
    Section.objects.get_or_create(name="Seksi Pemerintahan")
    ProblemCategory.objects.get_or_create(
        name="Administrasi, keuangan & aset desa", defaults={"slug": "administrasi-keuangan"}
    )
    BodyKind.objects.get_or_create(
        slug="bpd", defaults={"name": "BPD (Badan Permusyawaratan Desa)", "order": 1}
    )
    UserProfile.objects.create(user=user, village=village)
    room = Room.objects.create(name="Ruang RUKO PARSEL", capacity=12)
    room.add_default_opening_hours()
    return user


def test_operator_invites_the_bpd_which_sends_its_first_request(
    live_server, phone, other_phone, operator, mailoutbox
):
    phone.goto(f"{live_server.url}/masuk/?next=/desa/lembaga/")
    phone.fill("#id_username", "op-inan")
    phone.fill("#id_password", PASSWORD)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/desa/lembaga/")
    assert_no_axe_violations(phone, "bodies-empty")
    phone.select_option("#id_kind", label="BPD (Badan Permusyawaratan Desa)")
    phone.fill("#id_name", "BPD Desa Inan")
    phone.fill("#id_email", "ketua.bpd@example.test")
    phone.get_by_role("button", name="Kirim undangan").click()
    phone.wait_for_selector("text=Undangan untuk BPD Desa Inan sudah dikirim")
    assert "Undangan menunggu" in phone.locator("main").inner_text()
    assert_no_axe_violations(phone, "bodies-invited")

    (message,) = mailoutbox
    path = re.search(r"https?://[^/\s]+(/lembaga/undangan/\S+/)", message.body).group(1)
    invited = other_phone
    invited.goto(live_server.url + path)
    assert "Buat akun lembaga Anda" in invited.locator("h1").inner_text()
    assert_no_axe_violations(invited, "invitation")
    invited.fill("#id_username", "bpd-inan")
    invited.fill("#id_full_name", "Rahmah")
    invited.fill("#id_password1", "Kuat-sekali-2026")
    invited.fill("#id_password2", "Kuat-sekali-2026")
    invited.get_by_role("button", name="Buat akun").click()
    invited.wait_for_url("**/reservasi/")
    assert "Permohonan lembaga saya" in invited.locator("h1").inner_text()
    assert_no_axe_violations(invited, "body-list")

    today = datetime.date.today()
    for weeks in range(1, 5):
        day = today + datetime.timedelta(days=7 * weeks)
        invited.goto(f"{live_server.url}/jadwal/?tanggal={day.isoformat()}")
        if invited.locator(".slot--free a").count():
            break
    invited.locator(".slot--free a").first.click()
    invited.wait_for_url("**/reservasi/baru/**")
    assert "atas nama BPD Desa Inan" in invited.locator("main").inner_text()
    assert_no_axe_violations(invited, "body-form")
    invited.select_option("#id_section", label="Seksi Pemerintahan")
    invited.select_option("#id_category", index=1)
    invited.fill("#id_title", "Penyerapan aspirasi warga")
    invited.fill("#id_description", "BPD ingin membahas cara menampung aspirasi warga.")
    invited.fill("#id_attendees", "5")
    invited.fill("#id_contact_phone", "0812 3333 4444")
    invited.locator("main form button[type=submit]").click()
    invited.wait_for_url("**/terkirim/")
    assert_no_axe_violations(invited, "body-sent")

    booking = Booking.objects.get()
    assert booking.body == CommunityBody.objects.get(name="BPD Desa Inan")
    assert booking.status == Status.PENDING
    # The village office sees it, read-only.
    phone.goto(f"{live_server.url}/reservasi/{booking.pk}/")
    assert "lembaga kemasyarakatan desa Anda" in phone.locator("main").inner_text()
    assert phone.get_by_role("link", name="Batalkan permohonan").count() == 0
    assert_no_axe_violations(phone, "office-reads-body-request")
