"""What the booking and waitlist services announce, so that the modules reacting to it (the
waitlist's offers, run as a task) are not imported by the services.

    slot_freed(sender, room_id, start, end)   a time [start, end) in the room stopped being held
                                              (sent inside the transaction that frees it)

Receivers are connected in `bookings/signals.py`.
"""

from django.dispatch import Signal

slot_freed = Signal()
