"""Periodic jobs as django-tasks tasks, for the database worker in production.

Cron runs the same logic through management commands (`send_reminders`,
`expire_waitlist_offers`); either way is safe to run twice or on two machines at once.
The e-mails about single bookings are tasks too: `bookings.notifications.send_booking_mail`.
"""

from django_tasks import task


@task()
def send_reminders_task():
    from .reminders import send_due_reminders

    return send_due_reminders()
