"""Staff pages inside the Wagtail admin: sessions to record, follow-ups, the M&E report."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Site

from bookings.models import PAST_SESSION_STATUSES, Booking, Status
from bookings.rules import BookingError
from home.access import staff_required
from home.models import SiteSettings
from home.wita import today as wita_today

from . import exports, reports, services
from .charts import bar_chart
from .forms import MoveForm
from .models import FollowUp, FollowUpEvent


def outcome_edit_url(outcome_pk):
    return reverse("wagtailsnippets_coordination_sessionoutcome:edit", args=[outcome_pk])


@staff_required
def sessions(request):
    now = timezone.now()
    waiting = (
        Booking.objects.filter(status=Status.APPROVED, start__lte=now)
        .select_related("village", "section", "category")
        .order_by("start")
    )
    recorded = Paginator(
        Booking.objects.filter(status__in=PAST_SESSION_STATUSES)
        .select_related("village", "section", "outcome")
        .order_by("-start"),
        20,
    ).get_page(request.GET.get("p"))
    return render(
        request,
        "coordination/admin/sessions.html",
        {"waiting": waiting, "recorded": recorded, "page_obj": recorded},
    )


@staff_required
@require_POST
def session_mark(request, pk):
    booking = get_object_or_404(Booking, pk=pk)
    action = request.POST.get("action")
    note = (request.POST.get("note") or "").strip()[:1000]
    try:
        if action == "held":
            outcome = services.session_mark_held(booking=booking, by=request.user, note=note)
            messages.success(request, _("Marked as held. Now record attendance and minutes."))
            return redirect(outcome_edit_url(outcome.pk))
        if action == "no_show":
            services.session_mark_no_show(booking=booking, by=request.user, note=note)
            messages.success(request, _("Marked as no-show."))
        else:
            messages.error(request, _("Choose held or no-show."))
    except BookingError as error:
        messages.error(request, error.messages[0])
    return redirect("coordination_admin:sessions")


@staff_required
def follow_ups(request):
    today = wita_today()
    show = request.GET.get("show", "open")
    items = FollowUp.objects.select_related("outcome__booking__village", "section").order_by(
        "due_date", "pk"
    )
    if show == "overdue":
        items = items.overdue(today)
    elif show == "all":
        pass
    else:
        show = "open"
        items = items.still_open()
    page = Paginator(items, 25).get_page(request.GET.get("p"))
    latest = {}
    for event in FollowUpEvent.objects.filter(
        follow_up__in=[item.pk for item in page], kind=FollowUpEvent.Kind.PROGRESS
    ).select_related("by"):
        latest[event.follow_up_id] = event
    for item in page:
        item.overdue = item.is_overdue(today)
        item.latest_progress = latest.get(item.pk)
    return render(
        request,
        "coordination/admin/follow_ups.html",
        {"page_obj": page, "items": page.object_list, "show": show, "form": MoveForm()},
    )


@staff_required
@require_POST
def follow_up_move(request, pk):
    item = get_object_or_404(FollowUp, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        try:
            services.follow_up_move(
                follow_up=item,
                by=request.user,
                to=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Follow-up updated."))
        except services.OutcomeError as error:
            messages.error(request, error.messages[0])
    back = request.POST.get("next") or ""
    if back.startswith("/admin/"):
        return redirect(back)
    return redirect("coordination_admin:follow_ups")


def _report_context(request):
    form = reports.ReportForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    if not request.GET:
        form = reports.ReportForm({"kind": "month", "month": wita_today().strftime("%Y-%m")})
        form.is_valid()
    data = form.cleaned_data
    report = reports.build_report(
        data["period"], village=data["village"], section=data["section"], category=data["category"]
    )
    return form, report


@staff_required
def report(request):
    form, data = _report_context(request)
    if data is None:
        return render(request, "coordination/admin/report.html", {"form": form}, status=400)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        filters = {key: form.cleaned_data[key] for key in ("village", "section", "category")}
        bookings = reports.report_bookings(data["period"], **filters)
        follow = reports.report_follow_ups(data["period"], **filters)
        if fmt == "xlsx":
            return exports.xlsx_response(data, bookings, follow)
        part = request.GET.get("part", "figures")
        if part not in ("figures", "bookings", "follow_ups"):
            part = "figures"
        return exports.csv_response(data, bookings, follow, part)
    counts = data["counts"]
    status_chart = bar_chart(
        "chart-status",
        _("Requests and sessions"),
        [
            (_("Requests made"), counts["requests"]),
            (_("Approved"), counts["approved"]),
            (_("Rejected"), counts["rejected"]),
            (_("Cancelled"), counts["cancelled"]),
            (_("Expired"), counts["expired"]),
            (_("Held"), counts["held"]),
            (_("No-show"), counts["no_show"]),
        ],
        description=_("The number is written at the end of each bar."),
        pattern_by_index=True,
    )
    village_chart = bar_chart(
        "chart-villages",
        _("Sessions held per village"),
        [(str(v), v.held) for v in data["per_village"]],
        description=_("The number is written at the end of each bar."),
    )
    category_chart = bar_chart(
        "chart-categories",
        _("Problems per category"),
        [(c.name, c.requests) for c in data["per_category"]],
        description=_("The number is written at the end of each bar."),
        pattern_by_index=True,
    )
    query = form.query_string() if request.GET else "kind=month"
    return render(
        request,
        "coordination/admin/report.html",
        {
            "form": form,
            "report": data,
            "figures": exports.figure_rows(data),
            "status_chart": status_chart,
            "village_chart": village_chart,
            "category_chart": category_chart,
            "query": query,
        },
    )


@staff_required
def report_print(request):
    """The printable monthly activity report (laporan kegiatan) with the office's header."""
    form, data = _report_context(request)
    if data is None:
        return render(request, "coordination/admin/report.html", {"form": form}, status=400)
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    office = SiteSettings.for_site(site) if site else None
    period = data["period"]
    sessions_held = (
        Booking.objects.filter(status=Status.HELD, start__gte=period.start, start__lt=period.end)
        .select_related("village", "section", "category", "outcome")
        .order_by("start")
    )
    for key in ("village", "section", "category"):
        if form.cleaned_data.get(key) is not None:
            sessions_held = sessions_held.filter(**{key: form.cleaned_data[key]})
    return render(
        request,
        "coordination/admin/report_print.html",
        {
            "report": data,
            "figures": exports.figure_rows(data),
            "office": office,
            "sessions": sessions_held,
            "filters": form.cleaned_data,
            "printed_at": timezone.localtime(),
        },
    )
