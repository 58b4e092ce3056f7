import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's guard against ORM use
# from async code would otherwise refuse the live-server fixtures' database work.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
from home import roles
from home.models import ProblemCategory, Section, Village
from home.villages import import_villages
from tests.factories import RoomFactory, UserFactory


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Keep transactional tests (browser, concurrency) after all the others, as Django does.

    pytest-django sorts them last, but pytest then regroups tests by session-scoped parameters
    (Playwright's browser name), which can put a plain database test after a transactional one;
    a transactional test empties the tables, so that test would lose the data migrations made.
    """

    def order(item):
        marker = item.get_closest_marker("django_db")
        fixtures = set(getattr(item, "fixturenames", ()))
        transactional = bool(
            marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
        ) or bool(fixtures & {"transactional_db", "live_server"})
        uses_db = transactional or marker is not None or "db" in fixtures
        return 1 if transactional else 0 if uses_db else 2

    items.sort(key=order)


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_for_every_connection(django_db_setup):
    """Let `serialized_rollback` restore the migrations' data in browser tests too.

    While Playwright's event loop runs, asgiref gives Django a fresh connection object per
    context, without the snapshot taken when the test database was made; so a browser test
    that follows another transactional test would start on empty tables. Putting the snapshot
    on the connection class gives it to every connection object.
    """
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.access(chromium, os.X_OK):
        pytest.exit(
            f"The browser tests need Chromium at {chromium}. Run `make test` (it installs it), "
            "install it (apt-get install chromium) or set CHROMIUM_PATH.",
            returncode=4,
        )
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _empty_test_media():
    """Every run starts with no uploaded file left by an earlier run in the same checkout, so
    uploads keep the names they were given (a taken name gets a random suffix)."""
    import shutil

    from django.conf import settings

    if Path(settings.MEDIA_ROOT).name == ".test-media":
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches: no stored page or rate-limit count leaks over."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@pytest.fixture
def villages(db):
    import_villages()
    return Village.objects.order_by("code")


def make_user(django_user_model, username, *, group=None, village=None, section=None, **extra):
    return UserFactory(username=username, group=group, village=village, section=section, **extra)


@pytest.fixture
def operator(django_user_model, villages):
    return make_user(django_user_model, "op-batu", group=roles.OPERATORS, village=villages[0])


@pytest.fixture
def other_operator(django_user_model, villages):
    return make_user(django_user_model, "op-inan", group=roles.OPERATORS, village=villages[2])


@pytest.fixture
def staff_user(django_user_model, db):
    return make_user(django_user_model, "staf", group=roles.STAFF)


# The objects bookings and coordination tests share: the room, sections, categories.


@pytest.fixture
def room(db):
    """The coordination room with the office's opening hours (Mon–Thu 07.30–16.00, Fri –11.00)."""
    return RoomFactory()


@pytest.fixture
def section(db):
    section = Section.objects.get(name="Seksi Pemerintahan")
    section.email = "pemerintahan@example.test"
    section.save()
    return section


@pytest.fixture
def other_section(db):
    return Section.objects.get(name="Sekretariat")


@pytest.fixture
def category(db):
    return ProblemCategory.objects.order_by("order").first()


@pytest.fixture
def other_category(db):
    return ProblemCategory.objects.order_by("order")[1]


@pytest.fixture
def throwaway_cluster():
    """A PostgreSQL cluster of this test's own (tests/pgcluster.py), to stop and restart."""
    from tests.pgcluster import ThrowawayCluster, free_port

    cluster = ThrowawayCluster(port=free_port()).init()
    cluster.start()
    yield cluster
    cluster.destroy()


@pytest.fixture
def test_database_settings(db):
    """The settings of the test database (created by pytest-django), for other processes;
    they see only what is committed (the migrations' data, or a transactional test's)."""
    from django.db import connections

    return dict(connections["default"].settings_dict)


# Community bodies: the BPD and the PKK of the operator's village (villages[0]).


def make_body(village, kind_slug, name):
    from home.models import BodyKind, CommunityBody

    # get_or_create: a transactional test may run on tables emptied by a previous one.
    kind, _created = BodyKind.objects.get_or_create(
        slug=kind_slug, defaults={"name": kind_slug.upper()}
    )
    return CommunityBody.objects.create(
        village=village,
        kind=kind,
        name=name,
        email=f"{kind_slug}@{village.name.lower().replace(' ', '-')}.example.test",
    )


def make_member(username, body):
    from home.models import UserProfile

    user = UserFactory(username=username)
    UserProfile.objects.create(user=user, body=body)
    return user


@pytest.fixture
def bpd(villages):
    return make_body(villages[0], "bpd", "BPD Batu Piring")


@pytest.fixture
def bpd_member(bpd):
    return make_member("bpd-batu", bpd)


@pytest.fixture
def pkk_member(villages):
    return make_member("pkk-batu", make_body(villages[0], "pkk", "TP PKK Batu Piring"))
