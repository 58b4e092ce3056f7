"""One booking request in-process: the server time of the request a burst repeats.

    BENCH_DB=ruko_bench .venv/bin/python bench/booking.py           # median ms and queries
    BENCH_DB=ruko_bench BENCH_PROFILE=1 .venv/bin/python bench/booking.py   # and a profile

On the `make bench` data set: an operator posts the request form for a time another village
already holds (the request 9 of every 10 in the burst make: refused, form shown again with the
nearest free times), then one for a free time (booked, redirected). The Django test client in
one process, no server and no network, production settings and the shared cache of `make
bench`; one test client (one handler, as in a server process) sending each operator's session
cookie. The load average is printed with the figures.
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "40"))


def main():
    # Every run posts; the limits of one user would otherwise be reached.
    data = run.in_process(PORTAL_FORM_ATTEMPT_RATE="100000/h", PORTAL_FORM_RATE="100000/h")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bookings.models import Booking

    run.clear_burst_bookings()
    taken, *free = run.burst_slots(1 + RUNS)
    keys = [key for _name, key in data["operators"]]
    first_key, second_key = keys[0], keys[1]

    browser = Client(HTTP_HOST="127.0.0.1")  # one handler, as in a server process

    def client(session_key):  # the operator's session cookie, as their browser sends it
        browser.cookies["sessionid"] = session_key
        return browser

    # Another village holds the time first.
    response = client(first_key).post("/reservasi/baru/", taken["form"])
    assert response.status_code == 302, response.status_code
    conflict_form = {**taken["form"]}
    conflict_form["start_time"], conflict_form["end_time"] = taken["shifted"]

    def conflicting():  # refused for the taken time, with the nearest free times to choose
        response = client(second_key).post("/reservasi/baru/", conflict_form)
        assert response.status_code == 200 and b'name="slot"' in response.content

    def booking(number):  # each by another village: one village's open requests are limited
        slot = free[number % len(free)]
        response = client(keys[2 + number % (len(keys) - 2)]).post("/reservasi/baru/", slot["form"])
        assert response.status_code == 302, response.status_code

    conflicting()  # warm: templates, fragments, the blocks' expansion
    load_before = os.getloadavg()[0]
    rows = []
    for name, action in (
        ("refused (time taken)", lambda _number: conflicting()),
        ("booked", booking),
    ):
        runs = RUNS if name.startswith("refused") else min(RUNS, len(free))
        times = []
        for number in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                action(number)
                times.append((time.perf_counter() - started) * 1000)
        rows.append((name, statistics.median(times), len(queries)))
    print(f"{Booking.objects.count()} bookings; median of up to {RUNS} requests, in-process\n")
    print("| booking request | median ms | queries |")
    print("|---|---:|---:|")
    for name, median, count in rows:
        print(f"| {name} | {median:.1f} | {count} |")
    print(f"\nload average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    if os.environ.get("BENCH_PROFILE"):
        profile = cProfile.Profile()
        profile.enable()
        for _run in range(RUNS):
            conflicting()
        profile.disable()
        stats = pstats.Stats(profile).sort_stats("cumulative")
        stats.print_stats(60)
    run.clear_burst_bookings()


if __name__ == "__main__":
    main()
