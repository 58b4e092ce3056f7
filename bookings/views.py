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
    requester_required,
    submission_accepted,
)
from home.models import ProblemCategory
from home.roles import requester_of, village_of
from home.wita import local, today, when_text

from . import feeds, selectors, services, waitlist
from .caching import stored_schedule
from .forms import (
    AnswerForm,
    BookingRequestForm,
    CancelForm,
    JumpForm,
    RescheduleForm,
    apply_slot,
    parse_id,
    parse_local,
    slot_value,
)
from .models import CLOSED_STATUSES, Booking, Room, Status, VillageFeedToken, WaitlistEntry
from .rules import BookingError, booking_can


def _limited_error(form):
    form.add_error(None, str(TOO_MANY_SUBMISSIONS))


def _own_booking(request, pk, *, write=False):
    """The requester's own booking, or 404 — never another village's or body's data.

    A body reaches only its own requests. A village operator reaches every request of the
    village, but a body's request only to read (`write=True` leaves them out)."""
    requester = requester_of(request.user)
    if requester is None:
        raise Http404
    bookings = Booking.objects.select_related(
        "room", "section", "category", "village", "body__kind"
    ).for_requester(requester)
    if write and requester.body is None:
        bookings = bookings.filter(body=None)
    return get_object_or_404(bookings, pk=pk)


def _read_only(request, booking):
    """A village operator looking at a request of one of the village's bodies."""
    return booking.body_id is not None and requester_of(request.user).body is None


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


@requester_required
def booking_list(request, requester):
    village = requester.village
    upcoming, past = selectors.split_upcoming_past(village, body=requester.body)
    upcoming = list(upcoming)
    page = Paginator(past, 10).get_page(request.GET.get("page"))
    for booking in upcoming:  # the office reads its bodies' requests, it does not act on them
        booking.read_only = requester.body is None and booking.body_id is not None
    if requester.body is None:
        offers, waiting = waitlist.village_offers_and_waiting(village)
    else:
        offers, waiting = [], []  # the waitlist is the village office's
    return render(
        request,
        "bookings/list.html",
        {
            "village": village,
            "body": requester.body,
            "upcoming": upcoming,
            "questions": [
                b
                for b in upcoming
                if b.status == Status.INFO_REQUESTED and not getattr(b, "read_only", False)
            ],
            "page_obj": page,
            "past": page.object_list,
            "now": timezone.now(),
            "offers": offers,
            "waiting": waiting,
        },
    )


def _suggestion_buttons(suggestions):
    """(start, end, slot value) triples: buttons that re-post the form with that time."""
    return [(s, e, slot_value(local(s), local(e))) for s, e in suggestions]


def _render_request_form(
    request, village, form, *, body=None, suggestions=(), can_wait=False, status=200
):
    if request.method == "POST":
        form.keep_attachment()
    return render(
        request,
        "bookings/request_form.html",
        {
            "form": form,
            "village": village,
            "body": body,
            "suggestions": _suggestion_buttons(suggestions),
            "can_wait": can_wait,
        },
        status=status,
    )


def question_initial(params):
    """A question carried over from search (`?deskripsi=…&kategori=…`): the description as
    typed, and the problem category if it is an active one."""
    initial = {}
    description = params.get("deskripsi", "").replace("\x00", "").strip()
    if description:
        initial["description"] = description[
            : BookingRequestForm.base_fields["description"].max_length
        ]
    slug = params.get("kategori", "")
    if slug:
        category = ProblemCategory.objects.filter(active=True, slug=slug).first()
        if category:
            initial["category"] = category
    return initial


@form_view()
@requester_required
def booking_new(request, requester):
    village, body = requester.village, requester.body
    if request.method == "POST":
        # A chosen suggestion (a "slot" button) re-posts every field with the new time.
        form = BookingRequestForm(apply_slot(request.POST), request.FILES, user=request.user)
        if getattr(request, "limited", False):
            _limited_error(form)
            form.is_valid()
            return _render_request_form(request, village, form, body=body, status=429)
        if not form.is_valid():
            return _render_request_form(request, village, form, body=body)
        try:
            booking = services.booking_request(
                by=request.user, village=village, body=body, **form.request_fields()
            )
        except BookingError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error)
            return _render_request_form(
                request,
                village,
                form,
                body=body,
                suggestions=error.suggestions,
                can_wait=error.code == "conflict" and body is None,
            )
        form.discard_pending()
        submission_accepted(request)
        return redirect("bookings:sent", pk=booking.pk)
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
    initial.update(_again(village, body, request.GET.get("ulang")))
    initial.update(question_initial(request.GET))
    return _render_request_form(request, village, BookingRequestForm(initial=initial), body=body)


