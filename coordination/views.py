"""The operator's follow-up pages and the public transparency page. Thin: rules live in
services, reads in selectors and coordination.transparency."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from home.access import requester_required
from home.wita import today as wita_today

from . import selectors, services
from . import transparency as transparency_figures
from .charts import bar_chart
from .forms import ProgressForm


def _mark_for_village(items, today, requester, booking=None):
    """Whether each follow-up is overdue and whether the village may add a progress note (a
    body's follow-ups are the body's to report on; its village office only reads them)."""
    for item in items:
        body_id = (booking or item.outcome.booking).body_id
        own = requester.body is not None or body_id is None
        item.overdue = item.is_overdue(today)
        item.can_note = own and item.is_open and item.owner == item.Owner.VILLAGE


@requester_required
@require_GET
def follow_ups(request, requester):
    village, body = requester.village, requester.body
    today = wita_today()
    items = list(selectors.village_follow_ups(village, body))
    open_items = [item for item in items if item.is_open]
    closed_items = [item for item in items if not item.is_open]
    _mark_for_village(items, today, requester)
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
    )


@requester_required
@require_GET
def session_detail(request, pk, requester):
    village = requester.village
    booking = selectors.session_detail(village, pk, requester.body)
    if booking is None:
        raise Http404
    outcome = getattr(booking, "outcome", None)
    today = wita_today()
    items = list(outcome.follow_ups.all()) if outcome else []
    _mark_for_village(items, today, requester, booking)
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
    )


@requester_required
@require_POST
def add_progress(request, pk, requester):
    item = selectors.own_follow_up(requester.village, pk, requester.body)
    if item is None:
        raise Http404
    form = ProgressForm(request.POST)
    target = request.POST.get("next") == "session"
    back = (
        redirect("coordination:session", pk=item.outcome.booking_id)
        if target
        else redirect("coordination:follow_ups")
    )
    if not form.is_valid():
        messages.error(request, _("The note was not saved: write what has been done."))
        return back
    try:
        services.follow_up_add_progress(
            follow_up=item, by=request.user, note=form.cleaned_data["note"]
        )
    except PermissionDenied as error:
        raise Http404 from error
    except services.OutcomeError as error:
        messages.error(request, error.messages[0])
        return back
    messages.success(request, _("Progress note saved. The kecamatan can see it."))
    return back


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
