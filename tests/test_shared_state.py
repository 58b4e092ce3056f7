"""One truth across processes: two production server processes on one database agree at once.

Each gunicorn runs production settings. Without CACHE_URL, the shared fallback (the database
cache) holds the page generation, the recurring blocks' expansion and the rate limits: a page
unpublished through server A is gone on server B at once; a recurring block added through A
refuses a booking on B inside it, although B had just expanded that day's blocks. With Redis
(CACHE_URL), sessions and kept closures are shared the same way.
"""

import contextlib
import datetime
import os
import re
import subprocess
import sys

import pytest
import requests
from django.db import connection
from schedule.models import Rule

from bookings.models import Booking
from guidance.models import GuidanceIndexPage, GuidancePage
from home import roles
from home.wita import local
from tests.bookings.conftest import form_data  # noqa: F401 - a fixture the tests use
from tests.conftest import make_user
from tests.factories import PASSWORD
from tests.pgcluster import REPO, free_port, start_gunicorn, stop_process


def production_env(tmp_path):
    database = connection.settings_dict
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.production_like_settings",
            "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**database),
            "SECRET_KEY": "two-servers-" + "k" * 60,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def signed_in(port, username):
    session = requests.Session()
    base = f"http://127.0.0.1:{port}"
    session.get(f"{base}/masuk/", timeout=60)
    answer = session.post(
        f"{base}/masuk/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, answer.text[:500]
    return session, base


def post(session, url, data):
    data = {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(url, data=data, allow_redirects=False, timeout=60)


def ask_for(session, base, form, start_time, end_time):
    """The operator sends the request form for that time of the form's day."""
    return post(
        session,
        f"{base}/reservasi/baru/",
        {**form, "start_time": start_time, "end_time": end_time},
    )


def admin_add(session, url, data):
    """Open an admin "add" form and save it, as staff do; the admin redirects once it saved."""
    session.get(url, timeout=60)
    added = post(session, url, data)
    assert added.status_code == 302, re.sub(r"\s+", " ", added.text)[-3000:]


@contextlib.contextmanager
def two_servers(env, tmp_path):
    """Servers A and B (their ports), both stopped when the block ends."""
    a = free_port()
    server_a = start_gunicorn(a, env, tmp_path / "a.log")
    try:
        b = free_port()
        server_b = start_gunicorn(b, env, tmp_path / "b.log")
        try:
            yield a, b
        finally:
            stop_process(server_b)
    finally:
        stop_process(server_a)


def a_working_tuesday():
    """A Tuesday at least two weeks ahead, clear of the year's end holidays."""
    day = local(datetime.datetime.now(datetime.UTC)).date() + datetime.timedelta(days=14)
    while day.weekday() != 1 or (day.month, day.day) >= (12, 20) or day.month == 1:
        day += datetime.timedelta(days=1)
    return day


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_server_processes_honour_each_others_changes_at_once(
    tmp_path,
    villages,
    room,
    form_data,  # noqa: F811
):
    admin = make_user(None, "admin-kantor", is_superuser=True, is_staff=True)
    make_user(None, "op-batu", group=roles.OPERATORS, village=villages[0])
    index = GuidanceIndexPage.objects.get(slug="panduan")
    page = index.add_child(
        instance=GuidancePage(
            title="Pencairan dana desa",
            slug="pencairan-dana-desa",
            summary="Langkah pencairan",
            body=[("text", "<p>Isi panduan pencairan dana desa.</p>")],
        )
    )
    weekly = Rule.objects.create(name="Setiap minggu", description="", frequency="WEEKLY")
    env = production_env(tmp_path)
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(sorted({c['BACKEND'] for c in settings.CACHES.values()}))",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.stdout.strip() == "['django.core.cache.backends.db.DatabaseCache']", check.stderr

    # A and B: the servers' names in the docstring
    with two_servers(env, tmp_path) as (A, B):  # noqa: N806
        # A page stored by B, unpublished through A: B answers 404 at once.
        url_b = f"http://127.0.0.1:{B}{page.url}"
        first = requests.get(url_b, timeout=60)
        assert first.status_code == 200
        assert "public" in first.headers["Cache-Control"]
        assert requests.get(url_b, timeout=60).text == first.text
        staff, base_a = signed_in(A, admin.username)
        staff.get(f"{base_a}/admin/pages/{page.pk}/unpublish/", timeout=60)
        done = post(staff, f"{base_a}/admin/pages/{page.pk}/unpublish/", {})
        assert done.status_code == 302, done.text[:500]
        assert requests.get(url_b, timeout=60).status_code == 404

        # B books 09:00 on a Tuesday (expanding that day's blocks), A adds a weekly block at
        # 13:00 from that Tuesday on, and B refuses a booking inside the block.
        day = a_working_tuesday()
        operator, base_b = signed_in(B, "op-batu")
        form = {**form_data, "date": day.isoformat()}
        booked = ask_for(operator, base_b, form, "09:00", "10:00")
        assert booked.status_code == 302, re.sub(r"\s+", " ", booked.text)[-3000:]

        admin_add(
            staff,
            f"{base_a}/admin/bookings/blocks/add/",
            {
                "title": "Rapat staf mingguan",
                "calendar": room.calendar_id,
                "start": f"{day.isoformat()} 13:00",
                "end": f"{day.isoformat()} 14:00",
                "rule": weekly.pk,
                "end_recurring_period": "",
                "description": "",
            },
        )

        refused = ask_for(operator, base_b, form, "13:00", "14:00")
        assert refused.status_code == 200
        assert "Rapat staf mingguan" in refused.text or "diblokir" in refused.text.lower()
    assert Booking.objects.filter(room=room).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_redis_a_closure_and_a_sign_out_reach_the_other_server_at_once(
    tmp_path,
    villages,
    room,
    form_data,  # noqa: F811
):
    """With CACHE_URL (Redis), sessions are read from the cache and closures are kept per
    content generation in each process: a closure added through A refuses a booking on B at
    once, and signing out through A ends the same session on B."""
    import redis

    url = "redis://127.0.0.1:6379/7"
    redis.Redis.from_url(url).flushdb()
    admin = make_user(None, "admin-kantor", is_superuser=True, is_staff=True)
    make_user(None, "op-batu", group=roles.OPERATORS, village=villages[0])
    env = {**production_env(tmp_path), "CACHE_URL": url}
    # A and B: the servers' names in the docstring
    with two_servers(env, tmp_path) as (A, B):  # noqa: N806
        day = a_working_tuesday()
        operator, base_b = signed_in(B, "op-batu")
        form = {**form_data, "date": day.isoformat()}
        booked = ask_for(operator, base_b, form, "09:00", "10:00")
        assert booked.status_code == 302, re.sub(r"\s+", " ", booked.text)[-3000:]

        staff, base_a = signed_in(A, admin.username)
        admin_add(
            staff,
            f"{base_a}/admin/snippets/bookings/closure/add/",
            {
                "room": room.pk,
                "start_date": day.isoformat(),
                "end_date": day.isoformat(),
                "reason": "Pemeliharaan listrik gedung",
            },
        )
        refused = ask_for(operator, base_b, form, "13:00", "14:00")
        assert refused.status_code == 200
        assert "Pemeliharaan listrik gedung" in refused.text

        assert (
            operator.get(f"{base_b}/reservasi/", allow_redirects=False, timeout=60).status_code
            == 200
        )
        old_cookie = operator.cookies["sessionid"]
        signed_out = post(operator, f"http://127.0.0.1:{A}/keluar/", {})
        assert signed_out.status_code == 302
        # The old cookie, as a copied or stolen one would come back: B no longer knows it.
        after = requests.get(
            f"{base_b}/reservasi/",
            cookies={"sessionid": old_cookie},
            allow_redirects=False,
            timeout=60,
        )
        assert after.status_code == 302 and "/masuk/" in after.headers["Location"]
    assert Booking.objects.filter(room=room).count() == 1
