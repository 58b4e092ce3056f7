"""Project-wide guarantees: settings in every mode, migrations, deploy checks, demo loader."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k" * 20 + "-production-grade-secret-" + "x" * 30


def run_manage(*args, settings_module, extra_env=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, **(extra_env or {})})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("mode", ["dev", "test"])
def test_settings_load(mode):
    result = run_manage("check", settings_module=f"portal.settings.{mode}")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_a_missing_key():
    result = run_manage("check", settings_module="portal.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_the_development_key():
    result = run_manage(
        "check",
        settings_module="portal.settings.production",
        extra_env={"SECRET_KEY": "dev-only-insecure-key-never-use-in-production"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings_and_a_real_key():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        settings_module="portal.settings.production",
        extra_env={
            "SECRET_KEY": REAL_KEY,
            "ALLOWED_HOSTS": "portal.example.id",
            "PRIVATE_MEDIA_ROOT": "/var/lib/ruko-parsel/private-media",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("folder", [None, str(ROOT / "private-media"), str(ROOT / "x" / "..")])
def test_production_refuses_private_media_inside_the_checkout(folder):
    env = {"SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "portal.example.id"}
    if folder:
        env["PRIVATE_MEDIA_ROOT"] = folder
    else:
        env["PRIVATE_MEDIA_ROOT"] = ""  # not set: the default lies in the checkout
    result = run_manage("check", settings_module="portal.settings.production", extra_env=env)
    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ROOT" in result.stderr
    assert "inside the code checkout" in result.stderr


def test_models_and_migrations_agree():
    result = run_manage(
        "makemigrations", "--check", "--dry-run", settings_module="portal.settings.test"
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_demo_loader_is_idempotent(django_user_model):
    call_command("load_demo")
    users = django_user_model.objects.count()
    call_command("load_demo")
    assert django_user_model.objects.count() == users
    assert django_user_model.objects.filter(username__startswith="operator-").count() == 16


@pytest.mark.django_db
def test_demo_loader_refuses_where_demo_data_is_not_allowed(settings, django_user_model):
    from django.core.management import CommandError

    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not django_user_model.objects.filter(username="admin").exists()


PRINT_CACHES = (
    "from django.conf import settings; "
    "print(sorted({c['BACKEND'].rsplit('.', 1)[-1] for c in settings.CACHES.values()}), "
    "settings.SESSION_ENGINE.rsplit('.', 1)[-1])"
)


@pytest.mark.parametrize(
    "cache_url, backends",
    [
        (None, "['DatabaseCache'] db"),  # a session read from the cache table gains nothing
        ("redis://127.0.0.1:6379/3", "['RedisCache'] cached_db"),  # read from Redis
    ],
)
def test_production_caches_and_sessions_are_shared_by_every_process(cache_url, backends):
    env = {
        "SECRET_KEY": REAL_KEY,
        "PRIVATE_MEDIA_ROOT": "/var/lib/ruko-parsel/private-media",
        "CACHE_URL": cache_url or "",
    }
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        PRINT_CACHES,
        settings_module="portal.settings.production",
        extra_env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backends


def test_a_cache_url_that_is_not_redis_is_refused():
    result = run_manage(
        "check",
        settings_module="portal.settings.production",
        extra_env={"SECRET_KEY": REAL_KEY, "CACHE_URL": "locmem://"},
    )
    assert result.returncode != 0
    assert "CACHE_URL must be a Redis address" in result.stderr
