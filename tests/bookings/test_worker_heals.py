"""The task worker survives PostgreSQL restarts and outages and does every task exactly once.

A throwaway cluster holds a copy of the test database; booking e-mails are queued in it
(django-tasks-db) and `manage.py run_worker` sends them with the file e-mail backend while
the cluster is restarted under it, then stopped for a while and started again.
"""

import collections
import email
import subprocess
import sys

from tests.pgcluster import REPO, copy_database, django_env, manage, wait_until

QUEUE = """
import datetime
from bookings.notifications import send_booking_mail
from home.models import Village
from home.villages import import_villages
from tests.factories import BookingFactory, wita
if not Village.objects.exists():
    import_villages()
village = Village.objects.order_by("code")[0]
village.email = "desa@example.test"
village.save()
first = {first}
for number in range(first, first + {count}):
    day = wita(2030, 1, 7) + datetime.timedelta(days=7 * number)
    booking = BookingFactory(village=village, title=f"Sesi nomor {{number}}", start=day,
                             end=day + datetime.timedelta(hours=1))
    send_booking_mail.enqueue(booking.pk, "cancelled")
"""


def count(cluster, status, mail_only=True):
    """Tasks in a status: the booking e-mails, or (mail_only=False) every task queued."""
    only = " AND task_path LIKE '%send_booking_mail'" if mail_only else ""
    return int(
        cluster.psql(
            "ruko",
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "  # noqa: S608 - constants
            f"WHERE status = '{status}'{only}",
        )
    )


def sent_titles(folder):
    titles = collections.Counter()
    for path in folder.iterdir():
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                message = email.message_from_string(raw.strip())
                subject = str(
                    email.header.make_header(email.header.decode_header(message["Subject"]))
                )
                titles[subject.split(": ", 1)[1]] += 1
    return titles


def test_the_worker_survives_database_restarts_and_sends_every_mail_once(
    throwaway_cluster, test_database_settings, tmp_path
):
    copy_database(test_database_settings, throwaway_cluster, "ruko")
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = django_env(
        throwaway_cluster.url("ruko"),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
        TASKS_WORKER_MAX_BACKOFF="1",
    )
    manage("shell", "-c", QUEUE.format(first=0, count=18), env=env)
    assert count(throwaway_cluster, "READY") == 18

    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            # A restart while the queue is being worked through.
            wait_until(lambda: count(throwaway_cluster, "SUCCESSFUL") >= 3, what="first mails")
            throwaway_cluster.restart()
            wait_until(lambda: count(throwaway_cluster, "SUCCESSFUL") == 18, what="all 18 mails")
            # An outage the worker notices, then six more e-mails once it is over.
            throwaway_cluster.stop()
            wait_until(
                lambda: "Database unavailable" in log_path.read_text(), what="outage noticed"
            )
            assert worker.poll() is None
            throwaway_cluster.start()
            manage("shell", "-c", QUEUE.format(first=18, count=6), env=env)
            wait_until(lambda: count(throwaway_cluster, "SUCCESSFUL") == 24, what="all 24 mails")
            assert worker.poll() is None, log_path.read_text()
        finally:
            worker.terminate()
            worker.wait(timeout=30)

    for status in ("READY", "RUNNING", "FAILED"):
        assert count(throwaway_cluster, status, mail_only=False) == 0
    titles = sent_titles(outbox)
    # Each booking's village got its e-mail exactly once (the staff e-mail too, where sent).
    assert set(titles) == {f"Sesi nomor {number}" for number in range(24)}
    assert len(set(titles.values())) == 1, titles
    log = log_path.read_text()
    assert "Traceback" not in log
