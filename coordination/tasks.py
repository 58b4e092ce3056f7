"""Background jobs of the coordination app (django-tasks)."""

from django_tasks import task

from .services import reminders_send_overdue


@task()
def send_overdue_reminders():
    """The daily job: e-mail villages about overdue follow-ups (each reminder once)."""
    return reminders_send_overdue()
