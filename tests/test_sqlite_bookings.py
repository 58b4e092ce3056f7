"""`make run` keeps its data in SQLite, where no exclusion constraint backs the service's own
check: the written-out statements of the booking check (the day's holding bookings, the open
requests) must compare times as the ORM stores them there (UTC text, without an offset). A
session at the start of the office day (07.30 WITA is 23.30 UTC the day before) is where a
time passed as the driver writes it (with "+08:00") would be missed."""

from tests.test_project import run_manage

SCRIPT = """
import datetime
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("import_villages", stdout=open("/dev/null", "w"))
from django.utils import timezone
from bookings import services
from bookings.models import Booking
from bookings.rules import BookingError, count_open
from home import roles
from home.models import ProblemCategory, Section, Village
from tests.factories import RoomFactory, UserFactory, wita
room = RoomFactory()
first, second = Village.objects.order_by("code")[:2]
day = timezone.localdate() + datetime.timedelta(days=14)
while day.weekday() > 3:
    day += datetime.timedelta(days=1)

def ask(village, start, end):
    user = UserFactory(username=f"op-{village.pk}-{start:%H%M}", group=roles.OPERATORS,
                       village=village)
    return services.booking_request(
        by=user, room=room, village=village, section=Section.objects.first(),
        category=ProblemCategory.objects.first(), title="Laporan", description="Uji",
        attendees=3, contact_name="Budi", contact_phone="0812 3456 7890", start=start, end=end)

early = wita(day.year, day.month, day.day, 7, 30), wita(day.year, day.month, day.day, 8, 0)
late = wita(day.year, day.month, day.day, 15, 0), wita(day.year, day.month, day.day, 16, 0)
for start, end in (early, late):
    ask(first, start, end)
    try:
        ask(second, start, end)
    except BookingError as error:
        print(error.code)
print(count_open(village_id=first.pk, after=timezone.now()),
      Booking.objects.holding().filter(village=first, body=None).count())
"""


def test_the_same_time_is_refused_on_sqlite_at_either_end_of_the_office_day(tmp_path):
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        SCRIPT,
        settings_module="portal.settings.dev",
        extra_env={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["conflict", "conflict", "2", "2"], result.stdout
