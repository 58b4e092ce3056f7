"""Guidance in a real Chromium at phone and desktop width: search, SOP printing, axe."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots")  # noqa: S108 -- screenshots are looked at by people, by design
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
SOP_PATH = "/panduan/sop-koordinasi-ruko-parsel/"
MAIL_SOP_PATH = "/panduan/sop-surat-masuk-dan-keluar-batu-piring/"
GUIDE_PATH = "/panduan/menyiapkan-laporan-apbdes/"


def restore_migration_data():
    """The data our migrations create. After a transactional test the database is flushed, and
    serialized_rollback does not restore it when pytest-playwright's session fixtures sit in
    between (the test database is then created without serialized contents)."""
    import importlib

    from django.apps import apps
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    for module, function in (
        ("home.migrations.0002_initial_content", "create_initial_content"),
        ("guidance.migrations.0002_index_and_workflow", "create_index_and_workflow"),
        ("guidance.migrations.0007_search_starting_data", "add_starting_data"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def demo(live_server, transactional_db):
    from guidance import demo
    from home.models import HomePage

    if not HomePage.objects.exists():
        restore_migration_data()
    demo.load()
    SHOTS.mkdir(exist_ok=True)


@pytest.fixture(params=list(WIDTHS))
def page(request, browser):
    context = browser.new_context(viewport=WIDTHS[request.param], bypass_csp=True)
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def assert_no_sideways_scroll(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_search_and_open_a_result(live_server, demo, page):
    page.goto(live_server.url + "/panduan/")
    page.get_by_label("Cari panduan dan SOP").fill("pelaporan")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url(re.compile(r"/cari/\?q=pelaporan"))
    result = page.get_by_role("link", name="Menyiapkan laporan realisasi APBDes")
    assert result.is_visible()
    assert_no_axe_violations(page)
    assert_no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"search-{page.width_name}.png"), full_page=True)
    result.click()
    page.wait_for_url(f"**{GUIDE_PATH}")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Menyiapkan laporan realisasi APBDes"
    )


def test_a_typed_question_finds_its_answer_and_every_result_page_offers_to_ask(
    live_server, demo, page
):
    page.goto(live_server.url + "/cari/")
    page.get_by_label("Apa yang Anda cari?").fill("cara meminjam ruang koordinasi di kecamatan")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cari/\?q=cara"))
    first = page.locator(".g-item").first
    assert "Layanan" in first.inner_text()
    assert page.locator(".g-item mark").count() > 0
    ask = page.get_by_role("link", name="Tanyakan ke kecamatan")
    assert "deskripsi=cara+meminjam" in ask.get_attribute("href")
    assert_no_axe_violations(page)
    assert_no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"search-question-{page.width_name}.png"), full_page=True)

    page.goto(live_server.url + "/cari/?q=stuntig")
    assert page.get_by_text("Mungkin maksud Anda").is_visible()
    assert page.get_by_role("link", name="Alur rujukan balita berisiko stunting").is_visible()
    assert_no_axe_violations(page)

    page.goto(live_server.url + "/cari/?q=harga+pupuk+subsidi")
    assert page.get_by_text("Tidak ada halaman yang menjawab").is_visible()
    assert page.get_by_role("link", name="Tanyakan ke kecamatan").is_visible()
    assert_no_axe_violations(page)
    assert_no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"search-empty-{page.width_name}.png"), full_page=True)


def test_index_guidance_and_sop_pages_have_no_axe_violations(live_server, demo, page):
    for name, path in (
        ("index", "/panduan/"),
        ("guide", GUIDE_PATH),
        ("sop", SOP_PATH),
        ("sop-procedures", MAIL_SOP_PATH),
    ):
        page.goto(live_server.url + path)
        assert_no_axe_violations(page)
        assert_no_sideways_scroll(page)
        page.screenshot(path=str(SHOTS / f"{name}-{page.width_name}.png"), full_page=True)


def test_sop_table_scrolls_inside_its_box_on_a_phone(live_server, demo, browser):
    context = browser.new_context(viewport=WIDTHS["phone"])
    phone = context.new_page()
    phone.goto(live_server.url + SOP_PATH)
    box = phone.locator(".sop-table-wrap")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert phone.locator("g.flow-symbol").count() == 9  # step 5 is done by two actors
    assert_no_sideways_scroll(phone)
    context.close()


def test_sop_prints_as_a_clean_a4_landscape_page(live_server, demo, browser):
    context = browser.new_context(viewport={"width": 1123, "height": 794})
    page = context.new_page()
    page.goto(live_server.url + SOP_PATH)
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".site-header", ".g-feedback", ".breadcrumbs", ".site-footer"):
        assert page.locator(hidden).first.is_hidden(), hidden
    table = page.locator(".sop-table")
    assert table.is_visible()
    assert page.locator(".sop-identity").is_visible()
    # The whole table fits the printable width: nothing is cut off at the right.
    assert table.evaluate("el => el.scrollWidth <= el.parentElement.clientWidth + 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1123
    assert page.locator(".sop-print-hint").is_hidden()
    page.screenshot(path=str(SHOTS / "sop-print.png"), full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    (SHOTS / "sop-print.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes, "no page in the PDF"
    for width, height in boxes:
        # A4 landscape is 842 x 595 points.
        assert abs(float(width) - 842) < 2 and abs(float(height) - 595) < 2, (width, height)
    context.close()


def test_questions_open_without_javascript(live_server, demo, browser):
    context = browser.new_context(viewport=WIDTHS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + GUIDE_PATH)
    answer = page.get_by_text("Kepala desa, setelah diparaf")
    assert answer.is_hidden()
    page.get_by_text("Siapa yang menandatangani laporan?").click()
    assert answer.is_visible()
    context.close()


def test_feedback_form_works_at_phone_width(live_server, demo, browser):
    context = browser.new_context(viewport=WIDTHS["phone"])
    page = context.new_page()
    page.goto(live_server.url + GUIDE_PATH)
    page.get_by_role("radio", name="Ya", exact=True).check()
    page.get_by_label("Komentar (opsional)").fill("Sangat jelas")
    page.get_by_role("button", name="Kirim").click()
    assert page.get_by_role("heading", name="Terima kasih").is_visible()
    context.close()
