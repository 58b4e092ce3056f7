"""Search latency over the relevance questions, in-process, on the large data set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ruko_search_bench \\
        .venv/bin/python bench/search.py

The database named in DATABASE_URL is the benchmark's own (its name must contain "bench"): it is
created if missing, migrated, and filled once by bench/generate.py (the demo content, all
villages, 300 guidance pages, two years of bookings). Every question of
tests/guidance/test_relevance.py (and the unanswerable ones) is then asked BENCH_RUNS times:
once through the search engine alone (`run_search` plus the passages of the first page) and
once through the whole `/cari/` view with Django's test client (template included). Prints
p50/p99/max per path (wall time, and the view's CPU time in this process, which a busy
machine inflates less), the query counts seen, and the load average before and after.
"""

import contextlib
import io
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ruko_search_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def ensure_database(url):
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to fill {name!r}: the benchmark database name must contain 'bench'")
    import psycopg

    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from guidance.models import GuidancePage

    if GuidancePage.objects.count() < 300:
        import generate

        with contextlib.redirect_stdout(io.StringIO()):  # its URL list is for bench/run.py
            generate.main()
        call_command("update_index", verbosity=0)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from guidance.search import add_passages, run_search
    from guidance.views import SEARCH_PER_PAGE
    from tests.guidance.test_relevance import QUESTIONS, UNANSWERABLE

    questions = [question for question, _answer in QUESTIONS] + UNANSWERABLE
    client = Client()
    engine, view, cpu, queries = [], [], [], set()
    load_before = os.getloadavg()
    for question in questions:  # warm-up: connections, templates, content types
        client.get("/cari/", {"q": question})
    for _run in range(RUNS):
        for question in questions:
            started = time.perf_counter()
            outcome = run_search(question)
            add_passages(outcome.hits[:SEARCH_PER_PAGE], outcome.terms, outcome.expansions)
            engine.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get("/cari/", {"q": question})
                view.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, question
            queries.add(len(captured))
    load_after = os.getloadavg()
    pages = GuidancePage.objects.live().count()
    print(
        f"{len(questions)} questions × {RUNS} runs, {pages} live guidance pages; "
        f"load average before {load_before[0]:.2f} / after {load_after[0]:.2f} "
        f"(1 min), {os.cpu_count()} cores"
    )
    for name, values in (
        ("engine (run_search + passages)", engine),
        ("/cari/ view", view),
        ("/cari/ view, CPU time of this process (without PostgreSQL's)", cpu),
    ):
        print(
            f"{name}: p50 {statistics.median(values):.1f} ms, "
            f"p99 {percentile(values, 0.99):.1f} ms, max {max(values):.1f} ms"
        )
    print(f"SQL queries per /cari/ request: {sorted(queries)}")


if __name__ == "__main__":
    main()
