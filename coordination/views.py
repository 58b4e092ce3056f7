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
from home.access import operator_required
from home.roles import is_staff_member, village_of
from home.wita import today as wita_today

from . import selectors, services
from . import transparency as transparency_figures
from .charts import bar_chart
from .forms import ProgressForm
from .models import FollowUpEvent


def _mark_for_village(items, today, failed=None):
    """Whether each follow-up is overdue and whether the village may add a progress note; the
    follow-up whose note failed (`failed`: (pk, bound form)) carries its form back."""
    for item in items:
        item.overdue = item.is_overdue(today) and item.status != item.Status.REPORTED
        item.can_note = item.is_open and item.owner == item.Owner.VILLAGE
        item.can_report = item.can_note and not item.is_reported
        item.form = failed[1] if failed and failed[0] == item.pk else None


def _follow_ups_page(request, village, failed=None, status=200):
    today = wita_today()
    items = list(selectors.village_follow_ups(village))
    open_items = [item for item in items if item.is_open]
    closed_items = [item for item in items if not item.is_open]
    _mark_for_village(items, today, failed)
    page = Paginator(selectors.village_sessions(village), 10).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/follow_ups.html",
        {
            "village": village,
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


def _session_page(request, village, pk, failed=None, status=200):
    booking = selectors.session_detail(village, pk)
    if booking is None:
        raise Http404
    outcome = getattr(booking, "outcome", None)
    items = list(outcome.follow_ups.all()) if outcome else []
    _mark_for_village(items, wita_today(), failed)
    return render(
        request,
        "coordination/session_detail.html",
        {
            "village": village,
            "booking": booking,
            "outcome": outcome,
            "items": items,
            "form": ProgressForm(),
        },
        status=status,
    )


@operator_required
@require_GET
def follow_ups(request, village):
    return _follow_ups_page(request, village)


@operator_required
@require_GET
def session_detail(request, pk, village):
    return _session_page(request, village, pk)


@operator_required
@require_POST
def add_progress(request, pk, village):
    """A progress note with optional evidence; with "done" ticked, the village reports the
    action finished. A failed note comes back on the page with everything typed."""
    item = selectors.own_follow_up(village, pk)
    if item is None:
        raise Http404
    form = ProgressForm(request.POST, request.FILES)
    on_session = request.POST.get("next") == "session"

    def again():
        messages.error(request, _("The note was not saved: see the message at the action."))
        if on_session:
            return _session_page(
                request, village, item.outcome.booking_id, failed=(item.pk, form), status=400
            )
        return _follow_ups_page(request, village, failed=(item.pk, form), status=400)

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
        village = village_of(request.user)
        if village is None or found.follow_up.outcome.booking.village_id != village.pk:
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
