from django.core.management.base import BaseCommand

from bookings.waitlist import waitlist_expire


class Command(BaseCommand):
    help = (
        "Lapse waitlist offers that were not answered in time and offer the time to the next "
        "village; close waiting entries whose session is too near (run every few minutes)."
    )

    def handle(self, *args, **options):
        lapsed, closed = waitlist_expire()
        self.stdout.write(f"Lapsed {lapsed} offer(s), closed {closed} waitlist entr(y/ies).")
