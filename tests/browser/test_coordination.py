"""Staff record a session's outcome in the Wagtail admin; the village operator then sees the
follow-up, adds a progress note; the operator pages and the public figures pass axe."""

import datetime
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from bookings.models import Booking, BookingHistory, Room, Status
from coordination.models import FollowUp, FollowUpEvent
from home import roles
from home.models import ProblemCategory, Section, Village
from home.villages import import_villages
from tests.conftest import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = "/tmp/shots"  # noqa: S108 -- screenshots to look at, by the brief
PASSWORD = "a-Strong-pass-123"


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def sign_in(page, base, username, next_url):
    page.goto(f"{base}/masuk/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture(scope="session", autouse=True)
def _serialized_reference_data(django_db_setup, django_db_blocker):
    """Keep the migrated reference data (groups, site, sections) in hand.

    Once Playwright's event loop runs, Django hands this thread another connection object,
    one without the serialized contents that `serialized_rollback` restores from; after an
    earlier transactional test has flushed the database, the groups would be gone.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture
def setup(transactional_db, django_user_model, _serialized_reference_data):
    from django.contrib.auth.models import Group
    from django.db import connection

    if not Group.objects.exists() and _serialized_reference_data:
        from django.core.management import call_command

        # Start from empty tables (a flush may have re-created content types with new keys).
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(_serialized_reference_data)
    import_villages()
    villages = Village.objects.order_by("code")
    staff = make_user(django_user_model, "staf-browser", group=roles.STAFF)
    operator = make_user(
        django_user_model, "op-browser", group=roles.OPERATORS, village=villages[0]
    )
    room, _ = Room.objects.get_or_create(name="Ruang RUKO PARSEL")
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=3)
    booking = Booking.objects.create(
        room=room,
        village=villages[0],
        section=Section.objects.get(name="Seksi Pemerintahan"),
        category=ProblemCategory.objects.order_by("order").first(),
        title="Pendampingan laporan APBDes",
        description="Laporan realisasi belum lengkap",
        attendees=3,
        contact_name="Budi",
        contact_phone="0812 3456 7890",
        start=start,
        end=start + datetime.timedelta(hours=1),
        status=Status.APPROVED,
    )
    return staff, operator, booking


def test_staff_record_outcome_and_operator_sees_follow_up(setup, live_server, browser):
    staff, operator, booking = setup
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = desk.new_page()
    sign_in(admin, base, staff.username, "/admin/coordination/sessions/")
    admin.locator(f"form[action$='/sessions/{booking.pk}/mark/'] button[value=held]").click()
    admin.wait_for_url("**/admin/snippets/coordination/sessionoutcome/edit/**")
    admin.locator("#id_follow_ups-ADD").click()
    admin.fill("#id_follow_ups-0-title", "Kirim laporan realisasi yang sudah diperbaiki")
    due = timezone.localdate() + datetime.timedelta(days=7)
    admin.fill("#id_follow_ups-0-due_date", due.strftime("%Y-%m-%d"))
    admin.locator("#id_attendees-ADD").click()
    admin.fill("#id_attendees-0-name", "Siti Aminah")
    admin.fill("#id_attendees-0-position", "Sekretaris Desa")
    admin.fill("#id_decisions", "Desa memperbaiki laporan dalam satu minggu")
    admin.check("#id_published")
    shot(admin, "admin-outcome-edit")
    admin.locator("form button[type=submit].action-save").first.click()
    admin.wait_for_url("**/admin/snippets/coordination/sessionoutcome/**")
    item = FollowUp.objects.get()
    assert item.events.filter(kind=FollowUpEvent.Kind.CREATED, by=staff).exists()
    booking.refresh_from_db()
    assert booking.status == Status.HELD

    admin.goto(f"{base}/admin/coordination/report/")
    shot(admin, "admin-report")
    desk.close()

    phone_context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    phone = phone_context.new_page()
    sign_in(phone, base, operator.username, "/tindak-lanjut/")
    assert phone.get_by_text("Kirim laporan realisasi yang sudah diperbaiki").first.is_visible()
    assert_no_axe_violations(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "operator-follow-ups")
    phone.fill(f"#note-{item.pk}", "Laporan sudah dikirim lewat e-mail")
    phone.locator(f"form[action$='/tindak-lanjut/{item.pk}/catatan/'] button").click()
    phone.wait_for_url("**/tindak-lanjut/")
    assert item.events.filter(kind=FollowUpEvent.Kind.PROGRESS, by=operator).exists()
    phone.goto(f"{base}/tindak-lanjut/sesi/{booking.pk}/")
    assert phone.get_by_text("Desa memperbaiki laporan dalam satu minggu").is_visible()
    assert_no_axe_violations(phone)
    shot(phone, "operator-session")
    phone_context.close()


def _closed_year_with_small_counts():
    """Held sessions over the newest closed year: some villages with one or two sessions
    in a category (hidden on the page), some with more."""
    from coordination import transparency

    newest = transparency.last_published_month(timezone.localdate()).first
    year = newest.year if newest.month == 12 else newest.year - 1
    room = Room.objects.get(name="Ruang RUKO PARSEL")
    section = Section.objects.get(name="Seksi Pemerintahan")
    categories = list(ProblemCategory.objects.order_by("order"))
    villages = list(Village.objects.order_by("code"))
    for index in range(40):
        start = timezone.make_aware(
            datetime.datetime(year, 1 + index % 12, 3 + index % 20, 9),
            timezone.get_current_timezone(),
        )
        booking = Booking.objects.create(
            room=room,
            village=villages[index % 5 if index % 3 else index % 11],
            section=section,
            category=categories[index % 4 if index % 2 else index % 9],
            title="Sesi",
            description="-",
            attendees=2,
            contact_name="-",
            contact_phone="0812 0000 0000",
            start=start,
            end=start + datetime.timedelta(hours=1),
            status=Status.HELD,
        )
        BookingHistory.objects.create(
            booking=booking, action="held", from_status=Status.APPROVED, to_status=Status.HELD
        )
        BookingHistory.objects.filter(booking=booking).update(
            at=start + datetime.timedelta(hours=2)
        )
    # Three sessions of a village's BPD and one of its PKK: the PKK's count is hidden.
    from tests.conftest import make_body

    for slug, count in (("bpd", 3), ("pkk", 1)):
        body = make_body(villages[1], slug, f"{slug.upper()} {villages[1].name}")
        held = Booking.objects.filter(village=villages[1], body=None).order_by("pk")[:count]
        Booking.objects.filter(pk__in=[b.pk for b in held]).update(body=body)
    return year


def test_public_figures_page_has_no_axe_violations(setup, live_server, browser):
    base = live_server.url
    year = _closed_year_with_small_counts()
    for url, name in ((f"/transparansi/{year}/", "closed-year"), ("/transparansi/", "newest")):
        for width, height in ((360, 740), (1280, 900)):
            context = browser.new_context(
                viewport={"width": width, "height": height}, bypass_csp=True
            )
            page = context.new_page()
            page.goto(f"{base}{url}")
            if name == "closed-year":
                assert page.locator("#village-table .suppressed").count() > 0
                assert page.locator("#kind-table .suppressed").count() == 2
            shot(page, f"transparansi-{name}-{width}")
            assert_no_axe_violations(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            context.close()
