import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_home_page_at_phone_width_has_no_axe_violations(live_server, phone, tmp_path):
    phone.goto(live_server.url + "/")
    assert phone.locator("html").get_attribute("lang") == "id"
    results = Axe().run(phone)
    assert results.violations_count == 0, results.generate_report()
    # Nothing may overflow the narrow screen sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_skip_link_is_the_first_stop_for_the_keyboard(live_server, phone):
    phone.goto(live_server.url + "/")
    # The home page comes from a migration: it is there only if the data was restored.
    assert phone.locator("h1").inner_text() == "RUKO PARSEL"
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
