"""Receivers of the bookings app, connected when the app is ready."""

from django.db.models.signals import post_delete, post_save
from schedule.models import Calendar, Event, Occurrence, Rule

from home.caching import retire_stored_pages

from .availability import retire_cached_blocks
from .caching import retire_stored_schedule
from .events import slot_freed
from .models import Booking, BookingHistory, Closure, OpeningHours, Room
from .tasks import offer_freed_time_after_commit

# Recurring blocks are expanded once and cached (availability._recurring_blocks); any change
# to what they are made of retires every cached expansion.
for model in (Calendar, Event, Occurrence, Rule):
    for signal in (post_save, post_delete):
        signal.connect(
            retire_cached_blocks, sender=model, dispatch_uid=f"blocks-{model.__name__}-{signal!r}"
        )

# A time freed by a cancel, reject, expiry, move or a closed offer goes to the waitlist.
slot_freed.connect(offer_freed_time_after_commit, dispatch_uid="bookings-offer-freed-time")

# The stored public week view (bookings/caching.py) goes as soon as anything it shows changes.
for model in (
    Booking,
    BookingHistory,
    Closure,
    OpeningHours,
    Room,
    Calendar,
    Event,
    Occurrence,
    Rule,
):
    for signal in (post_save, post_delete):
        signal.connect(
            retire_stored_schedule,
            sender=model,
            dispatch_uid=f"schedule-{model.__name__}-{signal!r}",
        )

# Rooms, their opening hours and closures are kept per content generation (the choices of the
# request form, the closures of load_room_data): a change retires them with the stored pages.
for model in (Room, OpeningHours, Closure):
    for signal in (post_save, post_delete):
        signal.connect(
            retire_stored_pages, sender=model, dispatch_uid=f"pages-{model.__name__}-{signal!r}"
        )
