"""Public schedule and the operator's booking pages. Thin: rules live in services, who may
see what in `home.access` (operator forms are `form_view` + `operator_required`)."""

import datetime
import mimetypes
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.access import (
    TOO_MANY_SUBMISSIONS,
    form_view,
    operator_required,
    request_is_staff,
    submission_accepted,
)
from home.roles import village_of
from home.wita import local, today, when_text

from . import feeds, selectors, services, waitlist
from .caching import stored_schedule
from .forms import (
    AnswerForm,
    BookingRequestForm,
    CancelForm,
    JumpForm,
    RescheduleForm,
    parse_id,
    parse_local,
)
from .models import Booking, Room, Status, VillageFeedToken, WaitlistEntry
from .rules import BookingError, booking_can


def _limited_error(form):
    form.add_error(None, str(TOO_MANY_SUBMISSIONS))


def _own_booking(request, pk):
    """The operator's own village's booking, or 404 — never another village's data."""
    village = village_of(request.user)
    if village is None:
        raise Http404
    return get_object_or_404(
        Booking.objects.select_related("room", "section", "category", "village"),
        pk=pk,
        village=village,
    )


def _slot_url(room, start, end):
    query = urlencode(
        {
            "ruang": room.pk,
            "mulai": local(start).strftime("%Y-%m-%dT%H:%M"),
            "selesai": local(end).strftime("%Y-%m-%dT%H:%M"),
        }
    )
    return f"{reverse('bookings:new')}?{query}"


@stored_schedule
def schedule(request):
    day = JumpForm(request.GET or None).chosen_day(today(), within_days=400)
    first = selectors.week_start(day)
    rooms = selectors.week_schedule(first_day=first)
    for entry in rooms:
        for day_entry in entry["days"]:
            for slot in day_entry.slots:
                if slot.state == "free":
                    slot.url = _slot_url(entry["room"], slot.start, slot.book_end)
    week = datetime.timedelta(days=7)
    return render(
        request,
        "bookings/schedule.html",
        {
            "rooms": rooms,
            "first_day": first,
            "last_day": first + datetime.timedelta(days=6),
            "previous_week": (first - week).isoformat(),
            "next_week": (first + week).isoformat(),
            "this_week": first <= today() < first + week,
            "jump": JumpForm(initial={"tanggal": day}),
        },
    )


@operator_required
def booking_list(request, village):
    upcoming, past = selectors.split_upcoming_past(village)
    page = Paginator(past, 10).get_page(request.GET.get("page"))
    offers, waiting = waitlist.village_offers_and_waiting(village)
    return render(
        request,
        "bookings/list.html",
        {
            "village": village,
            "upcoming": list(upcoming),
            "page_obj": page,
            "past": page.object_list,
            "now": timezone.now(),
            "offers": offers,
            "waiting": waiting,
        },
    )


@form_view()
@operator_required
def booking_new(request, village):
    suggestions = []
    can_wait = False
    if request.method == "POST":
        form = BookingRequestForm(request.POST, request.FILES)
        if getattr(request, "limited", False):
            _limited_error(form)
            form.is_valid()
            return render(
                request,
                "bookings/request_form.html",
                {"form": form, "village": village},
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = services.booking_request(
                    by=request.user, village=village, **form.request_fields()
                )
            except BookingError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error)
                suggestions = [(s, e, _slot_url(data["room"], s, e)) for s, e in error.suggestions]
                can_wait = error.code == "conflict"
            else:
                submission_accepted(request)
                return redirect("bookings:sent", pk=booking.pk)
    else:
        initial = {"contact_name": request.user.get_full_name()}
        profile = getattr(request.user, "profile", None)
        if profile is not None and profile.phone:
            initial["contact_phone"] = profile.phone
        room_id = parse_id(request.GET.get("ruang"))
        room = Room.objects.filter(active=True, pk=room_id).first() if room_id else None
        if room:
            initial["room"] = room
        start_day, start_time = parse_local(request.GET.get("mulai"))
        end_day, end_time = parse_local(request.GET.get("selesai"))
        if start_day:
            initial.update(date=start_day, start_time=start_time)
            if end_day == start_day:
                initial["end_time"] = end_time
        form = BookingRequestForm(initial=initial)
    return render(
        request,
        "bookings/request_form.html",
        {"form": form, "village": village, "suggestions": suggestions, "can_wait": can_wait},
    )


