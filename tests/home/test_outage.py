"""A real database outage: a server on a throwaway PostgreSQL cluster that is stopped mid-test.

Pages answer 503 with Retry-After and say honestly what happened (a form post: NOT saved),
/healthz answers 503, the log has one line per failed request and no traceback; when the
database is back, so is the portal, and the refused booking does not exist.
"""

import re

import requests

from tests.pgcluster import (
    copy_database,
    django_env,
    free_port,
    manage,
    start_gunicorn,
    stop_process,
)

MAKE_OPERATOR = """
from home import roles
from home.models import Village
from home.villages import import_villages
from tests.factories import RoomFactory, UserFactory
import_villages()
RoomFactory()
UserFactory(username="op-batu", group=roles.OPERATORS, village=Village.objects.order_by("code")[0])
"""


def test_a_database_outage_is_an_honest_503_and_heals(
    throwaway_cluster, test_database_settings, tmp_path
):
    copy_database(test_database_settings, throwaway_cluster, "ruko")
    env = django_env(throwaway_cluster.url("ruko"), PORTAL_RETRY_AFTER_SECONDS="45")
    manage("shell", "-c", MAKE_OPERATOR, env=env)
    log_path = tmp_path / "server.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port, env, log_path)
    try:
        assert requests.get(f"{base}/healthz", timeout=30).status_code == 200
        browser = requests.Session()
        browser.get(f"{base}/masuk/")
        signed_in = browser.post(
            f"{base}/masuk/",
            data={
                "username": "op-batu",
                "password": "a-Strong-pass-123",
                "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            },
            headers={"Referer": f"{base}/masuk/"},
            allow_redirects=False,
        )
        assert signed_in.status_code == 302
        form = browser.get(f"{base}/reservasi/baru/")
        assert form.status_code == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)

        throwaway_cluster.stop()

        page = requests.get(f"{base}/", timeout=30)
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "45"
        assert "no-store" in page.headers["Cache-Control"]
        assert "Layanan sedang tidak tersedia" in page.text
        assert "tidak hilang" not in page.text

        health = requests.get(f"{base}/healthz", timeout=30)
        assert health.status_code == 503
        assert health.headers["Retry-After"] == "45"

        posted = browser.post(
            f"{base}/reservasi/baru/",
            data={
                "csrfmiddlewaretoken": token,
                "room": "1",
                "date": "2030-05-07",
                "start_time": "09:00",
                "end_time": "10:00",
                "title": "Laporan APBDes",
                "attendees": "4",
            },
            headers={"Referer": f"{base}/reservasi/baru/"},
            allow_redirects=False,
        )
        assert posted.status_code == 503
        assert posted.headers["Retry-After"] == "45"
        assert "TIDAK tersimpan" in posted.text
        assert "tidak hilang" not in posted.text

        api = requests.get(f"{base}/api/rooms", timeout=30)
        assert api.status_code == 503
        assert api.headers["Content-Type"].startswith("application/json")

        throwaway_cluster.start()
        assert requests.get(f"{base}/healthz", timeout=30).status_code == 200
        assert browser.get(f"{base}/reservasi/").status_code == 200
    finally:
        stop_process(server)

    log = log_path.read_text()
    outage_lines = [line for line in log.splitlines() if "Database unavailable" in line]
    # One line for each of the page, the form post and the API call (healthz answers itself).
    assert len(outage_lines) == 3, log
    assert "POST /reservasi/baru/ -> 503" in log
    assert "Traceback" not in log
    assert throwaway_cluster.psql("ruko", "SELECT count(*) FROM bookings_booking") == "0"
