"""Disclosure control on /transparansi/: try to recover every hidden count from what is shown.

The attacker (tests/coordination/attack.py) takes every shown cell and total, the knowledge
that hidden values are whole counts ≥ 0 that add up to the totals, and for two consecutive
days that counts only grow; integer programming gives the range of each hidden value. A
hidden value whose range is a single number has been disclosed.
"""

import datetime
import random
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from bookings.models import BookingHistory
from coordination.disclosure import protect
from coordination.models import FollowUp, SessionOutcome
from tests.factories import wita

from .attack import Published, determined, hidden_ranges

WITA = ZoneInfo("Asia/Makassar")


def published(table):
    return Published(
        rows=table.rows,
        columns=table.columns,
        cells=table.cells,
        row_totals=table.row_totals,
        column_totals=table.column_totals,
        total=table.total,
    )


def random_counts(rng, rows, columns, sessions):
    counts = {}
    for _i in range(sessions):
        key = (rng.randrange(rows), rng.randrange(columns))
        counts[key] = counts.get(key, 0) + 1
    return counts


# ---------------------------------------------------------------------------- the method


def test_primary_suppression_alone_is_undone_by_the_totals():
    """The old page: small cells hidden, totals shown. The attack must see through it, or it
    would prove nothing about the new page."""
    counts = {(0, 0): 2, (0, 1): 5, (1, 0): 4, (1, 1): 6, (2, 1): 1}
    rows, columns = [0, 1, 2], [0, 1]
    only_primary = Published(
        rows=rows,
        columns=columns,
        cells={
            (r, c): None if 1 <= counts.get((r, c), 0) <= 2 else counts.get((r, c), 0)
            for r in rows
            for c in columns
        },
        row_totals={0: 7, 1: 10, 2: None},
        column_totals={0: 6, 1: 12},
        total=18,
    )
    found = determined(only_primary)
    assert found[(0, ("cell", 0, 0))] == 2
    assert found[(0, ("cell", 2, 1))] == 1


@pytest.mark.parametrize("seed", range(12))
def test_no_hidden_count_can_be_worked_out_from_the_totals(seed):
    rng = random.Random(seed)  # noqa: S311 -- test data
    rows, columns = rng.randint(2, 16), rng.randint(2, 10)
    counts = random_counts(rng, rows, columns, rng.randint(3, 25 * rows))
    table = protect(counts, list(range(rows)), list(range(columns)))
    assert table is not None
    for (r, c), shown in table.cells.items():
        value = counts.get((r, c), 0)
        assert shown in (None, value)
        assert not (1 <= value <= 2 and shown is not None), "a small count is shown"
    for r, shown in table.row_totals.items():
        total = sum(counts.get((r, c), 0) for c in range(columns))
        assert shown in (None, total)
        assert not (1 <= total <= 2 and shown is not None), "a small village total is shown"
    ranges = hidden_ranges(published(table))
    assert all(low < high for low, high in ranges.values())
    # Each hidden value could be one higher: knowing it is not zero does not pin it down.
    for (_day, name), (_low, high) in ranges.items():
        if name[0] == "cell":
            truth = counts.get((name[1], name[2]), 0)
        elif name[0] == "row":
            truth = sum(counts.get((name[1], c), 0) for c in range(columns))
        else:
            truth = sum(counts.get((r, name[1]), 0) for r in range(rows))
        assert high > truth, name


def test_the_issue_example_a_single_hidden_cell_is_no_longer_exact():
    """One small cell in a table of large ones: total − shown would give it exactly."""
    counts = {(r, c): 4 + r + c for r in range(4) for c in range(3)}
    counts[(2, 1)] = 1
    table = protect(counts, list(range(4)), list(range(3)))
    assert table.cells[(2, 1)] is None
    assert len(table.hidden) >= 4  # it needs a cycle of hidden values
    low, high = hidden_ranges(published(table))[(0, ("cell", 2, 1))]
    assert low < high


def test_zero_rows_and_columns_do_not_change_what_is_hidden():
    """Adding a village or a category without sessions must not republish a closed year
    differently (two versions of one table could be compared)."""
    rng = random.Random(7)  # noqa: S311 -- test data
    counts = random_counts(rng, 6, 5, 40)
    before = protect(counts, list(range(6)), list(range(5)))
    after = protect(counts, [-1, *range(6), 99], [-5, *range(5), 42])
    assert before.hidden == after.hidden


def test_a_table_that_cannot_be_protected_is_withheld():
    # One busy cell: its village total, its category total and the year's total are all it.
    assert protect({(0, 0): 2}, [0, 1], [0, 1]) is None
    # One busy village: its total is the year's total, shown month by month.
    assert protect({(0, 0): 1, (0, 1): 1}, [0], [0, 1]) is None
    assert protect({}, [0, 1], [0, 1]).hidden == frozenset()
    table = protect({(0, 0): 1, (0, 1): 1, (1, 0): 3, (1, 1): 4}, [0, 1], [0, 1])
    assert determined(published(table)) == {}


# ---------------------------------------------------------------------------- the page