def _whatsapp_link(request, booking):
    text = "\n".join(
        [
            _("Coordination request RUKO PARSEL"),
            str(booking.village),
            booking.title,
            when_text(booking.start, booking.end) + " WITA",
            f"{booking.room.name} · {booking.section}",
            _("Status: %(status)s") % {"status": booking.get_status_display()},
            request.build_absolute_uri(reverse("bookings:detail", args=[booking.pk])),
        ]
    )
    return "https://wa.me/?text=" + quote(text)


@login_required
def booking_sent(request, pk):
    booking = _own_booking(request, pk)
    return render(
        request,
        "bookings/sent.html",
        {"booking": booking, "whatsapp_link": _whatsapp_link(request, booking)},
    )


@login_required
def booking_detail(request, pk):
    booking = _own_booking(request, pk)
    now = timezone.now()
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "history": booking.history.select_related("by"),
            "answer_form": AnswerForm() if booking.status == Status.INFO_REQUESTED else None,
            "can_cancel": booking_can("cancel", booking, now),
            "can_reschedule": booking_can("reschedule", booking, now),
            "whatsapp_link": _whatsapp_link(request, booking),
        },
    )


@form_view(methods=["POST"])
def booking_answer(request, pk):
    booking = _own_booking(request, pk)
    form = AnswerForm(request.POST)
    if getattr(request, "limited", False):
        _limited_error(form)
    elif form.is_valid():
        try:
            services.booking_answer_info(
                booking=booking, by=request.user, answer=form.cleaned_data["answer"]
            )
        except BookingError as error:
            form.add_error(None, error)
        else:
            submission_accepted(request)
            messages.success(request, _("Thank you. Your answer has been sent to the kecamatan."))
            return redirect("bookings:detail", pk=booking.pk)
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "history": booking.history.select_related("by"),
            "answer_form": form,
            "can_cancel": False,
            "can_reschedule": False,
            "whatsapp_link": _whatsapp_link(request, booking),
        },
        status=429 if getattr(request, "limited", False) else 400,
    )


@form_view()
def booking_cancel(request, pk):
    booking = _own_booking(request, pk)
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            _limited_error(form)
            status = 429
        elif form.is_valid():
            try:
                services.booking_cancel(
                    booking=booking, by=request.user, reason=form.cleaned_data["reason"]
                )
            except BookingError as error:
                form.add_error(None, error)
                status = 400
            else:
                submission_accepted(request)
                messages.success(request, _("The request has been cancelled."))
                return redirect("bookings:list")
    return render(
        request, "bookings/cancel.html", {"booking": booking, "form": form}, status=status
    )


@form_view()
def booking_reschedule(request, pk):
    booking = _own_booking(request, pk)
    suggestions = []
    status = 200
    if request.method == "POST":
        form = RescheduleForm(request.POST, room=booking.room)
        if getattr(request, "limited", False):
            _limited_error(form)
            form.is_valid()
            status = 429
        elif form.is_valid():
            try:
                services.booking_reschedule(
                    booking=booking,
                    by=request.user,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                )
            except BookingError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error)
                suggestions = error.suggestions
                status = 400
            else:
                submission_accepted(request)
                messages.success(request, _("The new time has been sent for approval."))
                return redirect("bookings:detail", pk=booking.pk)
    else:
        start, end = local(booking.start), local(booking.end)
        initial = {"date": start.date(), "start_time": start.time(), "end_time": end.time()}
        day, time = parse_local(request.GET.get("mulai"))
        end_day, end_time = parse_local(request.GET.get("selesai"))
        if day and end_day == day:
            initial = {"date": day, "start_time": time, "end_time": end_time}
        form = RescheduleForm(initial=initial, room=booking.room)
    suggestion_links = [
        (
            s,
            e,
            reverse("bookings:reschedule", args=[booking.pk])
            + "?"
            + urlencode(
                {
                    "mulai": local(s).strftime("%Y-%m-%dT%H:%M"),
                    "selesai": local(e).strftime("%Y-%m-%dT%H:%M"),
                }
            ),
        )
        for s, e in suggestions
    ]
    return render(
        request,
        "bookings/reschedule.html",
        {"booking": booking, "form": form, "suggestions": suggestion_links},
        status=status,
    )


