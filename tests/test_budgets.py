"""Budgets every public page keeps: a fixed number of SQL queries whatever the amount of
content, a small weight on the wire (HTML + CSS + JS, gzip-compressed), and at most one request
that holds up the first paint.

Two views are counted: *uncached*, the page cache has nothing for this URL (the first view
after a publish elsewhere, a visitor whose cookies make the key differ) while the shared
fragments of the content generation are there — at most six queries; and *cold*, every cache
empty, which happens once per publish."""

import datetime
import gzip
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from schedule.models import Event, Rule

from bookings.models import Booking, Room, Status
from guidance.models import GuidanceIndexPage
from home.models import ProblemCategory, Section, Village
from tests.guidance.conftest import make_guidance, make_sop

WITA = ZoneInfo("Asia/Makassar")
KB = 1024
# Exact query counts of an uncached anonymous view; the same with little or much content.
# A page itself is kept per content generation with what it shows (home/routing.py): what
# is left is whether it is still live.
QUERIES = {
    "/": 1,  # still live?
    "/panduan/": 4,  # still live?, count, the page of pages, their categories
    "guidance": 1,  # still live? (categories and related pages are a fragment too)
    "sop": 1,  # still live? (kept with its procedures, steps and actors)
    # pages, services, documents, the passages, the log (synonyms, promotions and the pages'
    # categories are kept per content generation)
    "/cari/?q=desa": 5,
    "/cari/?q=cara+laporan+desa+panduan+paling+lambat": 6,  # + the coverage check
    "/cari/?q=pupuk+subsidi": 5,  # nothing found: the trigram suggestion instead of passages
    "/jadwal/": 3,  # rooms, opening hours, bookings of the week (closures are kept)
    "/transparansi/": 4,  # the figures (categories, villages and kinds are kept)
    "/panduan/dokumen/": 1,  # count (no documents)
    "/jadwal/ruang-uji.ics": 4,  # room, bookings, blocks and their occurrences
}
PUBLIC_BUDGET = 6
# The same with every cache empty (once per publish): still constant with content size.
COLD_QUERIES = {
    "/": 5,
    "/panduan/": 14,
    "guidance": 15,
    "sop": 15,  # + the SOP's titled procedures
    "/cari/?q=desa": 13,
    "/cari/?q=cara+laporan+desa+panduan+paling+lambat": 14,  # a question: coverage check
    "/cari/?q=pupuk+subsidi": 11,  # nothing found: the trigram fallback
    "/jadwal/": 8,
    "/transparansi/": 9,
    "/panduan/dokumen/": 3,
    "/jadwal/ruang-uji.ics": 4,
}
WEIGHT_LIMIT = {"sop": 40 * KB}
DEFAULT_WEIGHT_LIMIT = 25 * KB
# Requests the browser must finish before it can paint (a 2G round trip is 800 ms each).
RENDER_BLOCKING_LIMIT = 1
WEIGHED = [*(name for name in QUERIES if not name.endswith(".ics")), "/masuk/"]


