from django.core.management.base import BaseCommand

from bookings.services import bookings_expire_stale


class Command(BaseCommand):
    help = "Expire booking requests not decided before their deadline (run every few minutes)."

    def handle(self, *args, **options):
        count = bookings_expire_stale()
        self.stdout.write(f"Expired {count} booking request(s).")