@login_required
def booking_attachment(request, pk):
    """The attachment, only for the owning village's operators and kecamatan staff."""
    if request_is_staff(request):
        booking = get_object_or_404(Booking, pk=pk)
    else:
        booking = _own_booking(request, pk)
    if not booking.attachment:
        raise Http404
    name = booking.attachment.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        booking.attachment.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------- calendar feeds


def _ics_response(content, filename, *, private, attachment=False):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response


def room_feed(request, slug):
    """Public iCalendar feed of a room: busy time only."""
    room = get_object_or_404(
        Room.objects.only("pk", "name", "slug", "calendar_id"), slug=slug, active=True
    )
    return _ics_response(feeds.room_feed(room), f"{room.slug}.ics", private=False)


def village_feed(request, token):
    """A village's private feed; the secret token in the URL is the only key."""
    found = VillageFeedToken.objects.select_related("village").filter(token=token).first()
    if found is None:
        raise Http404
    return _ics_response(feeds.village_feed(found.village), "ruko-parsel-desa.ics", private=True)


@login_required
def booking_calendar(request, pk):
    booking = _own_booking(request, pk)
    return _ics_response(
        feeds.booking_ics(booking), f"ruko-parsel-{booking.pk}.ics", private=True, attachment=True
    )


@form_view()
@operator_required
def feed_token(request, village):
    """The operator sees the village's private feed URL and can replace its secret."""
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            messages.error(request, str(TOO_MANY_SUBMISSIONS))
            status = 429
        else:
            services.village_feed_token_regenerate(village=village, by=request.user)
            submission_accepted(request)
            messages.success(
                request, _("A new calendar address has been made. The old one no longer works.")
            )
            return redirect("bookings:feed_token")
    token = services.village_feed_token(village=village)
    url = request.build_absolute_uri(reverse("bookings:village_feed", args=[token.token]))
    return render(
        request,
        "bookings/feed_token.html",
        {
            "village": village,
            "token": token,
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[-1],
            "rooms": Room.objects.filter(active=True).only("name", "slug"),
        },
        status=status,
    )


# ---------------------------------------------------------------------------- waitlist


@form_view(methods=["POST"])
@operator_required
def waitlist_join(request, village):
    """Join the waitlist for a taken time, from the request form's conflict message."""
    form = BookingRequestForm(request.POST)
    status = 400
    if getattr(request, "limited", False):
        _limited_error(form)
        form.is_valid()
        status = 429
    elif form.is_valid():
        data = form.cleaned_data
        try:
            waitlist.waitlist_join(
                by=request.user,
                room=data["room"],
                village=village,
                section=data["section"],
                category=data["category"],
                title=data["title"],
                description=data["description"],
                attendees=data["attendees"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                start=data["start"],
                end=data["end"],
            )
        except BookingError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error)
        else:
            submission_accepted(request)
            messages.success(
                request,
                _(
                    "Your village is on the waitlist. If the time frees, it is offered to you "
                    "by e-mail and on this page."
                ),
            )
            return redirect("bookings:list")
    return render(
        request,
        "bookings/request_form.html",
        {"form": form, "village": village, "suggestions": []},
        status=status,
    )


def _own_entry(request, pk):
    village = village_of(request.user)
    if village is None:
        raise Http404
    return get_object_or_404(WaitlistEntry, pk=pk, village=village)


def _waitlist_action(request, pk, action, success):
    entry = _own_entry(request, pk)
    if getattr(request, "limited", False):
        messages.error(request, str(TOO_MANY_SUBMISSIONS))
        return redirect("bookings:list")
    try:
        result = action(entry=entry, by=request.user)
    except BookingError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("bookings:list")
    submission_accepted(request)
    messages.success(request, success)
    if isinstance(result, Booking):
        return redirect("bookings:sent", pk=result.pk)
    return redirect("bookings:list")


@form_view(methods=["POST"])
def waitlist_accept(request, pk):
    return _waitlist_action(
        request, pk, waitlist.waitlist_accept, _("The offer is accepted: your request is sent.")
    )


@form_view(methods=["POST"])
def waitlist_decline(request, pk):
    return _waitlist_action(
        request,
        pk,
        waitlist.waitlist_decline,
        _("The offer is declined; it goes to the next village."),
    )


@form_view(methods=["POST"])
def waitlist_withdraw(request, pk):
    return _waitlist_action(
        request, pk, waitlist.waitlist_withdraw, _("Your village has left the waitlist.")
    )
