from django.core.management.base import BaseCommand

from coordination.tasks import send_overdue_reminders


class Command(BaseCommand):
    help = "E-mail villages about overdue follow-up actions (daily; each reminder is sent once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the job for the task worker instead of running it now.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = send_overdue_reminders.enqueue()
            self.stdout.write(f"Queued: {result.id}")
            return
        sent = send_overdue_reminders.call()
        self.stdout.write(f"Reminders sent: {sent}")
