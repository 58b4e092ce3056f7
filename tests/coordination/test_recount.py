"""An independent recount of every M&E figure, compared with what staff see.

The recount reads the raw rows with its own SQL and applies the definitions written in
docs/coordination.md in plain Python (WITA days, its own half-up rounding); it never calls the
report code. The data sit on the edges: sessions and requests at 23:30 and 00:30 WITA around
month and year ends (the same UTC day), follow-ups done just before and just after midnight
of their due date, a moved session, a moved-then-cancelled one, cancelled, rejected, expired,
pending and no-show requests, cancelled follow-ups. Each period's figures and breakdowns must
be equal on the admin page, in the printable report, in the XLSX and in the CSV.
"""

import csv
import datetime
import io
import re
import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection

from bookings.models import Booking, BookingHistory, Status
from coordination.models import Attendee, FollowUp, SessionOutcome
from home import roles
from home.models import BodyKind, CommunityBody, ProblemCategory, Section, Village
from tests.conftest import make_user
from tests.factories import wita


def body(response):
    """The whole body of a streamed export."""
    return b"".join(response.streaming_content)


WITA = ZoneInfo("Asia/Makassar")
NOW = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=WITA)
TODAY = NOW.date()

# The figures staff see, by their written definitions; and the columns of each breakdown.
BREAKDOWN = [
    "requests",
    "approved",
    "rejected",
    "cancelled",
    "expired",
    "held",
    "no_show",
    "attendees",
    "follow_ups_opened",
    "follow_ups_done",
    "follow_ups_done_on_time",
    "follow_ups_overdue",
]
TOTALS = [
    "requests",
    "approved",
    "rejected",
    "cancelled",
    "expired",
    "median_hours",
    "held",
    "no_show",
    "follow_ups_opened",
    "follow_ups_done",
    "follow_ups_done_on_time",
    "on_time_share",
    "follow_ups_overdue",
    "attendees",
    "women",
    "men",
    "gender_not_given",
    "officials",
    "per_session",
]


# ---------------------------------------------------------------------------- the data


def _history(booking, action, from_status, to_status, at):
    entry = BookingHistory.objects.create(
        booking=booking, action=action, from_status=from_status, to_status=to_status
    )
    BookingHistory.objects.filter(pk=entry.pk).update(at=at)


