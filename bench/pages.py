"""Public pages with the page cache off and on, side by side, in interleaved rounds.

    BENCH_DB=ruko_bench .venv/bin/python bench/pages.py

Uses the data set `make bench` built (bench/generate.py). Starts two gunicorn servers on the
same data (2 sync workers each): one with PAGE_CACHE=off (every view rendered, the shared
fragments kept: the path of the first view after a publish, of a cache miss) and one as in
production. Each round runs wrk on every page against both, one after the other, then on the
same HTML served by nginx as a static file (the physical limit of this machine), so that all
three see the same load; the load average is recorded each round. Prints the median over the
rounds and the ratios.

    BENCH_COMPARE="home=http://127.0.0.1:8300/,guidance_page=http://127.0.0.1:8300/about/" …

adds another site, already running, to every round: each named page of ours (page cache off)
is measured against the given URL in the same round, and the ratio of requests per second,
ours / theirs, is printed. It is how the portal is compared with another Wagtail site served
the same way (bench/README.md).
"""

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
OFF_PORT = run.APP_PORT
ON_PORT = run.APP_PORT + 1
STATIC_PORT = run.APP_PORT + 2


def compared():
    """BENCH_COMPARE as {our page name: [their URL, ...]} (a name may be given twice)."""
    pairs = {}
    for item in filter(None, os.environ.get("BENCH_COMPARE", "").split(",")):
        name, _, url = item.partition("=")
        if not url.startswith("http://127.0.0.1:"):
            raise SystemExit(f"BENCH_COMPARE: {item!r} is not name=http://127.0.0.1:PORT/path")
        pairs.setdefault(name.strip(), []).append(url.strip())
    return pairs


def start(port, page_cache):
    run.APP_PORT = port
    run.BASE = f"http://127.0.0.1:{port}"
    return run.start_gunicorn(workers=2, sync=True, extra_env={"PAGE_CACHE": page_cache})


def start_static(workdir, pages):
    """nginx serving each page's HTML as a file, gzip on, as the front would."""
    root = workdir / "static-copy"
    for name, html in pages.items():
        (root / name).mkdir(parents=True)
        (root / name / "index.html").write_bytes(html)
    conf = f"""
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
worker_processes 2;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  server {{ listen 127.0.0.1:{STATIC_PORT}; gzip on; root {root}; }}
}}"""
    (workdir / "nginx.conf").write_text(conf)
    subprocess.run(["nginx", "-c", str(workdir / "nginx.conf")], check=True)


def main():
    if not run.DATA_FILE.exists():
        raise SystemExit(f"No data set {run.DB_NAME}: run `make bench` first.")
    data = json.loads(run.DATA_FILE.read_text())
    run.BENCH_KEY = data["secret_key"]
    urls = data["urls"]
    others = compared()
    unknown = set(others) - set(urls)
    if unknown:
        raise SystemExit(f"BENCH_COMPARE names no page of ours: {', '.join(sorted(unknown))}")
    nginx = shutil.which("nginx")
    run.flush_cache()
    servers = [start(OFF_PORT, "off"), start(ON_PORT, "on")]
    workdir = Path(tempfile.mkdtemp(prefix="ruko-pages-"))
    workdir.chmod(0o755)
    figures = {
        name: {"off": [], "on": [], "static": [], "q_off": [], "p50_off": []} for name in urls
    }
    theirs = {(name, url): [] for name, targets in others.items() for url in targets}
    loads = []
    try:
        if nginx:
            html = {}
            for name, path in urls.items():
                run.BASE = f"http://127.0.0.1:{ON_PORT}"
                html[name] = run.compressed_size(run.BASE + path)[1]
            start_static(workdir, html)
        for number in range(ROUNDS):
            loads.append(os.getloadavg()[0])
            for name, path in urls.items():
                run.stage(f"round {number + 1}: {path}")
                off = run.wrk(f"http://127.0.0.1:{OFF_PORT}{path}")
                on = run.wrk(f"http://127.0.0.1:{ON_PORT}{path}")
                figures[name]["off"].append(off["rps"])
                figures[name]["q_off"].append(off["p99"])
                figures[name]["p50_off"].append(off["p50"])
                figures[name]["on"].append(on["rps"])
                if nginx:
                    figures[name]["static"].append(
                        run.wrk(f"http://127.0.0.1:{STATIC_PORT}/{name}/")["rps"]
                    )
                for url in others.get(name, ()):
                    theirs[name, url].append(run.wrk(url))
        loads.append(os.getloadavg()[0])
    finally:
        if nginx:
            subprocess.run(["nginx", "-c", str(workdir / "nginx.conf"), "-s", "stop"], check=False)
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"\n{os.cpu_count()} cores; gunicorn 2 sync workers per server; wrk -t2 -c16 "
        f"-d{run.DURATION}; median of {ROUNDS} interleaved rounds; load average (1 min) at "
        f"each round: {', '.join(f'{load:.2f}' for load in loads)}\n"
    )
    print(
        "| page | page cache off req/s | p99 ms | page cache on req/s | nginx static req/s | "
        "off / static | on / static |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, path in urls.items():
        row = figures[name]
        off, on = statistics.median(row["off"]), statistics.median(row["on"])
        p99 = statistics.median(row["q_off"])
        if row["static"]:
            static = statistics.median(row["static"])
            tail = f"{static:.0f} | {off / static:.3f} | {on / static:.3f}"
        else:
            tail = "nginx not installed | – | –"
        print(f"| {name} `{path}` | {off:.0f} | {p99:.0f} | {on:.0f} | {tail} |")
    if theirs:
        print(
            "\n| our page (page cache off) | req/s | p50 ms | other site | req/s | p50 ms "
            "| ours / theirs |"
        )
        print("|---|---:|---:|---|---:|---:|---:|")
        for (name, url), results in theirs.items():
            ours = statistics.median(figures[name]["off"])
            other = statistics.median(r["rps"] for r in results)
            p50 = statistics.median(r["p50"] for r in results)
            our_p50 = statistics.median(figures[name]["p50_off"])
            print(
                f"| {name} `{urls[name]}` | {ours:.0f} | {our_p50:.1f} "
                f"| `{url}` | {other:.0f} | {p50:.1f} | {ours / other:.2f} |"
            )
    if run.failures:
        print("\nFAILED:\n" + "\n".join(run.failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
