"""The room, its closures and its recurring blocks in the Wagtail admin.

The booking queue, calendar view and decision screens are built on top of bookings.services
by the staff side; this module only registers the reference data they rely on.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from schedule.models import Calendar, Event, Rule
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.admin_ui import yes_no

from .models import Closure, Room


class RoomViewSet(SnippetViewSet):
    model = Room
    icon = "home"
    menu_label = _("Rooms")
    list_display = ["name", "capacity", "slot_minutes", "max_days_ahead", yes_no(Room, "active")]
    ordering = ["name"]


class ClosureViewSet(SnippetViewSet):
    model = Closure
    icon = "warning"
    menu_label = _("Closures")
    list_display = ["reason", "start_date", "end_date", "room"]
    list_filter = ["room"]
    ordering = ["-start_date"]


class RecurringBlockViewSet(SnippetViewSet):
    """Recurring blocks are django-scheduler Events (with a Rule) in a room's calendar.

    Sessions approved through bookings.services are Events too; they are managed by the
    booking workflow, so they are left out of this list.
    """

    model = Event
    icon = "date"
    menu_label = _("Recurring blocks")
    list_display = ["title", "start", "end", "rule", "end_recurring_period"]
    ordering = ["start"]
    url_prefix = "bookings/blocks"
    panels = [
        FieldPanel("title"),
        FieldPanel(
            "calendar",
            widget=forms.Select,
            help_text=_("The room's calendar (named after the room)."),
        ),
        FieldPanel("start", help_text=_("First occurrence, in WITA.")),
        FieldPanel("end", help_text=_("End of the first occurrence, in WITA.")),
        FieldPanel("rule", help_text=_("How it repeats; leave empty for a one-off block.")),
        FieldPanel("end_recurring_period", help_text=_("Last date it repeats (optional).")),
        FieldPanel("description"),
    ]

    def get_queryset(self, request):
        return (
            Event.objects.filter(
                booking__isnull=True, calendar__in=Calendar.objects.filter(room__isnull=False)
            )
            .select_related("rule", "calendar")
            .order_by("start")
        )


class RuleViewSet(SnippetViewSet):
    model = Rule
    icon = "cog"
    menu_label = _("Repeat rules")
    list_display = ["name", "frequency", "params"]
    url_prefix = "bookings/rules"
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("frequency"),
        FieldPanel(
            "params",
            help_text=_(
                "dateutil parameters, e.g. “byweekday:0” (every Monday) or "
                "“byweekday:1;bysetpos:1” (first Tuesday of the month)."
            ),
        ),
    ]


class RoomBookingGroup(SnippetViewSetGroup):
    items = (RoomViewSet, ClosureViewSet, RecurringBlockViewSet, RuleViewSet)
    menu_icon = "date"
    menu_label = _("Room")
    menu_name = "room"
    menu_order = 250


register_snippet(RoomBookingGroup)
from .staff import hooks as staff_hooks  # noqa: E402,F401
