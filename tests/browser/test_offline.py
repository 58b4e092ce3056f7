"""Reading without a signal, in a real Chromium with the service worker: pages opened before
come back with the offline banner, an operator's pages are gone once they sign out, a form sent
offline says it was not sent, and "Simpan untuk dibaca luring" keeps an SOP and its print."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group

from bookings.models import Booking, Room
from guidance.models import GuidancePage
from home import roles
from home.models import ProblemCategory, Section, UserProfile, Village
from home.villages import import_villages

from .test_guidance import GUIDE_PATH, SOP_PATH, restore_migration_data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BANNER = re.compile(
    r"Anda sedang luring — halaman ini disimpan pada \d{1,2} \w+ \d{4}, \d\d\.\d\d WITA"
)
PUBLIC_PAGES = ["/", "/panduan/", GUIDE_PATH, SOP_PATH, "/jadwal/", "/transparansi/"]
PASSWORD = "a-Strong-pass-123"


@pytest.fixture
def demo(live_server, transactional_db):
    from guidance import demo
    from home.models import HomePage

    if not HomePage.objects.exists():
        restore_migration_data()
    demo.load()


@pytest.fixture
def operator(django_user_model, demo):
    import_villages()
    user = django_user_model.objects.create_user(username="op-inan", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=roles.OPERATORS)[0])
    Section.objects.get_or_create(name="Seksi Pemerintahan")
    ProblemCategory.objects.get_or_create(
        name="Administrasi, keuangan & aset desa", defaults={"slug": "administrasi-keuangan"}
    )
    UserProfile.objects.create(
        user=user, village=Village.objects.get(name="Inan"), phone="0812 1111 2222"
    )
    room = Room.objects.create(name="Ruang RUKO PARSEL", capacity=12)
    room.add_default_opening_hours()
    return user


@pytest.fixture
def context(browser):
    # bypass_csp only lets axe inject its script; the pages' own CSP is checked elsewhere.
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    yield context
    context.close()


def cached_paths(page, cache):
    return page.evaluate(
        """name => caches.open(name).then(c => c.keys())
             .then(keys => keys.map(k => new URL(k.url).pathname + new URL(k.url).search))""",
        cache,
    )


def wait_until_kept(page, cache, paths):
    page.wait_for_function(
        """([name, paths]) => caches.open(name).then(c => c.keys()).then(keys => {
             const kept = keys.map(k => new URL(k.url).pathname);
             return paths.every(p => kept.includes(p));
           })""",
        arg=[cache, paths],
    )


def go_offline(context, page):
    """The next day, out of range: the browser's HTTP cache (public pages are fresh for five
    minutes) no longer answers, and there is no network."""
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    context.set_offline(True)


def open_with_worker(page, url):
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def sign_in(page, live_server, next_path):
    page.goto(f"{live_server.url}/masuk/?next={next_path}")
    page.fill("#id_username", "op-inan")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def test_opened_pages_open_offline_with_the_banner(live_server, demo, context):
    page = context.new_page()
    open_with_worker(page, live_server.url + PUBLIC_PAGES[0])
    headings = {}
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        assert page.locator(".offline-banner").count() == 0, path
        headings[path] = page.get_by_role("heading", level=1).inner_text()
    wait_until_kept(page, "ruko-pages-public", PUBLIC_PAGES)

    go_offline(context, page)
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        banner = page.locator(".offline-banner")
        assert BANNER.fullmatch(banner.inner_text().rstrip(".")), banner.inner_text()
        assert page.get_by_role("heading", level=1).inner_text() == headings[path], path
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    # A page never opened gets the offline page, not an error.
    page.goto(live_server.url + "/cari/?q=tidak-pernah-dibuka")
    assert page.get_by_role("heading", level=1).inner_text() == "Anda sedang luring"


def test_a_kept_copy_is_never_shown_when_the_network_answers(live_server, demo, context):
    page = context.new_page()
    open_with_worker(page, live_server.url + GUIDE_PATH)
    page.goto(live_server.url + GUIDE_PATH)
    wait_until_kept(page, "ruko-pages-public", [GUIDE_PATH])
    guide = GuidancePage.objects.get(url_path__endswith=GUIDE_PATH)
    guide.title = "Judul yang baru diterbitkan"
    guide.save_revision().publish()
    # (The browser's own HTTP cache may keep a public page five minutes; that is not the worker.)
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    page.goto(live_server.url + GUIDE_PATH)
    assert page.get_by_role("heading", level=1).inner_text() == "Judul yang baru diterbitkan"
    assert page.locator(".offline-banner").count() == 0


def test_a_signed_out_visitor_sees_none_of_an_operators_pages(live_server, operator, context):
    page = context.new_page()
    open_with_worker(page, live_server.url + "/panduan/")
    sign_in(page, live_server, "/reservasi/")
    page.goto(live_server.url + "/reservasi/")
    wait_until_kept(page, "ruko-pages-user", ["/reservasi/"])
    list_heading = page.get_by_role("heading", level=1).inner_text()

    # While signed in, the operator's own list opens offline.
    go_offline(context, page)
    page.goto(live_server.url + "/reservasi/")
    assert page.get_by_role("heading", level=1).inner_text() == list_heading
    assert page.locator(".offline-banner").is_visible()
    context.set_offline(False)

    page.goto(live_server.url + "/akun/")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(live_server.url + "/")
    assert cached_paths(page, "ruko-pages-user") == []

    go_offline(context, page)
    for path in ["/reservasi/", "/akun/"]:
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=1).inner_text() == "Anda sedang luring", path
        assert "Inan" not in page.content()
    # The public pages opened while signed in were the operator's copies: gone as well.
    page.goto(live_server.url + "/panduan/")
    assert "Akun saya" not in page.content()


def test_a_form_sent_offline_says_it_was_not_sent(live_server, operator, context):
    page = context.new_page()
    open_with_worker(page, live_server.url + "/panduan/")
    sign_in(page, live_server, "/reservasi/baru/")
    page.get_by_label("Judul").first.fill("Pendampingan laporan APBDes")
    go_offline(context, page)

    # With the page's script: the form is not sent and what was typed stays.
    page.locator("#request-form button[type=submit]").last.click()
    alert = page.get_by_role("alert")
    assert "TIDAK terkirim" in alert.inner_text()
    assert page.get_by_label("Judul").first.input_value() == "Pendampingan laporan APBDes"
    assert page.url.endswith("/reservasi/baru/")

    # Sent without the script's check (the phone thinks it has a signal): the worker answers.
    with page.expect_navigation():
        page.evaluate("document.getElementById('request-form').submit()")
    assert page.get_by_role("heading", level=1).inner_text() == "Tidak terkirim: Anda sedang luring"
    assert "TIDAK terkirim" in page.locator("main").inner_text()
    assert not Booking.objects.exists()


def test_saving_an_sop_keeps_the_page_and_its_printable_version(live_server, demo, context):
    page = context.new_page()
    open_with_worker(page, live_server.url + "/panduan/")
    page.goto(live_server.url + SOP_PATH)
    button = page.get_by_role("button", name="Simpan untuk dibaca luring")
    button.click()
    page.get_by_role("status").filter(has_text="Tersimpan di ponsel ini").wait_for()
    assert SOP_PATH in cached_paths(page, "ruko-pages-saved")
    assets = cached_paths(page, "ruko-assets")
    assert any(path.endswith("favicon.svg") for path in assets)  # the SOP's letterhead logo
    # Only the saved copy is left: opened pages may be trimmed, saved ones stay.
    page.evaluate("caches.delete('ruko-pages-public')")

    go_offline(context, page)
    page.goto(live_server.url + SOP_PATH)
    assert page.locator(".offline-banner").is_visible()
    assert page.locator(".sop-identity__logo").evaluate("img => img.naturalWidth") > 0
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".g-feedback", ".offline-banner"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator(".sop-table").first.is_visible()
    # The flowchart switches to its print drawing (print CSS from the saved page itself).
    display = "el => getComputedStyle(el).display"
    assert page.locator(".flow-print").first.evaluate(display) != "none"
    assert page.locator(".flow-screen").first.evaluate(display) == "none"
