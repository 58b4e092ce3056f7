"""Staff, editors and moderators read the admin in Indonesian on every screen they use.

Each test signs in as one role, walks that role's screens on the demo content (opening the
tabs, side panels, dialogs, dropdowns and menus a click opens), collects the text a person
sees — the rendered text, the title, aria-label, placeholder and alt of visible elements and
the tooltips Wagtail shows on hover — and fails on any piece that tests/browser/english.py
finds English, listing every piece with its screen.
"""

import json
import os
import re

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from bookings.models import Booking, Room
from coordination.models import SessionOutcome
from guidance.models import GuidancePage, SopPage
from home import roles
from home.models import Section, Village
from tests.factories import PASSWORD, UserFactory

from .english import english_msgids, english_words, is_english

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = os.environ.get("SHOTS_DIR", "/tmp/shots")  # noqa: S108 -- screenshots to look at

COLLECT = """() => {
  const seen = [];
  const visible = (el) => el.checkVisibility({ visibilityProperty: true });
  for (const line of document.body.innerText.split(/[\\n\\t]/)) seen.push(line);
  const attributes = ["title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value"];
  for (const el of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(","))) {
    if (!visible(el)) continue;
    for (const name of attributes) if (el.getAttribute(name)) seen.push(el.getAttribute(name));
  }
  for (const el of document.querySelectorAll("input[type=submit], input[type=button]")) {
    if (visible(el)) seen.push(el.value);
  }
  seen.push(document.title);
  return seen.map((text) => text.trim()).filter(Boolean);
}"""


# --- the detector: it must catch what the issue saw, and leave Indonesian and names alone


@pytest.mark.parametrize(
    "text",
    [
        "Page title*",
        "Collapse all",
        "More actions",
        "Request changes",
        "Approve with comment dan Publikasikan",
        "19 Pages",
        "CURRENT PAGE STATUS",
        "Draft saved",
        "Compare",
        "None",
        "No",
        "True",
        "False",
        "Instances",
        "Toggle sidebar",
        "Insert a block",
        "The page could not be created due to validation errors",
    ],
)
def test_the_detector_finds_english(text):
    assert is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "Judul halaman*",
        "Ciutkan semua",
        "Simpan draf",
        "Status",
        "Data desa",
        "Unduh PDF",
        "Ekspor CSV",
        "Impor SOP dari Excel",
        "Wagtail",
        "Asia/Makassar",
        "English",
        "No. 72 Tahun 2021",
        "Batu Piring",
        "home.homepage",
        "No.",
        "Europe/London: GMT+0 (Greenwich Mean Time)",
    ],
)
def test_the_detector_leaves_indonesian_and_names_alone(text):
    assert not is_english(text)


def test_the_detector_accepts_allowed_content_only_where_it_stands():
    assert not is_english("Sunting Review Test", allowed={"Review Test"})
    assert is_english("Edit Review Test", allowed={"Review Test"})


def test_the_detector_knows_the_catalogues_english_source_strings():
    msgids = english_msgids()
    assert {"compare", "none", "collapse all", "snippets"} <= msgids
    assert english_words("Approve with comment dan Publikasikan") == ["approve", "with", "comment"]


# --- the walk


def shape(piece):
    """The piece with quoted names and numbers blanked: "More options for 'Desa Inan'" and
    "More options for 'Desa Bungin'" are one string to translate, counted once."""
    return re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", piece))


