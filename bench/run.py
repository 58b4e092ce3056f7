"""`make bench`: a large data set, the portal served production-like, and one table of figures.

Only ever talks to 127.0.0.1. Every load run is bounded in time; the script exits non-zero if a
run had errors (non-2xx/3xx responses, socket errors, 5xx in the burst, or more than one booking
holding a slot). Figures from one run are comparable with each other, not across machines.
"""

import gzip
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DB_NAME = os.environ.get("BENCH_DB", "ruko_bench")
PG = "postgres://postgres@127.0.0.1:5432"
APP_PORT = int(os.environ.get("BENCH_PORT", "8200"))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", str(APP_PORT + 80)))
STATIC_PORT = int(os.environ.get("BENCH_STATIC_PORT", str(APP_PORT + 81)))
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5")
BASE = f"http://127.0.0.1:{APP_PORT}"
DURATION = os.environ.get("BENCH_DURATION", "8s")
DATA_FILE = ROOT / "bench" / f".{DB_NAME}.json"  # what generate.py made, for BENCH_REUSE_DB=1
failures = []


def env():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "SECRET_KEY": BENCH_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_URL": CACHE_URL,
        "AXES_FAILURE_LIMIT": "1000",
        "AXES_ADDRESS_FAILURE_LIMIT": "0",
        # Production refuses private media inside the checkout.
        "PRIVATE_MEDIA_ROOT": os.environ.get(
            "PRIVATE_MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "ruko-bench-private-media")
        ),
        "LOG_LEVEL": "WARNING",
    }


BENCH_KEY = secrets.token_urlsafe(50)


def in_process(**extra_env):
    """Django set up in this process on the data set `make bench` built, as its server runs
    (production settings, the same key, cache and database); returns the data set's record."""
    global BENCH_KEY
    data = json.loads(DATA_FILE.read_text())
    BENCH_KEY = data["secret_key"]
    os.environ.update(env())
    for name, value in extra_env.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()
    return data


def manage(*args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env(),
        check=True,
        capture_output=capture,
        text=True,
        timeout=1800,
    )


def prepare_database():
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB_NAME], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    result = subprocess.run(
        [PYTHON, "bench/generate.py"],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if result.returncode:
        raise SystemExit("Generating the data set failed:\n" + result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the server starts
            time.sleep(0.2)  # polling a starting server, not synchronising a test
    raise SystemExit(f"{url} did not answer within {seconds} s")


DEFAULT_WORKERS = max(2, (os.cpu_count() or 2) * 2)
SERVER_SHAPE = f"{DEFAULT_WORKERS} gthread workers × 2 threads"


def start_gunicorn(workers=None, sync=False, extra_env=None):
    """gunicorn on APP_PORT: by default 2 threads per worker, 2 workers per core; `sync`: plain
    sync workers (the booking burst is measured on 2 of them)."""
    workers = str(workers or DEFAULT_WORKERS)
    kind = ["--worker-class", "sync"] if sync else ["--worker-class", "gthread", "--threads", "2"]
    process = subprocess.Popen(
        [
            GUNICORN,
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{APP_PORT}",
            "--workers",
            workers,
            *kind,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env(), **(extra_env or {})},
        start_new_session=True,
    )
    wait_for(BASE + "/healthz")
    return process


def stage(text):
    print(f"… {text}", file=sys.stderr, flush=True)


def wrk(url, connections=16, uncached=False):
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{DURATION}",
            "--latency",
            "--timeout",
            "10s",
            *(["-s", str(ROOT / "bench" / "uncached.lua")] if uncached else []),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(pct):
        match = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = 0
    for pattern in (
        r"Non-2xx or 3xx responses: (\d+)",
        r"Socket errors: connect (\d+), read (\d+), "
        r"write (\d+), timeout (\d+)",
    ):
        match = re.search(pattern, out)
        if match:
            errors += sum(int(g) for g in match.groups())
    if errors:
        failures.append(f"{url}: {errors} errors under load")
    return {"rps": rps, "p50": latency(50), "p99": latency(99), "errors": errors}


def compressed_size(url):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        encoded = response.headers.get("Content-Encoding") == "gzip"
    raw = gzip.decompress(body) if encoded else body
    # Pages are compressed in front of the application (nginx); count what gzip makes of them.
    return len(body) if encoded else len(gzip.compress(raw, 6)), raw


def page_weight(path):
    html_size, html = compressed_size(BASE + path)
    total = html_size
    for asset in sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html))):
        total += compressed_size(BASE + asset.decode())[0]
    return total