@pytest.fixture
def edges(django_user_model, villages, booking_factory, category, other_category, other_section):
    a, b, c = villages[0], villages[1], villages[2]
    k1, k2 = category, other_category
    staff = make_user(django_user_model, "staf-satu", group=roles.STAFF)
    other_staff = make_user(django_user_model, "staf-dua", group=roles.STAFF)
    make = booking_factory

    def held(village, start, created, category=k1, **extra):
        return make(
            village,
            start,
            category=category,
            created_at=created,
            decided_at=created + datetime.timedelta(hours=5),
            **extra,
        )

    s_apr30 = held(a, wita(2026, 4, 30, 23, 30), wita(2026, 4, 20, 10))
    s_may1 = held(a, wita(2026, 5, 1, 0, 30), wita(2026, 4, 30, 23, 30))
    s_jun1 = held(b, wita(2026, 6, 1, 0, 30), wita(2026, 5, 31, 23, 30), category=k2)
    s_dec31 = held(a, wita(2025, 12, 31, 23, 30), wita(2025, 12, 20, 8))
    s_jan1 = held(b, wita(2026, 1, 1, 0, 30), wita(2025, 12, 31, 23, 30), category=k2)
    s_section = held(c, wita(2026, 5, 20, 10), wita(2026, 5, 12, 7, 15), section=other_section)
    # Two more June sessions: 2026 then has 8 held sessions with 18 attendees (2.25 each).
    s_jun8 = held(c, wita(2026, 6, 8, 9), wita(2026, 6, 1, 9))
    s_jun9 = held(c, wita(2026, 6, 9, 9), wita(2026, 6, 1, 10))
    make(
        b,
        wita(2026, 5, 31, 23, 30),
        category=k2,
        status=Status.NO_SHOW,
        created_at=wita(2026, 5, 1, 0, 30),
        decided_at=wita(2026, 5, 1, 2, 0),
    )
    # Moved: asked for 29 April, moved to 2 May (approved again), held there.
    s_moved = make(
        c,
        wita(2026, 5, 2, 10),
        category=k2,
        created_at=wita(2026, 4, 10, 9),
        decided_at=wita(2026, 4, 11, 9),
    )
    _history(s_moved, "reschedule", Status.APPROVED, Status.PENDING, wita(2026, 4, 25, 9))
    _history(s_moved, "approve", Status.PENDING, Status.APPROVED, wita(2026, 4, 26, 9))
    # Moved from May to 3 June, approved again, then cancelled.
    moved_cancelled = make(
        a,
        wita(2026, 6, 3, 10),
        category=k2,
        status=Status.CANCELLED,
        created_at=wita(2026, 5, 3, 8),
        decided_at=wita(2026, 5, 4, 8),
    )
    _history(moved_cancelled, "reschedule", Status.APPROVED, Status.PENDING, wita(2026, 5, 10))
    _history(moved_cancelled, "approve", Status.PENDING, Status.APPROVED, wita(2026, 5, 11))
    _history(moved_cancelled, "cancel", Status.APPROVED, Status.CANCELLED, wita(2026, 5, 20))
    never_decided = make(
        b, wita(2026, 5, 25, 9), status=Status.CANCELLED, created_at=wita(2026, 5, 5, 10)
    )
    _history(never_decided, "cancel", Status.PENDING, Status.CANCELLED, wita(2026, 5, 6))
    make(
        c,
        wita(2026, 5, 15, 9),
        status=Status.REJECTED,
        created_at=wita(2026, 5, 6, 23, 30),
        decided_at=wita(2026, 5, 7, 0, 30),
        decision="reject",
    )
    expired = make(
        c,
        wita(2026, 6, 2, 9),
        category=k2,
        status=Status.EXPIRED,
        created_at=wita(2026, 5, 31, 23, 59),
    )
    _history(expired, "expire", Status.PENDING, Status.EXPIRED, wita(2026, 6, 1, 9))
    make(a, wita(2026, 6, 20, 9), status=Status.PENDING, created_at=wita(2026, 5, 15, 11))
    make(
        b,
        wita(2026, 6, 22, 9),
        status=Status.APPROVED,
        created_at=wita(2026, 6, 1, 0, 5),
        decided_at=wita(2026, 6, 2, 0, 5),
    )

    outcomes = {}
    for booking, people in (
        (s_apr30, "fm"),
        (s_may1, "ff "),
        (s_jun1, "m"),
        (s_moved, "m "),
        (s_dec31, "f"),
        (s_jan1, " "),
        (s_section, "fmf"),
        (s_jun8, "fff"),
        (s_jun9, "mmm"),
    ):
        outcome = SessionOutcome.objects.create(booking=booking)
        for index, gender in enumerate(people):
            Attendee.objects.create(outcome=outcome, name=f"P{index}", gender=gender.strip())
        outcomes[booking.pk] = outcome
    for booking, officials in ((s_may1, [staff]), (s_moved, [staff, other_staff])):
        outcomes[booking.pk].officials.add(*officials)
        outcomes[booking.pk].save()

    def follow(booking, created, due, status="open", done=None):
        return FollowUp.objects.create(
            outcome=outcomes[booking.pk],
            title="Tindak lanjut",
            created_at=created,
            due_date=due,
            status=status,
            done_at=done,
            cancel_reason="Tidak relevan" if status == "cancelled" else "",
        )

    day = datetime.date
    follow(s_may1, wita(2026, 5, 1, 0, 30), day(2026, 5, 15), "done", wita(2026, 5, 16, 0, 30))
    follow(s_may1, wita(2026, 4, 30, 23, 30), day(2026, 5, 10), "done", wita(2026, 5, 10, 23, 30))
    follow(s_moved, wita(2026, 5, 2, 12), day(2026, 5, 20))
    follow(s_moved, wita(2026, 5, 2, 12), day(2026, 5, 25), "cancelled")
    follow(s_apr30, wita(2026, 4, 30, 23, 45), day(2026, 5, 31), "in_progress")
    follow(s_jun1, wita(2026, 6, 1, 1), day(2026, 6, 10), "done", wita(2026, 6, 12, 9))
    follow(s_may1, wita(2026, 5, 1, 0, 30), day(2026, 6, 1), "done", wita(2026, 5, 31, 23, 30))
    follow(s_may1, wita(2026, 5, 20), day(2026, 5, 31), "done", wita(2026, 6, 1, 0, 30))
    follow(s_dec31, wita(2025, 12, 31, 23, 50), day(2026, 1, 5), "done", wita(2026, 1, 1, 0, 10))
    follow(s_section, wita(2026, 5, 20, 12), day(2026, 6, 30))
    follow(s_section, wita(2026, 5, 21, 12), day(2026, 6, 5), "cancelled")
    follow(s_section, wita(2026, 5, 21, 12), day(2026, 6, 14), "done", wita(2026, 6, 14, 23, 59))
    # 2026 then has 8 follow-ups done, 5 on time (62.5 %).
    follow(s_jun8, wita(2026, 6, 8, 12), day(2026, 6, 12), "done", wita(2026, 6, 12, 8))
    # Some sessions were asked for by community bodies: a BPD (two) and a PKK (one).
    bpd = CommunityBody.objects.create(
        village=b, kind=BodyKind.objects.get(slug="bpd"), name="BPD Desa B"
    )
    pkk = CommunityBody.objects.create(
        village=c, kind=BodyKind.objects.get(slug="pkk"), name="TP PKK Desa C"
    )
    Booking.objects.filter(pk__in=[s_jun1.pk, s_jan1.pk]).update(body=bpd)
    Booking.objects.filter(pk=s_section.pk).update(body=pkk)
    return {"village": a, "category": k2, "section": other_section}


