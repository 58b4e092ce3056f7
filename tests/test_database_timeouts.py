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


# What production needs besides the secret key (it refuses to start without them).
PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
    "PRIVATE_MEDIA_ROOT": "/var/lib/ruko-parsel/private-media",
}


def production_database_settings(**extra_env):
    from tests.test_project import REAL_KEY, run_manage

    env = {**PRODUCTION_ENV, "SECRET_KEY": REAL_KEY, **extra_env}
    env = {k: v for k, v in env.items() if v is not None}
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = run_manage(
        "shell", "-v0", "-c", code, settings_module="portal.settings.production", extra_env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_keeps_connections_open_and_checks_them_by_default(monkeypatch):
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    monkeypatch.delenv("DB_CONN_HEALTH_CHECKS", raising=False)
    assert production_database_settings() == ["60", "True"]


def test_persistent_connections_can_be_turned_off_for_a_pooler(monkeypatch):
    assert production_database_settings(DB_CONN_MAX_AGE="0", DB_CONN_HEALTH_CHECKS="false") == [
        "0",
        "False",
    ]


def test_the_page_cache_can_be_switched_off_for_measuring(monkeypatch):
    from tests.test_project import REAL_KEY, run_manage

    code = (
        "from django.conf import settings; "
        "print(sum('django.middleware.cache' in m for m in settings.MIDDLEWARE), "
        "settings.PAGE_CACHE_ENABLED)"
    )
    env = {**PRODUCTION_ENV, "SECRET_KEY": REAL_KEY}
    for value, expected in (("off", "0 False"), ("on", "2 True")):
        result = run_manage(
            "shell",
            "-v0",
            "-c",
            code,
            settings_module="portal.settings.production",
            extra_env={**env, "PAGE_CACHE": value},
        )
        assert result.stdout.strip() == expected, result.stderr