def add_content(count, *, room, start_index=0):
    index = GuidanceIndexPage.objects.get(slug="panduan")
    categories = list(ProblemCategory.objects.all())
    for number in range(start_index, start_index + count):
        make_guidance(
            index,
            f"Panduan desa nomor {number}",
            categories=categories[number % 3 : number % 3 + 2],
        )
    village = Village.objects.first()
    section = Section.objects.first()
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    for number in range(start_index, start_index + count):
        day = monday + datetime.timedelta(days=number % 5, weeks=number // 40)
        start = datetime.datetime.combine(day, datetime.time(8 + number % 40 // 5), tzinfo=WITA)
        Booking.objects.create(
            room=room,
            village=village,
            section=section,
            category=categories[0],
            title=f"Sesi {number}",
            description="Pembahasan.",
            attendees=3,
            contact_name="Operator",
            contact_phone="081200000000",
            start=start,
            end=start + datetime.timedelta(minutes=45),
            status=Status.APPROVED,
        )
    rule, _ = Rule.objects.get_or_create(name="Mingguan uji", defaults={"frequency": "WEEKLY"})
    for number in range(start_index, start_index + max(1, count // 10)):
        start = datetime.datetime.combine(monday, datetime.time(16, 30), tzinfo=WITA)
        Event.objects.create(
            title=f"Blok {number}",
            calendar=room.calendar,
            rule=rule,
            start=start,
            end=start + datetime.timedelta(minutes=10),
        )


@pytest.fixture
def site(db, villages):
    room = Room.objects.create(name="Ruang uji", capacity=10)
    room.add_default_opening_hours()
    index = GuidanceIndexPage.objects.get(slug="panduan")
    pages = {
        "guidance": make_guidance(
            index, "Panduan pokok", categories=ProblemCategory.objects.all()[:2]
        ),
        "sop": make_sop(index, title="SOP pokok"),
    }
    return room, pages


def url_of(name, pages):
    return pages[name].url if name in pages else name


SAVEPOINT = re.compile(r"^\s*(RELEASE )?SAVEPOINT ")


def measure(client, url, *, cold=True, sql=False):
    """Queries of a view with no stored page; `cold`: no cached fragment or expansion of
    recurring blocks either.

    SAVEPOINT and RELEASE SAVEPOINT are not counted: they appear only because each test runs
    inside a transaction, where the search log is written in a savepoint; in production it is
    one statement (guidance.services.search_log, tested there)."""
    for cache in caches.all(initialized_only=True) if cold else [caches["pages"]]:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    queries = [q["sql"] for q in captured if not SAVEPOINT.match(q["sql"])]
    if sql:
        return queries, response
    return len(queries), response


@pytest.mark.django_db
def test_public_pages_run_the_same_queries_with_little_and_much_content(client, site):
    room, pages = site
    add_content(3, room=room)
    for name in QUERIES:  # one-time work (such as creating the site settings row) is not per view
        measure(client, url_of(name, pages))
    small = {name: measure(client, url_of(name, pages))[0] for name in QUERIES}
    add_content(60, room=room, start_index=3)
    large = {name: measure(client, url_of(name, pages))[0] for name in QUERIES}
    assert small == COLD_QUERIES
    assert large == COLD_QUERIES


def uncached_queries(client, pages):
    found = {}
    for name in QUERIES:
        measure(client, url_of(name, pages))  # the fragments of this generation are there
        found[name] = measure(client, url_of(name, pages), cold=False)[0]
    return found


@pytest.mark.django_db
def test_uncached_public_pages_keep_within_six_queries_whatever_the_content(client, site):
    room, pages = site
    add_content(3, room=room)
    for name in QUERIES:  # one-time work (such as creating the site settings row) is not per view
        measure(client, url_of(name, pages))
    small = uncached_queries(client, pages)
    add_content(60, room=room, start_index=3)
    large = uncached_queries(client, pages)
    assert small == QUERIES
    assert large == QUERIES
    assert max(QUERIES.values()) <= PUBLIC_BUDGET


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(QUERIES))
def test_no_public_page_runs_the_same_query_twice(client, site, name):
    room, pages = site
    add_content(10, room=room)
    measure(client, url_of(name, pages))  # one-time work (the site settings row)
    for cold in (True, False):
        statements, _ = measure(client, url_of(name, pages), cold=cold, sql=True)
        assert len(statements) == len(set(statements)), statements


def static_weight(html):
    total = 0
    for path in set(re.findall(r'(?:href|src)="/static/([^"?]+\.(?:css|js))"', html)):
        found = finders.find(path)
        assert found, path
        with open(found, "rb") as handle:
            total += len(gzip.compress(handle.read(), 6))
    return total


@pytest.mark.django_db
@pytest.mark.parametrize("name", WEIGHED)
def test_public_page_weight_stays_within_budget(client, site, name):
    room, pages = site
    add_content(20, room=room)
    _, response = measure(client, url_of(name, pages))
    html = response.content.decode()
    weight = len(gzip.compress(response.content, 6)) + static_weight(html)
    print(f"{name}: {weight / KB:.1f} KB")
    assert weight <= WEIGHT_LIMIT.get(name, DEFAULT_WEIGHT_LIMIT), f"{name}: {weight} bytes"
    # Nothing is loaded from another host (links to other pages are fine, loads are not).
    loads = re.findall(r'<(?:script|img|iframe)[^>]+src="([^"]+)"', html)
    loads += re.findall(
        r'<link[^>]+rel="(?:stylesheet|preload|icon|manifest)"[^>]+href="([^"]+)"', html
    )
    assert loads and all(
        url.startswith(("/", "data:")) and not url.startswith("//") for url in loads
    )
    blocking = render_blocking(html)
    assert len(blocking) <= RENDER_BLOCKING_LIMIT, blocking


def render_blocking(html):
    """Stylesheets for the screen and scripts in <head> that are neither deferred nor async."""
    head = html.split("</head>", 1)[0]
    sheets = [
        tag
        for tag in re.findall(r"<link[^>]+>", html)
        if 'rel="stylesheet"' in tag and not re.search(r'media="(print|not all)"', tag)
    ]
    scripts = [
        tag
        for tag in re.findall(r"<script[^>]*>", head)
        if "src=" in tag and not re.search(r"\s(defer|async)[\s>=]", tag) and "module" not in tag
    ]
    return sheets + scripts


def test_render_blocking_counts_screen_stylesheets_and_plain_head_scripts():
    html = (
        '<head><link rel="stylesheet" href="/static/a.css">'
        '<link rel="stylesheet" href="/static/p.css" media="print">'
        '<script src="/static/a.js"></script><script src="/static/b.js" defer></script></head>'
        '<body><script src="/static/c.js"></script></body>'
    )
    assert render_blocking(html) == [
        '<link rel="stylesheet" href="/static/a.css">',
        '<script src="/static/a.js">',
    ]
