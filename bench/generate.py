"""Build a large, realistic data set in the bench database (never the development one).

Run through bench/run.py, which points DATABASE_URL at its own PostgreSQL database. Creates the
demo content of every app, all villages of the kabupaten (so a burst can come from 100 villages),
hundreds of guidance pages, two years of bookings and several recurring blocks, and prints the
URLs to measure as JSON on the last line.
"""

import datetime
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from home import roles  # noqa: E402
from home.models import ProblemCategory, Section, UserProfile, Village  # noqa: E402
from home.villages import import_villages  # noqa: E402

KABUPATEN = ROOT / "data" / "wilayah-kabupaten-balangan.csv"
BURST_OPERATORS = 100
rng = random.Random(20261128)


def load_demo_content():
    import importlib

    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        module.load()


def all_villages():
    for kecamatan in (
        "63.11.01",
        "63.11.02",
        "63.11.03",
        "63.11.04",
        "63.11.05",
        "63.11.06",
        "63.11.07",
        "63.11.08",
    ):
        import_villages(path=KABUPATEN, kecamatan_code=kecamatan)


def burst_operators():
    """One signed-in operator per village for the booking burst: (username, session key).

    Sessions are made here rather than through the sign-in form so that the burst measures
    booking, not password hashing."""
    from django.contrib.sessions.backends.db import SessionStore

    User = get_user_model()
    group = Group.objects.get(name=roles.OPERATORS)
    names = []
    for village in Village.objects.order_by("code")[:BURST_OPERATORS]:
        username = f"bench-{village.code}"
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password("bench-pass-2026")
            user.save()
            user.groups.add(group)
            UserProfile.objects.create(user=user, village=village)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        names.append((username, session.session_key))
    return names


def many_guidance_pages(count):
    """Copies of the demo guidance pages with varied titles, published under the index."""
    try:
        from guidance.models import GuidanceIndexPage, GuidancePage
    except ImportError:
        return
    index = GuidanceIndexPage.objects.first()
    templates = list(GuidancePage.objects.live())
    if index is None or not templates:
        return
    existing = GuidancePage.objects.count()
    categories = list(ProblemCategory.objects.all())
    words = [
        "desa",
        "kelurahan",
        "laporan",
        "anggaran",
        "pelayanan",
        "data",
        "posyandu",
        "musyawarah",
        "banjir",
        "aset",
        "kader",
        "peminjaman",
        "pengadaan",
        "arsip",
    ]
    for number in range(existing, count):
        template = templates[number % len(templates)]
        title = f"{template.title} ({' '.join(rng.sample(words, 2))} {number})"
        page = GuidancePage(
            title=title,
            slug=slugify(title)[:200],
            summary=getattr(template, "summary", ""),
            body=template.body.raw_data if hasattr(template.body, "raw_data") else template.body,
        )
        for field in ("owner_section_id", "next_review"):
            if hasattr(template, field):
                setattr(page, field, getattr(template, field))
        index.add_child(instance=page)
        if hasattr(page, "categories"):
            page.categories.set(rng.sample(categories, 2))
        page.save_revision().publish()


def two_years_of_bookings():
    from bookings.models import Booking, Room, Status

    room = Room.objects.first()
    if room is None or Booking.objects.count() > 1000:
        return
    villages = list(Village.objects.all()[:16])
    sections = list(Section.objects.all())
    categories = list(ProblemCategory.objects.all())
    tz = datetime.timezone(datetime.timedelta(hours=8))
    today = datetime.date.today()
    rows = []
    day = today - datetime.timedelta(days=730)
    while day < today - datetime.timedelta(days=1):
        if day.weekday() < 5:
            for hour in (8, 10, 13):
                if rng.random() < 0.7:
                    start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)
                    rows.append(
                        Booking(
                            room=room,
                            village=rng.choice(villages),
                            section=rng.choice(sections),
                            category=rng.choice(categories),
                            title="Sesi koordinasi desa",
                            description="Pembahasan masalah desa bersama seksi kecamatan.",
                            attendees=rng.randint(2, 10),
                            contact_name="Operator",
                            contact_phone="081200000000",
                            start=start,
                            end=start + datetime.timedelta(minutes=rng.choice((60, 90))),
                            status=rng.choice(
                                [Status.HELD] * 6
                                + [
                                    Status.NO_SHOW,
                                    Status.REJECTED,
                                    Status.CANCELLED,
                                    Status.EXPIRED,
                                ]
                            ),
                        )
                    )
        day += datetime.timedelta(days=1)
    Booking.objects.bulk_create(rows, batch_size=1000)


def recurring_blocks():
    from schedule.models import Event, Rule

    from bookings.models import Room

    room = Room.objects.first()
    if room is None or Event.objects.filter(title__startswith="Blok bench").exists():
        return
    weekly, _ = Rule.objects.get_or_create(name="Bench mingguan", defaults={"frequency": "WEEKLY"})
    tz = __import__("zoneinfo").ZoneInfo("Asia/Makassar")
    first = datetime.datetime.now(tz).replace(hour=15, minute=0, second=0, microsecond=0)
    for number in range(10):
        start = first - datetime.timedelta(days=365 - number)
        Event.objects.create(
            title=f"Blok bench {number}",
            calendar=room.calendar,
            rule=weekly,
            start=start,
            end=start + datetime.timedelta(minutes=30),
            end_recurring_period=start + datetime.timedelta(days=800),
        )


def urls():
    found = {
        "home": "/",
        "guidance_index": "/panduan/",
        "schedule": "/jadwal/",
        "search": "/cari/?q=peminjaman",
    }
    try:
        from guidance.models import GuidancePage, SopPage

        guidance = GuidancePage.objects.live().order_by("pk").first()
        sop = SopPage.objects.live().order_by("pk").first()
        if guidance:
            found["guidance_page"] = guidance.url
        if sop:
            found["sop_page"] = sop.url
    except ImportError:
        pass
    return found


def main():
    count = int(os.environ.get("BENCH_GUIDANCE_PAGES", "300"))
    with transaction.atomic():
        all_villages()
        load_demo_content()
        operators = burst_operators()
    many_guidance_pages(count)
    with transaction.atomic():
        two_years_of_bookings()
        recurring_blocks()
    print(json.dumps({"urls": urls(), "operators": operators}))


if __name__ == "__main__":
    main()