def signed_in(session_key):
    """An opener that sends the operator's session cookie, and the form's CSRF token."""
    opener = urllib.request.build_opener(NoRedirect())
    opener.addheaders = [("Cookie", f"sessionid={session_key}")]
    with opener.open(BASE + "/reservasi/baru/", timeout=30) as response:
        html = response.read().decode()
        cookie = response.headers.get("Set-Cookie", "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    opener.addheaders = [("Cookie", f"sessionid={session_key}; csrftoken={csrf_cookie}")]
    return opener, token


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def booking_burst(operators, slots):
    """Everyone posts at once; requests in a group overlap, so each group has one winner."""
    sessions = [signed_in(session_key) for _name, session_key in operators]
    barrier = threading.Barrier(len(sessions))
    results = [None] * len(sessions)

    def post(index):
        opener, token = sessions[index]
        slot = slots[index % len(slots)]
        form = {**slot["form"], "csrfmiddlewaretoken": token}
        if index // len(slots) % 2:
            form["start_time"], form["end_time"] = slot["shifted"]
        request = urllib.request.Request(
            BASE + "/reservasi/baru/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": BASE + "/reservasi/baru/"},
        )
        barrier.wait(timeout=60)
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=30) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode(errors="replace")
        elapsed = (time.perf_counter() - started) * 1000
        outcome = "success" if status == 302 else "conflict" if status == 200 else "error"
        results[index] = (outcome, elapsed, status, body[:200] if outcome == "error" else "")

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    outcomes = [r[0] for r in results if r]
    timings = sorted(r[1] for r in results if r)
    summary = {
        "requests": len(results),
        "slots": len(slots),
        "success": outcomes.count("success"),
        "conflict": outcomes.count("conflict"),
        "error": outcomes.count("error"),
        "p50": statistics.median(timings),
        "p99": timings[min(len(timings) - 1, int(len(timings) * 0.99))],
    }
    if summary["error"] or summary["success"] != len(slots):
        failures.append(
            f"booking burst: {summary} {[r for r in results if r and r[0] == 'error'][:2]}"
        )
    return summary


def burst_slots(count=10):
    result = subprocess.run(
        [PYTHON, "bench/slots.py", str(count)],
        cwd=ROOT,
        env=env(),
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def clear_burst_bookings():
    subprocess.run(
        [PYTHON, "bench/slots.py", "clear"],
        cwd=ROOT,
        env=env(),
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def start_nginx(workdir, page_html):
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("/var/cache/nginx/ruko", f"{workdir}/cache")
    conf = conf.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{APP_PORT};")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{NGINX_PORT};")
    conf = conf.replace("/srv/ruko-parsel", str(ROOT))
    (workdir / "static-copy").mkdir()
    (workdir / "static-copy" / "index.html").write_bytes(page_html)
    main = f"""
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
worker_processes auto;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  {conf}
  server {{
    listen 127.0.0.1:{STATIC_PORT};
    gzip on;
    location / {{ root {workdir}/static-copy; try_files /index.html =404; }}
  }}
}}"""
    (workdir / "nginx.conf").write_text(main)
    subprocess.run(["nginx", "-c", str(workdir / "nginx.conf")], check=True)
    wait_for(f"http://127.0.0.1:{NGINX_PORT}/healthz")


def stop_nginx(workdir):
    subprocess.run(["nginx", "-c", str(workdir / "nginx.conf"), "-s", "stop"], check=False)


def lighthouse(path):
    """Mobile Lighthouse scores of one page (performance, accessibility, best practices, SEO)."""
    binary = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=ROOT / "bench",
            check=True,
            capture_output=True,
            timeout=600,
        )
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    # The report goes to a file: Node may exit before a large report piped to stdout is
    # written out (a truncated JSON was seen).
    with tempfile.TemporaryDirectory(prefix="ruko-lighthouse-") as workdir:
        report = Path(workdir) / "report.json"
        subprocess.run(
            [
                str(binary),
                BASE + path,
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--chrome-flags=--headless --no-sandbox --disable-gpu "
                "--disable-background-networking",
            ],
            env={**os.environ, "CHROME_PATH": chromium},
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )
        categories = json.loads(report.read_text())["categories"]
    return {
        key: categories[key]["score"]
        for key in ("performance", "accessibility", "best-practices", "seo")
    }


