"""Signed-in pages in-process: median time and queries of each, on the `make bench` data set.

    BENCH_DB=ruko_bench .venv/bin/python bench/signed_in.py

An operator's list, follow-ups and a booking; staff's queue, a booking, the week calendar,
the M&E report of this month and of five years. The Django test client in one process (no
server, no network): what the application itself costs. The load average is printed with the
figures. The query counts are the same with 10 or with many bookings
(tests/test_signed_in_budgets.py).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def main():
    run.in_process()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bookings.models import Booking
    from home import roles

    users = get_user_model().objects
    operator = users.filter(profile__village__bookings__isnull=False).distinct().first()
    staff = users.filter(groups__name=roles.STAFF).first()
    staff = staff or users.filter(is_superuser=True).first()
    own = Booking.objects.filter(village=operator.profile.village).order_by("-start").first()
    any_booking = Booking.objects.order_by("-start").first()
    pages = [
        (operator, "/reservasi/"),
        (operator, "/tindak-lanjut/"),
        (operator, f"/reservasi/{own.pk}/"),
        (staff, "/admin/reservasi/"),
        (staff, f"/admin/reservasi/{any_booking.pk}/"),
        (staff, "/admin/reservasi/kalender/"),
        (staff, "/admin/coordination/report/?kind=month"),
    ]
    clients = {}
    load_before = os.getloadavg()[0]
    print(f"{Booking.objects.count()} bookings; median of {RUNS} runs, in-process\n")
    print("| page | median ms | queries |")
    print("|---|---:|---:|")
    for user, url in pages:
        client = clients.setdefault(user.pk, Client(HTTP_HOST="127.0.0.1"))
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _run in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        print(f"| `{url}` | {statistics.median(times):.1f} | {len(queries)} |")
    print(f"\nload average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