def page_table(html):
    """What /transparansi/<year>/ shows of its village table, as the attacker reads it."""
    soup = BeautifulSoup(html, "html.parser")
    month_sessions = [
        int(row.select("td")[0].text) for row in soup.select("#months-table tbody tr")
    ]
    table = soup.select_one("#village-table")
    if table is None:
        return None, sum(month_sessions)
    columns = [th.text for th in table.select("thead th")[1:-1]]

    def value(cell):
        return None if cell.select_one(".suppressed") else int(cell.text)

    rows, cells, row_totals = [], {}, {}
    for tr in table.select("tbody tr"):
        village = tr.select_one("th").text
        rows.append(village)
        tds = tr.select("td")
        for column, td in zip(columns, tds[:-1], strict=True):
            cells[(village, column)] = value(td)
        row_totals[village] = value(tds[-1])
    footer = table.select("tfoot td")
    column_totals = {column: value(td) for column, td in zip(columns, footer[:-1], strict=True)}
    assert int(footer[-1].text) == sum(month_sessions)
    return (
        Published(rows, columns, cells, row_totals, column_totals, sum(month_sessions)),
        sum(month_sessions),
    )


def _held(booking_factory, village, category, start, marked_at=None):
    booking = booking_factory(
        village,
        start,
        category=category,
        created_at=start - datetime.timedelta(days=5),
        decided_at=start - datetime.timedelta(days=4),
        marked_at=marked_at,
    )
    return booking


@pytest.fixture
def year_2025(villages, booking_factory):
    """A realistic closed year: about 70 sessions over 16 villages and 10 categories, so most
    village × category counts are 1 or 2."""
    from home.models import ProblemCategory

    rng = random.Random(2025)  # noqa: S311 -- test data
    categories = list(ProblemCategory.objects.order_by("order"))
    weights = [rng.random() ** 2 for _v in villages]
    for _i in range(70):
        village = rng.choices(list(villages), weights=weights)[0]
        day = datetime.date(2025, 1, 2) + datetime.timedelta(days=rng.randrange(360))
        _held(booking_factory, village, rng.choice(categories), wita(2025, day.month, day.day, 9))
    return categories


def test_the_public_page_hides_no_count_that_can_be_recovered(client, year_2025, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 9, tzinfo=WITA), tick=False)
    html = client.get("/transparansi/2025/").content.decode()
    table, total = page_table(html)
    assert total == 70
    hidden = [key for key, value in table.cells.items() if value is None]
    assert len(hidden) > 10  # the data really have small counts to protect
    assert determined(table) == {}


def test_two_consecutive_days_reveal_nothing_more(
    client, villages, booking_factory, year_2025, time_machine
):
    """From 7 to 8 March 2026: February 2026 is published, sessions of the current month
    happen, and a 2025 session is marked held only now. The 2025 table must not change, and
    both days together must disclose nothing; the current year shows no village table."""
    categories = year_2025
    time_machine.move_to(datetime.datetime(2026, 3, 7, 20, tzinfo=WITA), tick=False)
    first_2025 = client.get("/transparansi/2025/").content.decode()
    first_2026 = client.get("/transparansi/2026/").content.decode()

    _held(booking_factory, villages[3], categories[0], wita(2026, 3, 8, 9))
    _held(booking_factory, villages[5], categories[2], wita(2026, 2, 27, 9))  # on the 7th
    late = _held(booking_factory, villages[4], categories[1], wita(2025, 12, 30, 9))
    BookingHistory.objects.filter(booking=late, action="held").update(at=wita(2026, 3, 8, 8))
    time_machine.move_to(datetime.datetime(2026, 3, 8, 9, tzinfo=WITA), tick=False)
    second_2025 = client.get("/transparansi/2025/").content.decode()
    second_2026 = client.get("/transparansi/2026/").content.decode()

    day_one, _ = page_table(first_2025)
    day_two, _ = page_table(second_2025)
    assert day_one == day_two  # a closed year never changes
    assert determined(day_one, day_two) == {}
    # The current year has no village table on either day, only totals per month.
    assert page_table(first_2026)[0] is None and page_table(second_2026)[0] is None
    assert "Februari 2026" not in first_2026 and "Februari 2026" in second_2026


def test_the_day_a_year_closes_publishes_its_village_table_once(
    client, villages, booking_factory, year_2025, time_machine
):
    """7 January shows 2025 without a village table; 8 January shows it, protected. Nothing
    about 2025 per village was published before, so there is nothing to subtract."""
    time_machine.move_to(datetime.datetime(2026, 1, 7, 12, tzinfo=WITA), tick=False)
    before = client.get("/transparansi/2025/").content.decode()
    time_machine.move_to(datetime.datetime(2026, 1, 8, 0, 5, tzinfo=WITA), tick=False)
    after = client.get("/transparansi/2025/").content.decode()
    assert page_table(before)[0] is None
    table, _total = page_table(after)
    assert determined(table) == {}


def test_public_months_are_wita_months(client, villages, booking_factory, year_2025, time_machine):
    booking = _held(booking_factory, villages[0], year_2025[0], wita(2026, 1, 20, 9))
    outcome = SessionOutcome.objects.create(booking=booking)
    FollowUp.objects.create(
        outcome=outcome,
        title="Aksi",
        due_date=datetime.date(2026, 2, 10),
        created_at=wita(2026, 1, 20, 12),
        status="done",
        done_at=wita(2026, 1, 31, 23, 30),
    )
    time_machine.move_to(datetime.datetime(2026, 2, 9, 9, tzinfo=WITA), tick=False)
    html = client.get("/transparansi/2026/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    january = soup.select_one('#months-table tr[data-month="2026-01"]')
    # Done at 23:30 WITA on 31 January (15:30 UTC) is January's.
    assert [td.text for td in january.select("td")] == ["1", "1", "1", "1"]