def flush_cache():
    database = CACHE_URL.rstrip("/").rsplit("/", 1)[-1]
    subprocess.run(["redis-cli", "-n", database, "flushdb"], check=False, capture_output=True)


def main():
    for tool in ("wrk", "nginx", "createdb", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(
                f"make bench needs {tool} (apt-get install wrk nginx-light "
                "postgresql-client redis-tools)"
            )
    global BENCH_KEY
    if os.environ.get("BENCH_REUSE_DB") and DATA_FILE.exists():
        data = json.loads(DATA_FILE.read_text())
        BENCH_KEY = data["secret_key"]  # the operators' sessions are signed with it
    else:
        print(f"Preparing database {DB_NAME} (takes several minutes) …", flush=True)
        data = prepare_database()
        DATA_FILE.write_text(json.dumps({**data, "secret_key": BENCH_KEY}))
    urls = data["urls"]
    flush_cache()
    server = start_gunicorn()
    workdir = Path(tempfile.mkdtemp(prefix="ruko-bench-"))
    workdir.chmod(0o755)  # nginx workers run unprivileged and must reach the cache folder
    rows = []
    try:
        for name, path in urls.items():
            stage(f"load on {path}")
            flush_cache()
            cold = wrk(BASE + path, uncached=True)
            warm = wrk(BASE + path)
            rows.append((name, path, cold, warm, page_weight(path)))
        scores = {}
        for name in ("home", "guidance_page", "sop_page", "schedule"):
            if name in urls:
                stage(f"lighthouse on {urls[name]}")
                scores[name] = lighthouse(urls[name])
        stage("availability of a month")
        availability = json.loads(
            subprocess.run(
                [PYTHON, "bench/availability.py"],
                cwd=ROOT,
                env=env(),
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        stage("booking burst")
        burst = booking_burst(data["operators"], burst_slots())
        guidance = urls.get("guidance_page", "/")
        _, html = compressed_size(BASE + guidance)
        stage("nginx front and static ceiling")
        start_nginx(workdir, html)
        front = wrk(f"http://127.0.0.1:{NGINX_PORT}{guidance}")
        ceiling = wrk(f"http://127.0.0.1:{STATIC_PORT}/")
    finally:
        stop_nginx(workdir)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nMachine: {os.cpu_count()} cores; wrk -t2 -c16 -d{DURATION}; gunicorn on 127.0.0.1\n")
    print(
        "| page | uncached req/s | uncached p50 / p99 ms | cached req/s | cached p50 / p99 ms | "
        "weight (gzip, HTML+CSS+JS) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, path, cold, warm, weight in rows:
        print(
            f"| {name} `{path}` | {cold['rps']:.0f} | {cold['p50']:.1f} / {cold['p99']:.1f} | "
            f"{warm['rps']:.0f} | {warm['p50']:.1f} / {warm['p99']:.1f} | "
            f"{weight / 1024:.1f} KB |"
        )
    print("\n| Lighthouse (mobile) | performance | accessibility | best practices | SEO |")
    print("|---|---:|---:|---:|---:|")
    for name, score in scores.items():
        values = " | ".join(f"{score[key]:.2f}" for key in score)
        print(f"| {name} | {values} |")
    print(
        f"\nAvailability of a room for 31 days (in-process): median "
        f"{availability['median_ms']:.1f} ms, {availability['queries']} queries"
    )
    print(
        f"\nBooking burst (this table's server: {SERVER_SHAPE}; one round, the first bookings "
        f"it serves; bench/burst.py measures 2 sync workers in rounds): {burst['requests']} "
        f"simultaneous requests for {burst['slots']} groups of overlapping slots → "
        f"{burst['success']} successes, {burst['conflict']} conflicts, {burst['error']} errors; "
        f"p50 {burst['p50']:.0f} ms, p99 {burst['p99']:.0f} ms"
    )
    print(
        f"\nGuidance page through nginx: {front['rps']:.0f} req/s (p50 {front['p50']:.2f} ms); "
        f"same HTML as a static file: {ceiling['rps']:.0f} req/s "
        f"(p50 {ceiling['p50']:.2f} ms); ratio {front['rps'] / ceiling['rps']:.2f}"
    )
    if failures:
        print("\nFAILED:\n" + "\n".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