class Walk:
    """A signed-in browser page and the English pieces found so far, per screen."""

    def __init__(self, page, base, allowed):
        self.page = page
        self.base = base
        self.allowed = allowed
        self.found = {}
        self.shapes = set()
        self.screens = []

    def look(self, screen):
        self.page.wait_for_load_state("networkidle")
        self.screens.append(screen)
        pieces = self.page.evaluate(COLLECT)
        english = []
        for piece in sorted(set(pieces)):
            if shape(piece) not in self.shapes and is_english(piece, self.allowed):
                self.shapes.add(shape(piece))
                english.append(piece)
        if english:
            self.found[screen] = english

    def visit(self, path, screen):
        response = self.page.goto(self.base + path)
        assert response.status < 400, f"{screen}: {path} answered {response.status}"
        self.look(screen)

    def click_and_look(self, selector, screen, *, close=True):
        """Click each visible element the selector finds, look, and close what opened."""
        for index in range(self.page.locator(selector).count()):
            element = self.page.locator(selector).nth(index)
            if not element.is_visible():
                continue
            element.click()
            self.look(f"{screen} {index + 1}")
            if close:
                self.page.keyboard.press("Escape")

    def tooltips(self, screen):
        """Hover what shows a tooltip on hover and read the tooltips."""
        selector = "[data-controller~='w-tooltip']"
        for index in range(min(self.page.locator(selector).count(), 12)):
            element = self.page.locator(selector).nth(index)
            if element.is_visible():
                element.hover()
        self.look(f"{screen} (tooltips)")

    def sidebar(self, screen):
        """Open each submenu of the main menu, the account menu and collapse the sidebar."""
        self.click_and_look(".sidebar-menu-item__link[aria-haspopup]", f"{screen}: submenu")
        self.click_and_look(".sidebar-footer__account", f"{screen}: account menu")
        self.page.keyboard.press("Escape")

    def report(self):
        return "\n".join(f"{screen}: {' | '.join(pieces)}" for screen, pieces in self.found.items())

    def count(self):
        return sum(len(pieces) for pieces in self.found.values())


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def names_in_content():
    """What people typed and the names of things: accepted as they stand."""
    names = {roles.EDITORS, roles.MODERATORS, roles.STAFF, roles.OPERATORS}
    names |= set(Village.objects.values_list("name", flat=True))
    names |= set(Section.objects.values_list("name", flat=True))
    names |= set(Page.objects.values_list("title", flat=True))
    names |= set(get_document_model().objects.values_list("title", flat=True))
    return {name for name in names if name}


def sign_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    return Walk(page, live_server.url, names_in_content())


def finish(walk, role):
    os.makedirs(SHOTS, exist_ok=True)
    walk.page.screenshot(path=f"{SHOTS}/admin-language-{role}.png", full_page=True)
    print(f"\n{role}: {walk.count()} English pieces on {len(walk.screens)} screens")
    print(walk.report())
    with open(f"{SHOTS}/admin-language-{role}.json", "w") as found:
        json.dump(walk.found, found, ensure_ascii=False, indent=1)
    assert not walk.found, f"English on the {role}'s screens:\n{walk.report()}"


def edit_screens(walk, page_id, screen):
    """The edit screen with every tab, side panel, dialog and dropdown it opens by a click."""
    walk.visit(f"/admin/pages/{page_id}/edit/", screen)
    walk.click_and_look("[role=tab]", f"{screen}: tab", close=False)
    walk.page.locator("[role=tab]").first.click()
    walk.click_and_look("[data-side-panel-toggle]", f"{screen}: side panel", close=False)
    walk.page.locator("[data-side-panel-toggle='comments']").click()
    walk.page.locator(".w-field__comment-button").first.click()
    walk.look(f"{screen}: new comment")
    walk.page.keyboard.press("Escape")
    walk.page.locator("[data-side-panel-toggle='status']").click()
    walk.click_and_look(
        "[data-a11y-dialog-show='schedule-publishing-dialog']", f"{screen}: schedule dialog"
    )
    walk.click_and_look("header [data-w-dropdown-target='toggle']", f"{screen}: more actions")
    walk.click_and_look("footer [data-w-dropdown-target='toggle']", f"{screen}: save actions")
    walk.click_and_look(".c-sf-add-button", f"{screen}: block chooser")
    walk.tooltips(screen)