# ---------------------------------------------------------------------------- the recount


def _rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _day(value):
    return value.astimezone(WITA).date()


def _half_up(value, places):
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return int(rounded) if places == 0 else float(rounded)


def recount(first, last, today, *, village=None, section=None, category=None):
    """Every figure and breakdown of the period [first, last] (WITA days), from raw rows."""

    def inside(value):
        return value is not None and first <= _day(value) <= last

    bookings = _rows(
        "SELECT b.id, b.village_id, b.section_id, b.category_id, b.status, b.start,"
        " b.created_at, c.kind_id AS requester_kind_id"
        " FROM bookings_booking b LEFT JOIN home_communitybody c ON c.id = b.body_id"
    )
    history = defaultdict(list)
    for row in _rows("SELECT id, booking_id, action, at FROM bookings_bookinghistory"):
        history[row["booking_id"]].append(row)
    follow_ups = _rows(
        "SELECT f.status, f.created_at, f.done_at, f.due_date, o.booking_id"
        " FROM coordination_followup f"
        " JOIN coordination_sessionoutcome o ON o.id = f.outcome_id"
    )
    attendees = _rows(
        "SELECT a.gender, o.booking_id FROM coordination_attendee a"
        " JOIN coordination_sessionoutcome o ON o.id = a.outcome_id"
    )
    officials = _rows(
        "SELECT o.booking_id FROM coordination_sessionoutcome_officials x"
        " JOIN coordination_sessionoutcome o ON o.id = x.sessionoutcome_id"
    )
    by_id = {b["id"]: b for b in bookings}
    chosen = {"village_id": village, "section_id": section, "category_id": category}
    scope = {
        b["id"]
        for b in bookings
        if all(value is None or b[key] == value for key, value in chosen.items())
    }

    def counts(ids):
        made = [by_id[i] for i in ids if inside(by_id[i]["created_at"])]
        taking_place = [by_id[i] for i in ids if inside(by_id[i]["start"])]
        held_ids = {b["id"] for b in taking_place if b["status"] == "held"}
        items = [f for f in follow_ups if f["booking_id"] in ids and f["status"] != "cancelled"]
        done = [f for f in items if f["status"] == "done" and inside(f["done_at"])]
        return {
            "requests": len(made),
            "approved": sum(
                1 for b in made if any(h["action"] == "approve" for h in history[b["id"]])
            ),
            "rejected": sum(1 for b in made if b["status"] == "rejected"),
            "cancelled": sum(1 for b in made if b["status"] == "cancelled"),
            "expired": sum(1 for b in made if b["status"] == "expired"),
            "held": len(held_ids),
            "no_show": sum(1 for b in taking_place if b["status"] == "no_show"),
            "attendees": sum(1 for a in attendees if a["booking_id"] in held_ids),
            "follow_ups_opened": sum(1 for f in items if inside(f["created_at"])),
            "follow_ups_done": len(done),
            "follow_ups_done_on_time": sum(1 for f in done if _day(f["done_at"]) <= f["due_date"]),
            "follow_ups_overdue": sum(
                1
                for f in items
                if first <= f["due_date"] <= last
                and f["due_date"] < today
                and (
                    f["status"] in ("open", "in_progress")
                    or (f["status"] == "done" and _day(f["done_at"]) > f["due_date"])
                )
            ),
            "_held_ids": held_ids,
            "_made": made,
        }

    totals = counts(scope)
    held_ids, made = totals.pop("_held_ids"), totals.pop("_made")
    waits = []
    for booking in made:
        decisions = sorted(
            (h for h in history[booking["id"]] if h["action"] in ("approve", "reject")),
            key=lambda h: (h["at"], h["id"]),
        )
        if decisions:
            waits.append((decisions[0]["at"] - booking["created_at"]).total_seconds())
    genders = [a["gender"] for a in attendees if a["booking_id"] in held_ids]
    done = totals["follow_ups_done"]
    totals.update(
        median_hours=_half_up(Decimal(str(statistics.median(waits))) / 3600, 1) if waits else None,
        on_time_share=(
            _half_up(Decimal(100 * totals["follow_ups_done_on_time"]) / done, 0) if done else None
        ),
        women=genders.count("f"),
        men=genders.count("m"),
        gender_not_given=sum(1 for gender in genders if gender not in ("f", "m")),
        officials=sum(1 for o in officials if o["booking_id"] in held_ids),
        per_session=(
            _half_up(Decimal(totals["attendees"]) / totals["held"], 1) if totals["held"] else None
        ),
    )
    breakdowns = {}
    for dimension, table in (
        ("village", "home_village"),
        ("section", "home_section"),
        ("category", "home_problemcategory"),
        ("requester_kind", "home_bodykind"),
    ):
        members = [row["id"] for row in _rows(f"SELECT id FROM {table}")]  # noqa: S608
        if dimension == "requester_kind":
            members = [None, *members]  # None: the village office itself
        elif chosen[f"{dimension}_id"] is not None:
            members = [chosen[f"{dimension}_id"]]
        breakdowns[dimension] = {}
        for member in members:
            ids = {i for i in scope if by_id[i][f"{dimension}_id"] == member}
            figures = counts(ids)
            breakdowns[dimension][member] = [figures[key] for key in BREAKDOWN]
    return totals, breakdowns


