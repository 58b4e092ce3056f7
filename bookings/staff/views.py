"""Staff screens in the Wagtail admin: queue, detail and decisions, booking for a village,
week calendar. Every view is for staff only (`home.access`); every change goes through the
services, and the decisions offered are the workflow's (`bookings.rules.booking_can`)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import BaseListingView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.access import StaffRequiredMixin, staff_required
from home.wita import combine, local, today, when_text

from .. import selectors, services
from ..availability import load_room_data
from ..forms import JumpForm, apply_slot, parse_id, parse_local, slot_value
from ..models import CALENDAR_STATUSES, UNDECIDED_STATUSES, Booking
from ..rules import BookingError, booking_can
from .filters import BookingFilterSet
from .forms import (
    ApproveForm,
    AskInfoForm,
    RejectForm,
    StaffBookingForm,
    StaffCancelForm,
    StaffRescheduleForm,
)


def booking_queryset():
    return Booking.objects.select_related("room", "village", "section", "category", "body__kind")


def booking_when(booking):
    """'Kamis, 7 Mei 2026, 09.00–10.00' in WITA."""
    return when_text(booking.start, booking.end)


def booking_when_short(booking):
    """'Kam, 7 Mei 2026, 09.00–10.00' in WITA: one line in the queue."""
    return when_text(booking.start, booking.end, style="short")


def detail_url(booking):
    return reverse("bookings_staff:detail", args=[booking.pk])


class StatusColumn(Column):
    cell_template_name = "bookings/staff/_status_cell.html"

    def get_value(self, instance):
        return instance.get_status_display()


# ----------------------------------------------------------------------------- queue


class BookingQueueView(StaffRequiredMixin, BaseListingView):
    """Every booking, undecided first (soonest first), then the rest (latest first)."""

    model = Booking
    page_title = gettext_lazy("Bookings")
    header_icon = "date"
    paginate_by = 25
    filterset_class = BookingFilterSet
    index_url_name = "bookings_staff:queue"
    index_results_url_name = "bookings_staff:queue_results"
    verbose_name = gettext_lazy("booking")
    verbose_name_plural = gettext_lazy("bookings")
    template_name = "bookings/staff/queue.html"
    table_classname = "ruko-queue"
    columns = [
        TitleColumn("title", label=gettext_lazy("Title"), get_url=detail_url, width="24%"),
        StatusColumn("status", label=gettext_lazy("Status"), width="12%"),
        Column(
            "when",
            label=gettext_lazy("Date and time (WITA)"),
            accessor=booking_when_short,
            classname="ruko-nowrap",
        ),
        Column("village", label=gettext_lazy("Village"), accessor="village.name"),
        Column("requester", label=gettext_lazy("Requested by"), accessor="requester_label"),
        Column("section", label=gettext_lazy("Section"), accessor="section.name"),
        Column("category", label=gettext_lazy("Problem category"), accessor="category.name"),
        Column("room", label=gettext_lazy("Room"), accessor="room.name"),
    ]

    def get_base_queryset(self):
        return booking_queryset()

    def order_queryset(self, queryset):
        undecided = Q(status__in=UNDECIDED_STATUSES)
        return queryset.annotate(
            undecided_rank=Case(When(undecided, then=Value(0)), default=Value(1)),
            undecided_start=Case(When(undecided, then=F("start")), default=None),
        ).order_by("undecided_rank", "undecided_start", "-start", "-pk")

    def get_header_buttons(self):
        return []

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["new_url"] = reverse("bookings_staff:new")
        context["calendar_url"] = reverse("bookings_staff:calendar")
        return context


# ----------------------------------------------------------------------------- detail


@dataclass(frozen=True)
class Action:
    slug: str  # in the URL
    move: str  # the workflow's action (bookings.rules.MOVES)
    form_class: type
    label: str
    success: str


ACTIONS = {
    "approve": Action(
        "approve",
        "approve",
        ApproveForm,
        gettext_lazy("Approve"),
        gettext_lazy("The request has been approved and the village has been e-mailed."),
    ),
    "reject": Action(
        "reject",
        "reject",
        RejectForm,
        gettext_lazy("Reject"),
        gettext_lazy("The request has been rejected and the village has been e-mailed."),
    ),
    "ask": Action(
        "ask",
        "ask_info",
        AskInfoForm,
        gettext_lazy("Ask for information"),
        gettext_lazy("The question has been sent to the village."),
    ),
    "cancel": Action(
        "cancel",
        "cancel",
        StaffCancelForm,
        gettext_lazy("Cancel the booking"),
        gettext_lazy("The booking has been cancelled and the village has been e-mailed."),
    ),
    "move": Action(
        "move",
        "reschedule",
        StaffRescheduleForm,
        gettext_lazy("Move to another time"),
        gettext_lazy(
            "The booking has been moved; it waits for approval again and the village has been "
            "e-mailed."
        ),
    ),
}


# The order in which the decisions are offered.
ACTION_ORDER = ("approve", "reject", "ask", "move", "cancel")


def available_actions(booking, now):
    """The decisions the workflow allows staff on the booking now (the services check again)."""
    return [
        slug for slug in ACTION_ORDER if booking_can(ACTIONS[slug].move, booking, now, staff=True)
    ]


def _perform(slug, booking, user, data):
    if slug == "approve":
        return services.booking_approve(booking=booking, by=user, note=data["note"])
    if slug == "reject":
        return services.booking_reject(booking=booking, by=user, reason=data["reason"])
    if slug == "ask":
        return services.booking_ask_info(booking=booking, by=user, question=data["question"])
    if slug == "cancel":
        return services.booking_cancel(booking=booking, by=user, reason=data["reason"])
    if slug == "move":
        return services.booking_reschedule(
            booking=booking, by=user, start=data["start"], end=data["end"]
        )
    raise ValueError(slug)


def _render_detail(request, booking, *, bound=None, suggestions=(), status=200):
    now = timezone.now()
    slugs = available_actions(booking, now)
    forms = {}
    for slug in slugs:
        if bound is not None and bound.prefix == ACTIONS[slug].form_class.prefix:
            forms[slug] = bound
        elif slug == "move":
            start, end = local(booking.start), local(booking.end)
            initial = {"date": start.date(), "start_time": start.time(), "end_time": end.time()}
            day, time = parse_local(request.GET.get("mulai"))
            end_day, end_time = parse_local(request.GET.get("selesai"))
            if day and end_day == day:
                initial = {"date": day, "start_time": time, "end_time": end_time}
            forms[slug] = StaffRescheduleForm(initial=initial, room=booking.room)
        else:
            forms[slug] = ACTIONS[slug].form_class()
    actions = [
        {
            "slug": slug,
            "label": ACTIONS[slug].label,
            "form": forms[slug],
            "url": reverse("bookings_staff:action", args=[booking.pk, slug]),
        }
        for slug in slugs
    ]
    context = {
        "booking": booking,
        "when": booking_when(booking),
        "history": list(booking.history.select_related("by")),
        "actions": actions,
        "suggestions": [(s, e, slot_value(local(s), local(e))) for s, e in suggestions],
        "page_title": _("Booking #%(id)d") % {"id": booking.pk},
        "header_title": _("Booking #%(id)d") % {"id": booking.pk},
        "header_icon": "date",
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("bookings_staff:queue"), "label": _("Bookings")},
            {"url": "", "label": _("Booking #%(id)d") % {"id": booking.pk}},
        ],
        "queue_url": reverse("bookings_staff:queue"),
        "wita": settings.TIME_ZONE,
    }
    return TemplateResponse(request, "bookings/staff/detail.html", context, status=status)


@staff_required
def booking_detail(request, pk):
    booking = get_object_or_404(booking_queryset().select_related("requested_by"), pk=pk)
    return _render_detail(request, booking)


@require_POST
@staff_required
def booking_action(request, pk, action):
    booking = get_object_or_404(booking_queryset().select_related("requested_by"), pk=pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise PermissionDenied
    if spec.form_class is StaffRescheduleForm:
        form = spec.form_class(apply_slot(request.POST, spec.form_class.prefix), room=booking.room)
    else:
        form = spec.form_class(request.POST)
    suggestions = []
    if form.is_valid():
        try:
            _perform(action, booking, request.user, form.cleaned_data)
        except BookingError as error:
            if error.code == "wrong_status":
                booking.refresh_from_db()
                messages.error(
                    request,
                    _(
                        "Someone has already changed this booking: it is now “%(status)s”. "
                        "Nothing was changed; check its current state below."
                    )
                    % {"status": booking.get_status_display()},
                )
                return redirect(detail_url(booking))
            field = error.field if error.field in form.fields else None
            form.add_error(field, error)
            suggestions = error.suggestions
            # Also as a message: the form may be gone once the state has moved on.
            messages.error(
                request, _("Nothing was changed: %(reason)s") % {"reason": " ".join(error.messages)}
            )
        else:
            messages.success(request, str(spec.success))
            return redirect(detail_url(booking))
    else:
        messages.error(request, _("Nothing was changed: check the form below."))
    booking.refresh_from_db()
    return _render_detail(request, booking, bound=form, suggestions=suggestions, status=400)


# ----------------------------------------------------------------------------- new


class BookForVillageView(StaffRequiredMixin, WagtailAdminTemplateMixin, View):
    template_name = "bookings/staff/new.html"
    page_title = gettext_lazy("Book for a village")
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("bookings_staff:queue"), "label": _("Bookings")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, form, suggestions=(), status=200):
        if self.request.method == "POST":
            form.keep_attachment()
        context = self.get_context_data(
            form=form,
            wita=settings.TIME_ZONE,
            suggestions=[(s, e, slot_value(local(s), local(e))) for s, e in suggestions],
        )
        return self.render_to_response(context, status=status)

    def get(self, request):
        initial = {}
        day, start = parse_local(request.GET.get("mulai"))
        end_day, end = parse_local(request.GET.get("selesai"))
        if day:
            initial.update(date=day, start_time=start)
            if end_day == day:
                initial["end_time"] = end
        room_id = parse_id(request.GET.get("ruang"))
        if room_id:
            initial["room"] = room_id
        return self.render(StaffBookingForm(initial=initial))

    def post(self, request):
        form = StaffBookingForm(apply_slot(request.POST), request.FILES, user=request.user)
        suggestions = []
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = services.booking_request(
                    by=request.user, village=data["village"], **form.request_fields()
                )
            except BookingError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error)
                suggestions = error.suggestions
            else:
                form.discard_pending()
                messages.success(
                    request,
                    _(
                        "The booking for %(village)s has been recorded and waits for approval; "
                        "the village has been e-mailed."
                    )
                    % {"village": booking.village},
                )
                return redirect(detail_url(booking))
        messages.error(request, _("Nothing was booked: check the form below."))
        return self.render(form, suggestions, status=400)


# ----------------------------------------------------------------------------- calendar


@dataclass
class Entry:
    start: datetime.datetime
    end: datetime.datetime
    title: str
    kind: str  # "booking" or "block"
    booking: Booking | None = None


class CalendarView(StaffRequiredMixin, WagtailAdminTemplateMixin, View):
    """A week per room: sessions with their details, recurring blocks, closed days."""

    template_name = "bookings/staff/calendar.html"
    page_title = gettext_lazy("Booking calendar")
    header_icon = "calendar"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("bookings_staff:queue"), "label": _("Bookings")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request):
        day = JumpForm(request.GET or None).chosen_day(today(), within_days=3660)
        first = selectors.week_start(day)
        last = first + datetime.timedelta(days=6)
        rooms = list(selectors.active_rooms())
        data = load_room_data(rooms, first, last, with_taken=False)
        bookings = booking_queryset().filter(
            room__in=rooms,
            status__in=CALENDAR_STATUSES,
            start__lt=combine(last + datetime.timedelta(days=1), datetime.time.min),
            end__gt=combine(first, datetime.time.min),
        )
        entries = {}
        for booking in bookings:
            key = (booking.room_id, local(booking.start).date())
            entries.setdefault(key, []).append(
                Entry(local(booking.start), local(booking.end), booking.title, "booking", booking)
            )
        for room in rooms:
            for start, end, title in data[room.pk].blocks:
                key = (room.pk, local(start).date())
                entries.setdefault(key, []).append(Entry(local(start), local(end), title, "block"))
        current = today()
        weeks = []
        for room in rooms:
            room_data = data[room.pk]
            days = []
            for offset in range(7):
                date = first + datetime.timedelta(days=offset)
                items = sorted(entries.get((room.pk, date), []), key=lambda e: (e.start, e.end))
                hours = room_data.hours.get(date.weekday())
                days.append(
                    {
                        "date": date,
                        "closed": room_data.closed_reason(date),
                        "hours": hours,
                        "entries": items,
                        "is_today": date == current,
                    }
                )
            closed_days = [d for d in days if d["closed"] and not d["entries"]]
            weeks.append({"room": room, "days": days, "closed_days": closed_days})
        week = datetime.timedelta(days=7)
        url = reverse("bookings_staff:calendar")
        context = self.get_context_data(
            weeks=weeks,
            first_day=first,
            last_day=last,
            previous_url=f"{url}?tanggal={(first - week).isoformat()}",
            next_url=f"{url}?tanggal={(first + week).isoformat()}",
            this_week_url=url,
            is_this_week=first <= current <= last,
            jump=JumpForm(initial={"tanggal": day}),
            calendar_url=url,
            wita=settings.TIME_ZONE,
        )
        return self.render_to_response(context)


queue = BookingQueueView.as_view()
queue_results = BookingQueueView.as_view(results_only=True)
new = BookForVillageView.as_view()
calendar = CalendarView.as_view()
