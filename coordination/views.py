"""The operator's follow-up pages and the public transparency page. Thin: rules live in
services, reads in selectors and coordination.transparency."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bookings.views import private_file_response
from home.access import requester_required
from home.roles import is_staff_member, requester_of
from home.wita import today as wita_today

from . import selectors, services
from . import transparency as transparency_figures
from .charts import bar_chart
from .forms import ProgressForm
from .models import FollowUpEvent


def _mark_for_village(items, today, requester, booking=None, failed=None):
    """Whether each follow-up is overdue and whether the village may add a progress note (a
    body's follow-ups are the body's to report on; its village office only reads them); the
    follow-up whose note failed (`failed`: (pk, bound form)) carries its form back."""
    for item in items:
        body_id = (booking or item.outcome.booking).body_id
        own = requester.body is not None or body_id is None
        item.overdue = item.is_overdue(today) and item.status != item.Status.REPORTED
        item.can_note = own and item.is_open and item.owner == item.Owner.VILLAGE
        item.can_report = item.can_note and not item.is_reported
        item.form = failed[1] if failed and failed[0] == item.pk else None


def _follow_ups_page(request, requester, failed=None, status=200):
    village, body = requester.village, requester.body
    today = wita_today()
    items = list(selectors.village_follow_ups(village, body))
    open_items = [item for item in items if item.is_open]
    closed_items = [item for item in items if not item.is_open]
    _mark_for_village(items, today, requester, failed=failed)
    page = Paginator(selectors.village_sessions(village, body), 10).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coordination/follow_ups.html",
        {
            "village": village,
            "body": body,
            "open_items": open_items,
            "closed_items": closed_items,
            "overdue_count": sum(1 for item in open_items if item.overdue),
            "page_obj": page,
            "sessions": page.object_list,
            "form": ProgressForm(),
            "today": today,
        },
        status=status,
    )


def _session_page(request, requester, pk, failed=None, status=200):
    village = requester.village
    booking = selectors.session_detail(village, pk, requester.body)
    if booking is None:
        raise Http404
    outcome = getattr(booking, "outcome", None)
    items = list(outcome.follow_ups.all()) if outcome else []
    _mark_for_village(items, wita_today(), requester, booking, failed=failed)
    return render(
        request,
        "coordination/session_detail.html",
        {
            "village": village,
            "body": requester.body,
            "booking": booking,
            "outcome": outcome,
            "items": items,
            "form": ProgressForm(),
        },
        status=status,
    )


@requester_required
@require_GET
def follow_ups(request, requester):
    return _follow_ups_page(request, requester)


@requester_required
@require_GET
def session_detail(request, pk, requester):
    return _session_page(request, requester, pk)


@requester_required
@require_POST
def add_progress(request, pk, requester):
    """A progress note with optional evidence; with "done" ticked, the village reports the
    action finished. A failed note comes back on the page with everything typed."""
    item = selectors.own_follow_up(requester.village, pk, requester.body)
    if item is None:
        raise Http404
    form = ProgressForm(request.POST, request.FILES)
    on_session = request.POST.get("next") == "session"

    def again():
        messages.error(request, _("The note was not saved: see the message at the action."))
        if on_session:
            return _session_page(
                request, requester, item.outcome.booking_id, failed=(item.pk, form), status=400
            )
        return _follow_ups_page(request, requester, failed=(item.pk, form), status=400)

    if not form.is_valid():
        return again()
    data = form.cleaned_data
    try:
        if data["done"]:
            services.follow_up_report_done(
                follow_up=item, by=request.user, note=data["note"], attachment=data["attachment"]
            )
        else:
            services.follow_up_add_progress(
                follow_up=item, by=request.user, note=data["note"], attachment=data["attachment"]
            )
    except PermissionDenied as error:
        raise Http404 from error
    except services.OutcomeError as error:
        form.add_error(None, error.messages[0])
        return again()
    if data["done"]:
        messages.success(
            request, _("Reported as finished. The kecamatan will confirm it or reopen it.")
        )
    else:
        messages.success(request, _("Progress note saved. The kecamatan can see it."))
    if on_session:
        return redirect("coordination:session", pk=item.outcome.booking_id)
    return redirect("coordination:follow_ups")


@login_required
@require_GET
def evidence(request, pk):
    """A file sent with a follow-up's progress or report: for the village it belongs to and
    for staff; anyone else gets 404."""
    found = FollowUpEvent.objects.select_related("follow_up__outcome__booking").filter(pk=pk)
    found = found.exclude(attachment="").first()
    if found is None:
        raise Http404
    if not is_staff_member(request.user):
        requester = requester_of(request.user)
        booking = found.follow_up.outcome.booking
        if requester is None or booking.village_id != requester.village.pk:
            raise Http404
        if requester.body is not None and booking.body_id != requester.body.pk:
            raise Http404
    return private_file_response(found.attachment)


@require_GET
def transparency(request, year=None):
    """Closed months and years only; see coordination.transparency for what is published."""
    figures = transparency_figures.public_figures(year)
    if figures is None:
        raise Http404
    sessions_chart = bar_chart(
        "chart-sessions",
        _("Sessions held per month"),
        [(date_format(row["period"].first, "M Y"), row["sessions"]) for row in figures["rows"]],
        description=_("One bar per month; the number is written at the end of each bar."),
    )
    category_chart = bar_chart(
        "chart-categories",
        _("Problems raised per category in %(year)s") % {"year": figures["year"]},
        [(row["category"].name, row["total"]) for row in figures["category_rows"]],
        description=_(
            "One bar per problem category; the number is written at the end of each bar."
        ),
        pattern_by_index=True,
    )
    return render(
        request,
        "coordination/transparency.html",
        {**figures, "sessions_chart": sessions_chart, "category_chart": category_chart},
    )
