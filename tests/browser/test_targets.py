"""Every interactive element on public, operator and staff pages is at least 24×24 CSS px, or
spaced as WCAG 2.2 SC 2.5.8 allows; every staff screen has 0 axe violations; the village
matrix on /transparansi/ needs no sideways scroll at 1280 px. Measured in Chromium on the demo
data (`load_demo`), which has something in every state."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from bookings.models import Booking, Status
from coordination.models import SessionOutcome
from home.demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The interactive elements of a page, and how WCAG 2.2 SC 2.5.8 measures them: a target
# smaller than 24×24 passes if a 24 px circle centred on it meets no other target and no other
# small target's circle ("spacing"), or if it is a link inside a sentence ("inline").
MEASURE = """
(scope) => {
  const root = document.querySelector(scope) || document.body;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button], [role=link], [tabindex]:not([tabindex="-1"])';
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden'
      && style.opacity !== '0' && !el.closest('[hidden], .visually-hidden, .w-sr-only');
  };
  const targets = [...root.querySelectorAll(selector)].filter(visible)
    .map((el) => ({ el, r: el.getBoundingClientRect() }));
  const small = (t) => t.r.width < 24 || t.r.height < 24;
  const inSentence = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement.closest('p, li, dd, td, th, label, figcaption, span');
    if (!block) return false;
    const text = block.textContent.replace(/\\s+/g, ' ').trim();
    const own = el.textContent.replace(/\\s+/g, ' ').trim();
    return text.length > own.length + 3;
  };
  const centre = (t) => [t.r.left + t.r.width / 2, t.r.top + t.r.height / 2];
  const failures = [];
  for (const t of targets) {
    if (!small(t) || inSentence(t.el)) continue;
    const [cx, cy] = centre(t);
    const clash = targets.find((o) => {
      if (o === t || o.el.contains(t.el) || t.el.contains(o.el)) return false;
      const dx = Math.max(o.r.left - cx, 0, cx - o.r.right);
      const dy = Math.max(o.r.top - cy, 0, cy - o.r.bottom);
      if (Math.hypot(dx, dy) < 12) return true;
      if (small(o)) {
        const [ox, oy] = centre(o);
        return Math.hypot(ox - cx, oy - cy) < 24;
      }
      return false;
    });
    if (clash) {
      const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
        + ' "' + (el.textContent || el.value || el.name || '').trim().slice(0, 30) + '"';
      failures.push(name(t.el) + ' ' + Math.round(t.r.width) + '×' + Math.round(t.r.height)
        + ' near ' + name(clash.el));
    }
  }
  return failures;
}
"""


def assert_targets(page, scope="body"):
    failures = page.evaluate(MEASURE, scope)
    assert failures == [], f"{page.url}: " + "; ".join(failures)


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n" + results.generate_report()


@pytest.fixture
def demo(live_server, transactional_db):
    from django.contrib.auth.models import Group

    from home.models import HomePage
    from tests.browser.test_guidance import restore_migration_data

    if not HomePage.objects.exists():
        restore_migration_data()
    if not Group.objects.filter(permissions__codename="access_admin").exists():
        from django.contrib.auth.models import Permission

        from home import roles

        for name in (roles.STAFF, roles.EDITORS, roles.MODERATORS):
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="wagtailadmin", codename="access_admin"
                )
            )
    call_command("load_demo")
    asked = Booking.objects.filter(status=Status.INFO_REQUESTED).select_related("village").first()
    operator = asked.village.operators.select_related("user").first().user
    return live_server.url, operator, asked


def sign_in(page, base, username, next_url):
    page.goto(f"{base}/masuk/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")


def test_public_and_operator_targets_at_phone_width(demo, browser):
    base, operator, asked = demo
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    for path in (
        "/",
        "/jadwal/",
        "/transparansi/",
        "/masuk/",
        "/panduan/",
        "/panduan/menyiapkan-laporan-apbdes/",
    ):
        page.goto(base + path)
        assert_targets(page)
    sign_in(page, base, operator.username, "/reservasi/")
    for path in (
        "/reservasi/",
        "/reservasi/baru/",
        f"/reservasi/{asked.pk}/",
        f"/reservasi/{asked.pk}/pindah/",
        "/reservasi/kalender/",
        "/tindak-lanjut/",
        "/jadwal/",
    ):
        page.goto(base + path)
        assert_targets(page)
        assert_no_axe_violations(page)
    context.close()


def test_staff_screens_targets_and_axe(demo, browser):
    base, _operator, asked = demo
    outcome = SessionOutcome.objects.order_by("-booking__start").first()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, base, "staf", "/admin/")
    for path in (
        "/admin/",
        "/admin/reservasi/",
        f"/admin/reservasi/{asked.pk}/",
        "/admin/reservasi/kalender/",
        "/admin/reservasi/baru/",
        "/admin/coordination/sessions/",
        "/admin/coordination/follow-ups/",
        "/admin/coordination/follow-ups/?show=reported",
        "/admin/coordination/report/",
        "/admin/snippets/coordination/sessionoutcome/",
        f"/admin/snippets/coordination/sessionoutcome/edit/{outcome.pk}/",
    ):
        page.goto(base + path)
        assert_no_axe_violations(page)
        assert_targets(page, "main")
    context.close()


def test_the_village_matrix_fits_at_1280(demo, browser):
    base, _operator, _asked = demo
    from tests.browser.test_coordination import _closed_year_with_small_counts

    year = _closed_year_with_small_counts()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{base}/transparansi/{year}/")
    region = page.locator("#village-table").locator("xpath=..")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth"), region.evaluate(
        "r => [r.scrollWidth, r.clientWidth]"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_targets(page)
    context.close()


def test_the_measure_catches_small_crowded_targets_and_spares_spaced_ones(browser):
    page = browser.new_page()
    page.set_content(
        '<main><p id="crowded"><input type="checkbox" style="width:13px;height:13px;margin:0">'
        '<a href="#" style="display:inline-block;height:13px;font-size:10px">x</a></p>'
        '<p style="margin-top:40px"><button style="width:16px;height:16px;padding:0">a</button>'
        '<span style="display:inline-block;width:40px"></span>'
        '<button style="width:16px;height:16px;padding:0">b</button></p>'
        '<p>Read <a href="#">this</a> in a sentence.</p></main>'
    )
    failures = page.evaluate(MEASURE, "main")
    assert len(failures) == 2 and all("13×13" in f or "×13" in f for f in failures), failures
    page.close()