def test_an_editor_reads_indonesian_everywhere(browser, live_server, demo):
    UserFactory(username="redaktur", first_name="Rina", last_name="Wulandari", group=roles.EDITORS)
    walk = sign_in(browser, live_server, "redaktur")
    guide = GuidancePage.objects.order_by("pk").first()
    second = GuidancePage.objects.order_by("pk")[1]
    sop = SopPage.objects.order_by("pk").first()
    index = guide.get_parent()

    walk.look("dashboard")
    walk.sidebar("dashboard")
    walk.tooltips("dashboard")
    walk.page.locator(".sidebar-page-explorer-item button, [aria-label='Pages']").first.click()
    walk.look("explorer menu")
    walk.page.keyboard.press("Escape")
    walk.visit("/admin/pages/", "explorer: root")
    walk.visit(f"/admin/pages/{index.pk}/", "explorer: guidance")
    walk.click_and_look("main [data-w-dropdown-target='toggle']", "explorer: row actions")
    walk.visit("/admin/pages/search/?q=desa", "page search")

    # Create: every tab, the block chooser, then a save with errors.
    walk.visit(f"/admin/pages/{index.pk}/add_subpage/", "choose page type")
    walk.visit(f"/admin/pages/add/guidance/guidancepage/{index.pk}/", "create")
    walk.click_and_look("[role=tab]", "create: tab", close=False)
    walk.page.locator("[role=tab]").first.click()
    walk.click_and_look(".c-sf-add-button", "create: block chooser")
    with walk.page.expect_navigation():
        walk.page.locator("footer .action-save").first.click()
    walk.look("create: validation errors")

    # Save a draft and submit it for moderation (on a page no dialog has been opened on).
    walk.visit(f"/admin/pages/{second.pk}/edit/", "edit")
    walk.page.fill("#id_title", second.title + " (revisi)")
    with walk.page.expect_navigation():
        walk.page.locator("footer .action-save").first.click()
    walk.look("edit: draft saved")
    walk.page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    walk.look("edit: save actions")
    with walk.page.expect_navigation():
        walk.page.locator("footer button[name='action-submit']").first.click()
    walk.look("edit: submitted to moderation")
    assert second.current_workflow_state.status == "in_progress"
    walk.visit(f"/admin/pages/{second.pk}/history/", "history")
    revisions = list(
        Revision.page_revisions.filter(object_id=str(second.pk))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(revisions) >= 2
    walk.visit(
        f"/admin/pages/{second.pk}/revisions/compare/{revisions[0]}...{revisions[-1]}/",
        "revisions compare",
    )
    walk.visit(f"/admin/pages/{index.pk}/", "explorer: after submitting")

    edit_screens(walk, guide.pk, "edit guidance")
    edit_screens(walk, sop.pk, "edit SOP")
    walk.visit(f"/admin/pages/{guide.pk}/usage/", "page usage")
    walk.visit("/admin/sop/impor/", "SOP import")

    for path, screen in [
        ("/admin/reports/locked/", "report: locked pages"),
        ("/admin/reports/aging-pages/", "report: aging pages"),
        ("/admin/reports/site-history/", "report: site history"),
        ("/admin/reports/workflow/", "report: workflows"),
        ("/admin/reports/workflow_tasks/", "report: workflow tasks"),
        ("/admin/reports/page-types-usage/", "report: page types"),
        ("/admin/reports/tinjauan-terlambat/", "report: overdue reviews"),
        ("/admin/reports/umpan-balik/", "report: feedback per page"),
        ("/admin/page_feedback/", "page feedback"),
        ("/admin/documents/", "documents"),
        ("/admin/documents/multiple/add/", "documents: upload"),
        (f"/admin/documents/edit/{get_document_model().objects.first().pk}/", "document edit"),
        ("/admin/images/", "images"),
        ("/admin/images/multiple/add/", "images: upload"),
        ("/admin/account/", "account"),
    ]:
        walk.visit(path, screen)
    walk.click_and_look("[role=tab]", "account: tab", close=False)
    finish(walk, "editor")


def test_a_moderator_reads_indonesian_through_the_workflow(browser, live_server, demo):
    editor = UserFactory(username="redaktur", group=roles.EDITORS)
    UserFactory(username="moderator-uji", first_name="Hendra", group=roles.MODERATORS)
    # The dialogs are opened on a third page: an opened comment or block is saved by autosave.
    first, second, third = GuidancePage.objects.order_by("pk")[:3]
    for page in (first, second, third):
        revision = page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
        assert revision.pk
    walk = sign_in(browser, live_server, "moderator-uji")

    walk.look("dashboard")
    walk.sidebar("dashboard")
    walk.visit("/admin/pages/", "explorer: root")
    edit_screens(walk, third.pk, "edit in moderation")
    walk.visit(f"/admin/pages/{first.pk}/workflow_history/", "workflow history")

    # Request changes with a comment, then approve the other with a comment.
    walk.visit(f"/admin/pages/{first.pk}/edit/", "review first")
    walk.page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    walk.look("review: actions")
    walk.page.locator("footer button[data-workflow-action-name='reject']").first.click()
    walk.page.wait_for_selector("#id_comment")
    walk.look("request changes dialog")
    walk.page.fill("#id_comment", "Mohon lengkapi dasar hukumnya.")
    with walk.page.expect_navigation():
        walk.page.locator(".modal form [type=submit]").first.click()
    walk.look("changes requested")
    assert first.current_workflow_state.status == "needs_changes"

    walk.visit(f"/admin/pages/{second.pk}/edit/", "review second")
    walk.page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    walk.page.locator(
        "footer button[data-workflow-action-name='approve'][data-workflow-action-modal-url]"
    ).first.click()
    walk.page.wait_for_selector("#id_comment")
    walk.look("approve with comment dialog")
    walk.page.fill("#id_comment", "Sudah baik.")
    with walk.page.expect_navigation():
        walk.page.locator(".modal form [type=submit]").first.click()
    walk.look("approved")
    second.refresh_from_db()
    assert second.live and second.current_workflow_state is None
    walk.visit(f"/admin/pages/{second.pk}/history/", "history after approval")
    walk.visit("/admin/reports/workflow/", "report: workflows")
    walk.visit("/admin/reports/workflow_tasks/", "report: workflow tasks")
    walk.visit("/admin/reports/site-history/", "report: site history")
    walk.visit("/admin/reports/locked/", "report: locked pages")
    walk.visit("/admin/account/", "account")
    finish(walk, "moderator")


def test_staff_read_indonesian_on_the_office_screens(browser, live_server, demo):
    section = Section.objects.get(name="Seksi Pemerintahan")
    UserFactory(username="staf-uji", first_name="Sari", group=roles.STAFF, section=section)
    walk = sign_in(browser, live_server, "staf-uji")
    booking = Booking.objects.order_by("pk").first()
    outcome = SessionOutcome.objects.order_by("pk").first()

    walk.look("dashboard")
    walk.sidebar("dashboard")
    for path, screen in [
        ("/admin/reservasi/", "bookings queue"),
        (f"/admin/reservasi/{booking.pk}/", "booking detail"),
        ("/admin/reservasi/kalender/", "bookings calendar"),
        ("/admin/reservasi/baru/", "new booking"),
        ("/admin/coordination/sessions/", "sessions to record"),
        ("/admin/coordination/follow-ups/", "follow-ups"),
        ("/admin/coordination/report/", "M&E report"),
        ("/admin/coordination/report/print/", "M&E report to print"),
        ("/admin/snippets/bookings/room/", "snippets: rooms"),
        (f"/admin/snippets/bookings/room/edit/{Room.objects.first().pk}/", "room edit"),
        ("/admin/snippets/bookings/closure/", "snippets: closures"),
        ("/admin/snippets/bookings/closure/add/", "closure add"),
        ("/admin/bookings/blocks/", "recurring blocks"),
        ("/admin/snippets/", "snippets"),
        ("/admin/snippets/home/village/", "snippets: villages"),
        (f"/admin/snippets/home/village/edit/{Village.objects.first().pk}/", "village edit"),
        ("/admin/snippets/home/section/", "snippets: sections"),
        ("/admin/snippets/home/problemcategory/", "snippets: categories"),
        ("/admin/snippets/home/userprofile/", "snippets: user profiles"),
        ("/admin/snippets/coordination/sessionoutcome/", "outcomes"),
        (f"/admin/snippets/coordination/sessionoutcome/edit/{outcome.pk}/", "outcome edit"),
        ("/admin/account/", "account"),
    ]:
        walk.visit(path, screen)
    finish(walk, "staff")
