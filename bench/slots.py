"""Free slots for the booking burst: `count` one-hour slots on open days, as request-form data,
each with a second variant shifted by 30 minutes that overlaps it.

    python bench/slots.py 10       # ten slots, as JSON
    python bench/slots.py clear    # remove what earlier bursts booked (bench databases only)
"""

import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from bookings.availability import combine, load_room_data, today  # noqa: E402
from bookings.models import Booking, Room  # noqa: E402
from bookings.services import BookingError, check_rules  # noqa: E402
from home.models import ProblemCategory, Section  # noqa: E402

TITLE = "Uji beban reservasi"


def free(room, start, minutes):
    try:
        check_rules(
            room=room,
            start=start + datetime.timedelta(minutes=minutes[0]),
            end=start + datetime.timedelta(minutes=minutes[1]),
            attendees=3,
        )
    except BookingError:
        return False
    return True


def main(count):
    room = Room.objects.order_by("pk").first()
    section = Section.objects.order_by("pk").first()
    category = ProblemCategory.objects.order_by("pk").first()
    first = today() + datetime.timedelta(days=7)
    data = load_room_data([room], first, first + datetime.timedelta(days=30))[room.pk]
    slots = []
    day = first
    while len(slots) < count and day < first + datetime.timedelta(days=30):
        if data.closed_reason(day) is None:
            opens, closes = data.hours[day.weekday()]
            # Two hours apart: a group's shifted variant never reaches the next group.
            for hour in range(opens.hour + 1, closes.hour - 1, 2):
                start = datetime.datetime.combine(day, datetime.time(hour))
                if not all(
                    free(room, combine(day, datetime.time(hour)), minutes)
                    for minutes in ((0, 60), (30, 90))
                ):
                    continue
                form = {
                    "room": room.pk,
                    "date": day.isoformat(),
                    "start_time": start.strftime("%H:%M"),
                    "end_time": (start + datetime.timedelta(hours=1)).strftime("%H:%M"),
                    "section": section.pk,
                    "category": category.pk,
                    "title": TITLE,
                    "description": "Permintaan uji beban.",
                    "attendees": 3,
                    "contact_name": "Operator Uji",
                    "contact_phone": "081234567890",
                }
                shifted = (
                    (start + datetime.timedelta(minutes=30)).strftime("%H:%M"),
                    (start + datetime.timedelta(minutes=90)).strftime("%H:%M"),
                )
                slots.append({"form": form, "shifted": shifted})
                if len(slots) == count:
                    break
        day += datetime.timedelta(days=1)
    print(json.dumps(slots))


def clear():
    from django.db import connection

    if "bench" not in connection.settings_dict["NAME"]:
        raise SystemExit("Only a bench database is cleared.")
    deleted, _ = Booking.objects.filter(title=TITLE).delete()
    print(json.dumps({"deleted": deleted}))


if __name__ == "__main__":
    if sys.argv[1] == "clear":
        clear()
    else:
        main(int(sys.argv[1]))
