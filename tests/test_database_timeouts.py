"""Every connection (so every web request) runs with PostgreSQL's lock and statement
timeouts from the settings; a booking transaction tightens the lock timeout."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from bookings.rules import booking_transaction
from portal.settings.base import env_duration, with_timeouts


@pytest.mark.django_db
def test_every_connection_has_the_lock_and_statement_timeouts():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == settings.DATABASE_LOCK_TIMEOUT
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == settings.DATABASE_STATEMENT_TIMEOUT


@pytest.mark.django_db
def test_a_booking_transaction_waits_for_locks_only_briefly():
    with booking_transaction(), connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == settings.BOOKINGS_LOCK_TIMEOUT


def test_timeouts_come_from_the_environment_and_are_checked(monkeypatch):
    monkeypatch.setenv("DATABASE_LOCK_TIMEOUT", "750ms")
    assert env_duration("DATABASE_LOCK_TIMEOUT", "5s") == "750ms"
    monkeypatch.setenv("DATABASE_LOCK_TIMEOUT", "5s -c search_path=evil")
    with pytest.raises(ImproperlyConfigured):
        env_duration("DATABASE_LOCK_TIMEOUT", "5s")
    options = with_timeouts({"ENGINE": "django.db.backends.postgresql"})["OPTIONS"]["options"]
    assert "-c lock_timeout=" in options and "-c statement_timeout=" in options
    assert "OPTIONS" not in with_timeouts({"ENGINE": "django.db.backends.sqlite3"})
