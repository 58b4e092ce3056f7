"""An iCalendar invitation for an approved session (icalendar 7)."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def booking_ics(booking):
    calendar = Calendar()
    calendar.add("prodid", "-//RUKO PARSEL//Kecamatan Paringin Selatan//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0] or "rukoparsel"
    event.add("uid", f"booking-{booking.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end)
    event.add("summary", f"Koordinasi RUKO PARSEL: {booking.title}")
    event.add("location", booking.room.name)
    event.add(
        "description",
        f"{booking.village} dengan {booking.section}.\n{booking.category}",
    )
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