# ---------------------------------------------------------------------------- what staff see


def _number(text):
    text = text.strip()
    if text in ("—", ""):
        return None
    return float(text.replace(".", "").replace(",", ".")) if "," in text else float(text)


def _same(shown, expected):
    return [None if v is None else float(v) for v in expected] == [
        None if v is None else float(v) for v in shown
    ]


def _member(text):
    return None if text == "None" else int(text)


def shown_on_page(html):
    soup = BeautifulSoup(html, "html.parser")
    totals = {cell["data-figure"]: _number(cell.text) for cell in soup.select("[data-figure]")}
    breakdowns = {}
    for table in soup.select("table[data-breakdown]"):
        breakdowns[table["data-breakdown"]] = {
            _member(row["data-member"]): [_number(cell.text) for cell in row.select("td")]
            for row in table.select("tbody tr")
        }
    return totals, breakdowns


def shown_in_xlsx(content, names):
    book = openpyxl.load_workbook(io.BytesIO(content))
    totals = [row[2] for row in book.worksheets[0].iter_rows(min_row=4, values_only=True)]
    breakdowns = {}
    dimensions = ("village", "section", "category", "requester_kind")
    for sheet, dimension in zip(book.worksheets[1:5], dimensions, strict=True):
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        breakdowns[dimension] = {names[dimension][row[0]]: list(row[1:]) for row in rows}
    return totals, breakdowns


