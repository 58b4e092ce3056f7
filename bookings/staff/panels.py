"""The staff's dashboard panel on the Wagtail admin home page."""

import datetime

from django.conf import settings
from django.urls import reverse
from wagtail.admin.ui.components import Component

from home.wita import combine, today

from ..models import SESSION_STATUSES, UNDECIDED_STATUSES, Booking

OLDEST_SHOWN = 5


class BookingsPanel(Component):
    """Undecided requests (how many, the oldest few) and today's sessions. Three queries."""

    name = "ruko_bookings"
    template_name = "bookings/staff/panel.html"
    order = 50

    def get_context_data(self, parent_context):
        day = today()
        undecided = Booking.objects.filter(status__in=UNDECIDED_STATUSES)
        related = ("room", "village", "section")
        sessions = (
            Booking.objects.filter(
                status__in=SESSION_STATUSES,
                start__gte=combine(day, datetime.time.min),
                start__lt=combine(day + datetime.timedelta(days=1), datetime.time.min),
            )
            .select_related(*related)
            .order_by("start", "room__name")
        )
        return {
            "undecided_count": undecided.count(),
            "oldest": list(
                undecided.select_related(*related).order_by("created_at")[:OLDEST_SHOWN]
            ),
            "sessions": list(sessions),
            "today": day,
            "queue_url": reverse("bookings_staff:queue") + "?status=undecided",
            "calendar_url": reverse("bookings_staff:calendar"),
            "wita": settings.TIME_ZONE,
        }
