"""End to end at 360 px and 1280 px: an operator books a free slot, a staff member approves it
in the Wagtail admin, the operator sees it approved."""

import datetime
import os

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from bookings.availability import load_room_data
from bookings.models import Booking, Room, Status
from bookings.selectors import active_rooms
from home import roles
from home.models import ProblemCategory, Section, UserProfile, Village
from home.villages import import_villages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = os.environ.get("SHOTS_DIR", "/tmp/shots")  # noqa: S108 -- screenshots to look at
PASSWORD = "a-Strong-pass-123"


@pytest.fixture
def people(django_user_model):
    # live_server can flush what data migrations made; make sure of what this test needs.
    import_villages()
    operators = Group.objects.get_or_create(name=roles.OPERATORS)[0]
    staff_group = Group.objects.get_or_create(name=roles.STAFF)[0]
    staff_group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    Section.objects.get_or_create(name="Seksi Pemerintahan")
    ProblemCategory.objects.get_or_create(
        name="Administrasi, keuangan & aset desa", defaults={"slug": "administrasi-keuangan"}
    )
    operator = django_user_model.objects.create_user(
        username="op-inan", password=PASSWORD, email="op@example.test", first_name="Siti"
    )
    operator.groups.add(operators)
    UserProfile.objects.create(
        user=operator, village=Village.objects.get(name="Inan"), phone="0812 1111 2222"
    )
    staff = django_user_model.objects.create_user(
        username="staf-kec", password=PASSWORD, email="staf@example.test", first_name="Sari"
    )
    staff.groups.add(staff_group)
    room = Room.objects.create(name="Ruang RUKO PARSEL", capacity=12)
    room.add_default_opening_hours()
    return operator, staff


def free_working_day():
    """The first day an operator may book (real now): lead time, holidays and weekends apart."""
    now = timezone.now()
    room = active_rooms().get()
    first = datetime.date.today()
    data = load_room_data([room], first, first + datetime.timedelta(days=60))[room.pk]
    day = data.earliest_day(now)
    while not data.is_working_day(day):
        day += datetime.timedelta(days=1)
    assert day <= data.latest_day(now)
    return day


def log_in(page, url, username, next_path):
    page.goto(f"{url}/masuk/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def shot(page, width, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/staff-flow-{width}-{name}.png", full_page=True)


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 900)])
def test_operator_books_staff_approves_operator_sees_it_approved(
    live_server, browser, people, width, height
):
    day = free_working_day()
    title = f"Pendampingan APBDes {width}"
    operator_ctx = browser.new_context(viewport={"width": width, "height": height})
    staff_ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        # The operator asks for 09.00–10.00 on the first bookable working day.
        op = operator_ctx.new_page()
        log_in(op, live_server.url, "op-inan", "/reservasi/baru/")
        op.fill("#id_date", day.isoformat())
        op.fill("#id_start_time", "09:00")
        op.fill("#id_end_time", "10:00")
        op.select_option("#id_section", label="Seksi Pemerintahan")
        op.select_option("#id_category", index=1)
        op.fill("#id_title", title)
        op.fill("#id_description", "Bendahara baru perlu bimbingan menyusun laporan.")
        op.fill("#id_attendees", "4")
        op.locator("main form button[type=submit]").click()
        op.wait_for_url("**/terkirim/")
        booking = Booking.objects.get(title=title)
        assert booking.status == Status.PENDING

        # A staff member finds it in the queue and approves it.
        staff = staff_ctx.new_page()
        log_in(staff, live_server.url, "staf-kec", "/admin/reservasi/")
        row = staff.locator("table.ruko-queue tbody tr", has_text=title)
        assert "Menunggu persetujuan" in row.locator(".ruko-status").text_content()
        shot(staff, width, "queue")
        row.get_by_role("link", name=title).click()
        staff.wait_for_url(f"**/admin/reservasi/{booking.pk}/")
        assert "Bendahara baru perlu bimbingan" in staff.locator("main").inner_text()
        shot(staff, width, "detail")
        staff.fill("#id_approve-note", "Bawa laporan realisasi.")
        staff.locator("#approve button[type=submit]").click()
        staff.wait_for_url(f"**/admin/reservasi/{booking.pk}/")
        assert "disetujui" in staff.locator(".messages").inner_text()
        assert "Disetujui" in staff.locator(".ruko-detail .ruko-status").first.text_content()
        shot(staff, width, "approved")
        booking.refresh_from_db()
        assert booking.status == Status.APPROVED and booking.schedule_event_id

        # The operator sees it approved.
        op.goto(f"{live_server.url}/reservasi/")
        item = op.locator(".booking-item", has_text=title)
        assert "Disetujui" in item.inner_text()
        shot(op, width, "operator-list")
        assert op.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        operator_ctx.close()
        staff_ctx.close()