def shown_in_csv(content, names):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))[1:]
    totals = [
        None if row[2] == "" else float(row[2].replace(",", ".")) for row in rows[: len(TOTALS)]
    ]
    breakdowns = defaultdict(lambda: defaultdict(list))
    titles = []  # the breakdowns come in the order village, section, category, requester
    for group, _label, value in rows[len(TOTALS) :]:
        title, member = group.split(": ", 1)
        if title not in titles:
            titles.append(title)
        dimension = ("village", "section", "category", "requester_kind")[titles.index(title)]
        breakdowns[dimension][names[dimension][member]].append(float(value.replace(",", ".")))
    return totals, breakdowns


D = datetime.date
PERIODS = [
    ("kind=month&month=2026-04", D(2026, 4, 1), D(2026, 4, 30), None),
    ("kind=month&month=2026-05", D(2026, 5, 1), D(2026, 5, 31), None),
    ("kind=month&month=2026-06", D(2026, 6, 1), D(2026, 6, 30), None),
    ("kind=month&month=2025-12", D(2025, 12, 1), D(2025, 12, 31), None),
    ("kind=month&month=2026-01", D(2026, 1, 1), D(2026, 1, 31), None),
    ("kind=quarter&year=2026&quarter=2", D(2026, 4, 1), D(2026, 6, 30), None),
    ("kind=year&year=2026", D(2026, 1, 1), D(2026, 12, 31), None),
    ("kind=year&year=2025", D(2025, 1, 1), D(2025, 12, 31), None),
    ("kind=range&first=2026-04-30&last=2026-05-01", D(2026, 4, 30), D(2026, 5, 1), None),
    ("kind=range&first=2026-05-31&last=2026-05-31", D(2026, 5, 31), D(2026, 5, 31), None),
    ("kind=range&first=2025-12-31&last=2026-01-01", D(2025, 12, 31), D(2026, 1, 1), None),
    ("kind=month&month=2026-05", D(2026, 5, 1), D(2026, 5, 31), "village"),
    ("kind=quarter&year=2026&quarter=2", D(2026, 4, 1), D(2026, 6, 30), "category"),
    ("kind=year&year=2026", D(2026, 1, 1), D(2026, 12, 31), "section"),
]


