"""Time a room's availability for a month in-process: median of repeated runs and queries."""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bookings.availability import today  # noqa: E402
from bookings.selectors import week_schedule  # noqa: E402


def main(runs=15):
    first = today() + datetime.timedelta(days=1)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            week_schedule(first_day=first, days=31)
            timings.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"median_ms": statistics.median(timings), "queries": len(queries)}))


if __name__ == "__main__":
    main()