def _again(village, body, value):
    """'Request again' (`?ulang=<id>`): the fields of one of the village's own closed requests,
    without its time; anything else gives nothing."""
    pk = parse_id(value)
    if pk is None:
        return {}
    old = Booking.objects.filter(
        pk=pk, village=village, body=body, status__in=CLOSED_STATUSES
    ).first()
    if old is None:
        return {}
    names = ("section", "category", "title", "description", "attendees")
    names += ("contact_name", "contact_phone")
    return {name: getattr(old, name) for name in names} | {"room": old.room_id}


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
    read_only = _read_only(request, booking)
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "read_only": read_only,
            "history": booking.history.select_related("by"),
            "answer_form": (
                AnswerForm() if booking.status == Status.INFO_REQUESTED and not read_only else None
            ),
            "closed_statuses": CLOSED_STATUSES,
            "can_cancel": not read_only and booking_can("cancel", booking, now),
            "can_reschedule": not read_only and booking_can("reschedule", booking, now),
            "whatsapp_link": _whatsapp_link(request, booking),
        },
    )


@form_view(methods=["POST"])
def booking_answer(request, pk):
    booking = _own_booking(request, pk, write=True)
    form = AnswerForm(request.POST, request.FILES)
    if getattr(request, "limited", False):
        _limited_error(form)
    elif form.is_valid():
        try:
            services.booking_answer_info(
                booking=booking,
                by=request.user,
                answer=form.cleaned_data["answer"],
                attachment=form.cleaned_data.get("attachment"),
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
            "closed_statuses": CLOSED_STATUSES,
            "can_cancel": False,
            "can_reschedule": False,
            "whatsapp_link": _whatsapp_link(request, booking),
        },
        status=429 if getattr(request, "limited", False) else 400,
    )


@form_view()
def booking_cancel(request, pk):
    booking = _own_booking(request, pk, write=True)
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
    booking = _own_booking(request, pk, write=True)
    suggestions = []
    status = 200
    if request.method == "POST":
        form = RescheduleForm(apply_slot(request.POST), room=booking.room)
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
    return render(
        request,
        "bookings/reschedule.html",
        {
            "booking": booking,
            "form": form,
            "suggestions": _suggestion_buttons(suggestions),
            "form_id": "reschedule-form",
        },
        status=status,
    )


def private_file_response(field):
    """A private file as a download: never cached, never sniffed."""
    name = field.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _booking_for_file(request, pk):
    if request_is_staff(request):
        return get_object_or_404(Booking, pk=pk)
    return _own_booking(request, pk)


@login_required
def booking_attachment(request, pk):
    """The attachment, only for the owning village's operators and kecamatan staff."""
    booking = _booking_for_file(request, pk)
    if not booking.attachment:
        raise Http404
    return private_file_response(booking.attachment)


@login_required
def history_attachment(request, pk, entry):
    """A document sent with one step (e.g. the village's answer), for the same people."""
    booking = _booking_for_file(request, pk)
    found = booking.history.filter(pk=entry).exclude(attachment="").first()
    if found is None:
        raise Http404
    return private_file_response(found.attachment)


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
    """Join the waitlist for a taken time, from the request form's conflict message. On any
    failure the form comes back with everything typed (and a valid attachment kept)."""
    form = BookingRequestForm(request.POST, request.FILES, user=request.user)
    if getattr(request, "limited", False):
        _limited_error(form)
        form.is_valid()
        return _render_request_form(request, village, form, status=429)
    if not form.is_valid():
        return _render_request_form(request, village, form, status=400)
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
        return _render_request_form(
            request, village, form, suggestions=error.suggestions, status=400
        )
    form.discard_pending()
    submission_accepted(request)
    messages.success(
        request,
        _(
            "Your village is on the waitlist. If the time frees, it is offered to you "
            "by e-mail and on this page."
        ),
    )
    return redirect("bookings:list")


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
