"""Time the M&E report and the public figures over five years of generated data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ruko_report_bench \\
        .venv/bin/python bench/report.py

The database named in DATABASE_URL is the benchmark's own: it is created if missing, migrated,
and filled once (about 8,000 bookings over five years with outcomes, attendees and follow-ups).
Its name must contain "bench" so a real database is never filled by mistake. Prints the median
of several runs and the query count of each figure set. Only talks to the local database.
"""

import datetime
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ruko_report_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
YEARS = 5


def ensure_database(url):
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to fill {name!r}: the benchmark database name must contain 'bench'")
    if parsed.scheme.startswith("postgres"):
        import psycopg

        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')


def generate():
    from django.utils import timezone

    from bookings.models import Booking, BookingHistory, Room, Status
    from coordination.models import Attendee, FollowUp, SessionOutcome
    from home.models import ProblemCategory, Section, Village
    from home.villages import import_villages

    if Booking.objects.count() > 5000:
        return Booking.objects.count()
    if not Village.objects.exists():
        import_villages()
    rng = random.Random(5)  # noqa: S311 -- benchmark data
    room, _ = Room.objects.get_or_create(name="Ruang RUKO PARSEL")
    villages = list(Village.objects.all())
    sections = list(Section.objects.all())
    categories = list(ProblemCategory.objects.all())
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    day = today - datetime.timedelta(days=365 * YEARS)
    statuses = [Status.HELD] * 7 + [
        Status.NO_SHOW,
        Status.REJECTED,
        Status.CANCELLED,
        Status.EXPIRED,
    ]
    bookings = []
    while day < today:
        if day.weekday() < 5:
            for hour in rng.sample([8, 9, 10, 11, 13, 14, 15], rng.randint(3, 7)):
                start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)
                bookings.append(
                    Booking(
                        room=room,
                        village=rng.choice(villages),
                        section=rng.choice(sections),
                        category=rng.choice(categories),
                        title="Sesi",
                        description="-",
                        attendees=3,
                        contact_name="-",
                        contact_phone="0812 0000 0000",
                        start=start,
                        end=start + datetime.timedelta(hours=1),
                        status=rng.choice(statuses),
                    )
                )
        day += datetime.timedelta(days=1)
    Booking.objects.bulk_create(bookings, batch_size=2000)
    bookings = list(Booking.objects.all())
    history, outcomes = [], []
    for booking in bookings:
        created = booking.start - datetime.timedelta(days=rng.randint(2, 20))
        booking.created_at = created
        history.append(BookingHistory(booking=booking, action="request", to_status="pending"))
        if booking.status in (Status.HELD, Status.NO_SHOW, Status.CANCELLED):
            history.append(BookingHistory(booking=booking, action="approve", to_status="approved"))
        elif booking.status == Status.REJECTED:
            history.append(BookingHistory(booking=booking, action="reject", to_status="rejected"))
        if booking.status in (Status.HELD, Status.NO_SHOW):
            history.append(
                BookingHistory(booking=booking, action=booking.status, to_status=booking.status)
            )
        if booking.status == Status.HELD:
            outcomes.append(SessionOutcome(booking=booking, published=True, minutes="<p>-</p>"))
    Booking.objects.bulk_update(bookings, ["created_at"], batch_size=2000)
    BookingHistory.objects.bulk_create(history, batch_size=5000)
    by_booking = {b.pk: b for b in bookings}
    history = []
    for entry in BookingHistory.objects.all().iterator():
        booking = by_booking[entry.booking_id]
        if entry.action in (Status.HELD, Status.NO_SHOW):
            entry.at = booking.start + datetime.timedelta(hours=rng.randint(1, 72))
        else:
            hours = 0 if entry.action == "request" else rng.randint(1, 96)
            entry.at = booking.created_at + datetime.timedelta(hours=hours)
        history.append(entry)
    BookingHistory.objects.bulk_update([h for h in history if h.pk], ["at"], batch_size=5000)
    SessionOutcome.objects.bulk_create(outcomes, batch_size=2000)
    attendees, follow_ups = [], []
    for outcome in SessionOutcome.objects.select_related("booking"):
        for index in range(rng.randint(1, 4)):
            attendees.append(
                Attendee(outcome=outcome, name="-", gender=rng.choice("fm "), sort_order=index)
            )
        for index in range(rng.randint(0, 3)):
            due = outcome.booking.start.date() + datetime.timedelta(days=rng.choice([7, 14, 30]))
            status = rng.choice(["open", "in_progress", "done", "done", "done", "cancelled"])
            done_at = (
                outcome.booking.start + datetime.timedelta(days=rng.randint(1, 40))
                if status == "done"
                else None
            )
            follow_ups.append(
                FollowUp(
                    outcome=outcome,
                    title="-",
                    due_date=due,
                    status=status,
                    done_at=done_at,
                    cancel_reason="-" if status == "cancelled" else "",
                    created_at=outcome.booking.start,
                    sort_order=index,
                )
            )
    Attendee.objects.bulk_create(attendees, batch_size=5000)
    FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
    return len(bookings)


def measure(label, func):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    func()  # warm up
    times = []
    for _run in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            func()
            times.append((time.perf_counter() - started) * 1000)
    print(
        f"{label:<38} median {statistics.median(times):8.1f} ms"
        f"  (min {min(times):.1f}, max {max(times):.1f}, {len(captured)} queries, {RUNS} runs)"
    )


def main():
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    count = generate()
    print(
        f"data: {count} bookings over {YEARS} years "
        f"(ready in {time.perf_counter() - started:.1f} s)"
    )
    from bookings.availability import today as wita_today
    from coordination import exports, reports, transparency
    from home.models import Village

    today = wita_today()
    month = reports.month_period(today.year, today.month)
    year = reports.Period(
        datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31), "y"
    )
    five = reports.Period(today - datetime.timedelta(days=365 * YEARS), today, "5y")
    village = Village.objects.order_by("code").first()
    measure("report: this month", lambda: reports.build_report(month))
    measure("report: last year", lambda: reports.build_report(year))
    measure("report: five years", lambda: reports.build_report(five))
    measure("report: five years, one village", lambda: reports.build_report(five, village=village))
    measure("public figures (newest year)", transparency.public_figures)
    measure("public figures (a closed year)", lambda: transparency.public_figures(today.year - 1))

    def xlsx():
        data = reports.build_report(year)
        exports.xlsx_response(data, reports.report_bookings(year), reports.report_follow_ups(year))

    measure("XLSX export: last year (with rows)", xlsx)

    def export(period, fmt, part="bookings"):
        """The whole streamed body, as the browser would receive it; returns its size."""
        data = reports.build_report(period)
        bookings, follow = reports.report_bookings(period), reports.report_follow_ups(period)
        if fmt == "xlsx":
            response = exports.xlsx_response(data, bookings, follow)
        else:
            response = exports.csv_response(data, bookings, follow, part)
        return sum(len(chunk) for chunk in response.streaming_content)

    measure("XLSX export: five years (with rows)", lambda: export(five, "xlsx"))
    measure("CSV export: five years of requests", lambda: export(five, "csv"))
    measure("CSV export: five years of follow-ups", lambda: export(five, "csv", "follow_ups"))
    for label, period in (("one year", year), ("five years", five)):
        tracemalloc.start()
        size = export(period, "xlsx")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"XLSX export, {label}: {size / 1024:.0f} KB, peak Python memory {peak / 2**20:.1f} MB"
        )


if __name__ == "__main__":
    main()
