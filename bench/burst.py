"""The booking burst on its own: 100 simultaneous booking requests over 10 groups of
overlapping slots, on gunicorn with 2 sync workers, in several rounds.

    BENCH_DB=ruko_bench BENCH_REUSE_DB=1 .venv/bin/python bench/burst.py

Uses the data set `make bench` built (bench/generate.py; BENCH_REUSE_DB=1 is required, the
sessions are signed with its key). Each round must give exactly one booking per group and no
error; the script exits non-zero otherwise. Prints each round, then the medians, with the load
average of the machine before and after (a shared machine's timings move with it).
"""

import json
import os
import signal
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def main():
    if not run.DATA_FILE.exists():
        raise SystemExit(f"No data set {run.DB_NAME}: run `make bench` first.")
    data = json.loads(run.DATA_FILE.read_text())
    run.BENCH_KEY = data["secret_key"]
    run.flush_cache()
    run.clear_burst_bookings()  # earlier bursts' bookings would use up the free slots
    server = run.start_gunicorn(workers=2, sync=True)
    load_before = os.getloadavg()
    rounds = []
    try:
        for number in range(ROUNDS):
            run.stage(f"burst round {number + 1}")
            slots = run.burst_slots()
            if len(slots) < 10:  # every round books 10 slots; the data set's free time runs out
                print(f"only {len(slots)} free slots left: rebuild the data set (make bench)")
                break
            rounds.append(run.booking_burst(data["operators"], slots))
            summary = rounds[-1]
            print(
                f"round {number + 1}: {summary['success']} booked, {summary['conflict']} "
                f"conflicts, {summary['error']} errors; p50 {summary['p50']:.0f} ms, "
                f"p99 {summary['p99']:.0f} ms",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    load_after = os.getloadavg()
    if not rounds:
        raise SystemExit("No round could be run.")
    p50 = statistics.median(r["p50"] for r in rounds)
    p99 = statistics.median(r["p99"] for r in rounds)
    print(
        f"\nBooking burst (2 sync workers, {rounds[0]['requests']} requests over "
        f"{rounds[0]['slots']} slots, median of {len(rounds)} rounds): p50 {p50:.0f} ms, "
        f"p99 {p99:.0f} ms; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    if run.failures:
        print("\nFAILED:\n" + "\n".join(run.failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
