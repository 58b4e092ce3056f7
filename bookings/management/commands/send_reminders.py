from django.core.management.base import BaseCommand

from bookings.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail the village and the section before each approved session "
        "(BOOKINGS_REMINDER_HOURS_BEFORE, default 24). Safe to run often and on several "
        "machines: each reminder is sent once."
    )

    def handle(self, *args, **options):
        count = send_due_reminders()
        self.stdout.write(f"Sent reminders for {count} session(s).")
