"""SOPs with many actors, printed to PDF in Chromium and read back with positions.

The PDF's own geometry is the judge: the vertical rules of the table give the actors' columns,
pdfplumber gives each word with its box. No actor name may be split inside a word, no “Ya” or
“Tidak” label may reach into another actor's column, every page repeats the header, and where
the procedure continues on the next page an off-page connector letter appears on both pages."""

import io
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from axe_playwright_python.sync_playwright import Axe

from guidance.models import GuidanceIndexPage
from home.models import HomePage
from tests.guidance.conftest import make_sop

from .test_guidance import restore_migration_data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots")  # noqa: S108 -- looked at by people, by design
ACTORS = [
    "Pemohon",
    "Petugas Loket",
    "Kasi Pemerintahan",
    "Kasi Kesejahteraan Sosial",
    "Sekretaris Kecamatan",
    "Camat",
    "Kepala Desa",
    "Operator SIAK",
    "Kasi Pemberdayaan Masyarakat",
    "Ketua BPD",
    "Pendamping Desa",
    "Bendahara Pengeluaran",
]


def _steps(actors):
    n = len(actors)
    last = actors[-1]
    return [
        ("Menyerahkan berkas permohonan beserta salinan KTP dan KK", actors[0], "start", None),
        ("Mencatat permohonan di buku register pelayanan", actors[1], "process", None),
        ("Memeriksa kelengkapan berkas permohonan", last, "decision", 1),
        ("Menelaah isi permohonan dan menyiapkan konsep", actors[2], "process", None),
        ("Membahas konsep bersama", [actors[3], actors[4]], "process", None),
        ("Memberi pertimbangan", actors[8:11] or [actors[2]], "process", None),
        ("Menyetujui konsep jawaban", actors[5], "decision", 4, {"yes_step": 9}),
        ("Memperbaiki konsep sesuai catatan", actors[min(6, n - 1)], "process", None),
        ("Menandatangani surat jawaban", actors[5], "process", None),
        ("Memberi nomor dan mengarsipkan salinan", actors[1], "process", None),
        ("Memeriksa apakah pemohon hadir", actors[n // 2], "decision", 13),
        ("Menyerahkan surat kepada pemohon", actors[0], "end", None),
        ("Mengirim surat melalui kantor desa", actors[min(7, n - 1)], "process", None),
        ("Mengonfirmasi surat diterima", last, "process", None),
        ("Menutup berkas di register", actors[1], "end", None),
    ]


@pytest.fixture
def many_actor_sops(live_server, transactional_db):
    if not HomePage.objects.exists():
        restore_migration_data()
    index = GuidanceIndexPage.objects.get()
    sops = {}
    for count in (8, 12):
        actors = ACTORS[:count]
        page = make_sop(
            index,
            title=f"SOP dengan {count} pelaksana",
            actors=actors,
            steps=_steps(actors),
        )
        page.save_revision().publish()
        sops[count] = page
    SHOTS.mkdir(exist_ok=True)
    return sops


def _columns(page, count):
    """x boundaries of the actor columns, from the table's vertical rules on this PDF page."""
    words = page.extract_words(use_text_flow=True)
    activity = next(w for w in words if w["text"] == "Uraian")
    requirements = next(w for w in words if w["text"] == "Kelengkapan")
    # The actors' header row is the row of “Kelengkapan”: its cells' rules cross that word.
    xs = sorted(
        {
            round(edge["x0"], 1)
            for edge in page.edges
            if edge["orientation"] == "v"
            and edge["top"] < requirements["top"]
            and edge["bottom"] > requirements["bottom"]
        }
    )
    merged = []
    for x in xs:
        if not merged or x - merged[-1] > 2:
            merged.append(x)
    inside = [x for x in merged if activity["x1"] < x < requirements["x0"]]
    assert len(inside) == count + 1, (inside, merged)
    return inside


def _print(browser, url, name):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    context.close()
    (SHOTS / f"{name}.pdf").write_bytes(pdf)
    return pdfplumber.open(io.BytesIO(pdf))


@pytest.mark.parametrize("count", [8, 12])
def test_printed_sop_keeps_names_whole_and_labels_in_their_lane(
    live_server, many_actor_sops, browser, count
):
    sop = many_actor_sops[count]
    pdf = _print(browser, live_server.url + sop.url, f"sop-print-{count}-actors")
    actors = ACTORS[:count]
    pages = list(pdf.pages)
    table_pages = [
        p
        for p in pages
        if any(w["text"] == "Kelengkapan" for w in p.extract_words(use_text_flow=True))
    ]
    assert len(table_pages) >= 2, "14 steps with 12 lanes should need a second page"
    labels = Counter()
    letters = []
    for page in table_pages:
        assert abs(page.width - 842) < 2 and abs(page.height - 595) < 2  # A4 landscape
        bounds = _columns(page, count)
        words = page.extract_words(use_text_flow=True)
        requirements = next(w for w in words if w["text"] == "Kelengkapan")
        header_bottom = min(  # the rule under the header
            edge["top"]
            for edge in page.edges
            if edge["orientation"] == "h"
            and edge["top"] > requirements["bottom"]
            and edge["x1"] - edge["x0"] > 50
        )
        header_top = next(w for w in words if w["text"] == "Pelaksana")["bottom"]
        for position, name in enumerate(actors):
            left, right = bounds[position], bounds[position + 1]
            in_header = [
                w["text"]
                for w in words
                if header_top < w["top"]
                and w["bottom"] <= header_bottom
                and left <= (w["x0"] + w["x1"]) / 2 <= right
            ]
            # The header cell holds exactly the name's words, none cut, none spilling over.
            assert in_header == name.split(), (name, in_header)
            for w in words:
                if w["text"] in name.split() and w["bottom"] <= header_bottom:
                    centre = (w["x0"] + w["x1"]) / 2
                    if left <= centre <= right:
                        assert left - 0.5 <= w["x0"] and w["x1"] <= right + 0.5, (name, w)
        for w in words:
            if w["top"] > header_bottom and w["text"] in ("Ya", "Tidak"):
                lanes = [
                    i
                    for i in range(count)
                    if bounds[i] - 0.5 <= w["x0"] and w["x1"] <= bounds[i + 1] + 0.5
                ]
                assert len(lanes) == 1, (w["text"], w["x0"], w["x1"], bounds)
                labels[w["text"]] += 1
            if (
                w["top"] > header_bottom
                and len(w["text"]) == 1
                and w["text"].isalpha()
                and bounds[0] <= w["x0"] <= bounds[-1]
            ):
                letters.append((pages.index(page), w["text"]))
    assert labels == {"Ya": 3, "Tidak": 3}
    # Each connector letter is printed twice: at the foot of one page, the top of the next.
    by_letter = Counter(letter for _page, letter in letters)
    assert by_letter and all(n == 2 for n in by_letter.values()), letters
    for letter in by_letter:
        pages = sorted(p for p, seen in letters if seen == letter)
        assert pages[1] == pages[0] + 1, (letter, pages)


def test_pdf_pages_and_screens_look_right(live_server, many_actor_sops, browser):
    """Screenshots for people to look at, and the screen rules behind them: at 1280 px every
    column of the 8-actor table is in view; at 360 px number and activity stay in view."""
    url = live_server.url + many_actor_sops[8].url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    table = page.locator(".sop-table")
    assert table.evaluate("t => t.getBoundingClientRect().right <= window.innerWidth")
    assert page.locator(".sop-table-wrap").evaluate("e => e.scrollWidth <= e.clientWidth")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.screenshot(path=str(SHOTS / "sop-8-actors-1280.png"), full_page=True)
    context.close()

    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    wrap = page.locator(".sop-table-wrap")
    number = page.locator("tbody .sop-no").first
    activity = page.locator("tbody .sop-activity").first
    lane = page.locator("tbody .sop-flow").first
    before = (number.bounding_box()["x"], activity.bounding_box()["x"], lane.bounding_box()["x"])
    wrap.evaluate("e => e.scrollLeft = 400")
    after = (number.bounding_box()["x"], activity.bounding_box()["x"], lane.bounding_box()["x"])
    assert after[:2] == before[:2], "number and activity stay in view"
    assert after[2] < before[2] - 300, "the lanes scroll"
    assert activity.bounding_box()["x"] + activity.bounding_box()["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    wrap.screenshot(path=str(SHOTS / "sop-8-actors-360-scrolled.png"))
    context.close()