def test_every_figure_equals_an_independent_recount_on_page_print_xlsx_and_csv(
    client, staff_user, edges, time_machine
):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff_user)
    names = {
        dimension: {str(member): member.pk for member in model.objects.all()}
        for dimension, model in (
            ("village", Village),
            ("section", Section),
            ("category", ProblemCategory),
            ("requester_kind", BodyKind),
        )
    }
    names["requester_kind"]["Kantor desa"] = None
    # Every kind of requester appears in the breakdown, the village office first.
    assert (
        "Kantor desa"
        in client.get("/admin/coordination/report/?kind=year&year=2026").content.decode()
    )
    nonzero = set()
    for query, first, last, chosen in PERIODS:
        filters = {chosen: edges[chosen].pk} if chosen else {}
        extra = f"&{chosen}={edges[chosen].pk}" if chosen else ""
        totals, breakdowns = recount(first, last, TODAY, **filters)
        expected = [totals[key] for key in TOTALS]
        nonzero |= {key for key, value in totals.items() if value}
        url = f"/admin/coordination/report/?{query}{extra}"

        page_totals, page_breakdowns = shown_on_page(client.get(url).content.decode())
        assert list(page_totals) == TOTALS, query
        assert _same(list(page_totals.values()), expected), (query, page_totals, totals)
        for dimension, rows in breakdowns.items():
            assert page_breakdowns[dimension] == rows, (query, dimension)

        printed, _none = shown_on_page(
            client.get(f"/admin/coordination/report/print/?{query}{extra}").content.decode()
        )
        assert _same(list(printed.values()), expected), (query, "print")

        xlsx = body(client.get(url + "&format=xlsx"))
        xlsx_totals, xlsx_breakdowns = shown_in_xlsx(xlsx, names)
        assert xlsx_totals == expected, (query, "xlsx")
        assert xlsx_breakdowns == breakdowns, (query, "xlsx")

        csv_totals, csv_breakdowns = shown_in_csv(body(client.get(url + "&format=csv")), names)
        assert _same(csv_totals, expected), (query, "csv")
        assert {d: dict(rows) for d, rows in csv_breakdowns.items()} == breakdowns, (query, "csv")
    # The data reach every figure somewhere, so no figure is compared only as zero.
    assert nonzero >= set(TOTALS)


def test_the_edges_fall_where_the_definitions_put_them(edges, time_machine):
    """A few figures of the recount by hand, so the recount itself is checked."""
    time_machine.move_to(NOW, tick=False)
    may, _b = recount(datetime.date(2026, 5, 1), datetime.date(2026, 5, 31), TODAY)
    # 00:30 on 1 May and the session moved to 2 May are May's; 23:30 on 30 April is not.
    assert may["held"] == 3
    assert may["no_show"] == 1  # 23:30 on 31 May
    # Requests made in May: 00:30 1 May … 23:59 31 May; 23:30 on 30 April is April's.
    assert may["requests"] == 8
    # Done 00:30 on 16 May for a 15 May due date is late; 23:30 on 10 May for 10 May is not;
    # 23:30 on 31 May is May's, 00:30 on 1 June is June's.
    assert (may["follow_ups_done"], may["follow_ups_done_on_time"]) == (3, 2)
    assert may["on_time_share"] == 67
    # Cancelled follow-ups count nowhere: 2 May's cancelled action is not "opened".
    assert may["follow_ups_opened"] == 6
    year, _b = recount(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), TODAY)
    # Halves round up: Python's round() would give 62 and 2.2.
    assert (year["follow_ups_done"], year["follow_ups_done_on_time"]) == (8, 5)
    assert year["on_time_share"] == 63
    assert (year["held"], year["attendees"], year["per_session"]) == (8, 18, 2.3)
    # Per kind of requester: the BPD's two sessions, the PKK's one, the offices' other five.
    _t, per = recount(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), TODAY)
    held = BREAKDOWN.index("held")
    kinds = {kind.slug: kind.pk for kind in BodyKind.objects.all()}
    assert per["requester_kind"][kinds["bpd"]][held] == 2
    assert per["requester_kind"][kinds["pkk"]][held] == 1
    assert per["requester_kind"][None][held] == 5
    april, _b = recount(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30), TODAY)
    assert (april["held"], april["requests"]) == (1, 3)
    assert re.fullmatch(r"\d+\.\d", str(may["median_hours"]))
