"""Staff screens inside the Wagtail admin: sessions to record, follow-ups, the M&E report.

Built like `bookings/staff/views.py`: Wagtail's admin template views (header, breadcrumbs),
staff only (`home.access`), reads from `selectors` and `reports`, forms in `forms`, every
change through `services`.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from bookings.models import Booking
from bookings.rules import BookingError
from home.access import StaffRequiredMixin, staff_required
from home.models import SiteSettings
from home.wita import today as wita_today

from . import exports, reports, selectors, services
from .charts import bar_chart
from .forms import MoveForm, ReportForm
from .models import FollowUp


def outcome_edit_url(outcome_pk):
    return reverse("wagtailsnippets_coordination_sessionoutcome:edit", args=[outcome_pk])


class StaffScreen(StaffRequiredMixin, WagtailAdminTemplateMixin, View):
    """A coordination screen in the admin: Home › Coordination › this page."""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": "", "label": _("Coordination")},
            {"url": "", "label": self.get_page_title()},
        ]


# ----------------------------------------------------------------------------- sessions


class SessionsView(StaffScreen):
    template_name = "coordination/admin/sessions.html"
    page_title = gettext_lazy("Sessions to record")
    header_icon = "date"

    def get(self, request):
        recorded = Paginator(selectors.recorded_sessions(), 20).get_page(request.GET.get("p"))
        context = self.get_context_data(
            waiting=selectors.sessions_to_record(timezone.now()),
            recorded=recorded,
            page_obj=recorded,
        )
        return self.render_to_response(context)


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
@require_POST
def outcome_open(request, pk):
    """A held session without an outcome record (held before outcomes were kept, or its
    record never opened) gets one; staff go straight to it."""
    booking = get_object_or_404(Booking, pk=pk)
    try:
        outcome = services.session_outcome_open(booking=booking, by=request.user)
    except services.OutcomeError as error:
        messages.error(request, error.messages[0])
        return redirect("coordination_admin:sessions")
    return redirect(outcome_edit_url(outcome.pk))


# ----------------------------------------------------------------------------- follow-ups


class FollowUpsView(StaffScreen):
    template_name = "coordination/admin/follow_ups.html"
    page_title = gettext_lazy("Follow-ups")
    header_icon = "tasks"

    def get(self, request):
        today = wita_today()
        show = request.GET.get("show", selectors.FOLLOW_UP_LISTS[0])
        if show not in selectors.FOLLOW_UP_LISTS:
            show = selectors.FOLLOW_UP_LISTS[0]
        page = Paginator(selectors.staff_follow_ups(show, today), 25).get_page(request.GET.get("p"))
        latest = selectors.latest_progress(page)
        for item in page:
            item.overdue = item.is_overdue(today)
            item.latest_progress = latest.get(item.pk)
        context = self.get_context_data(
            page_obj=page, items=page.object_list, show=show, form=MoveForm()
        )
        return self.render_to_response(context)


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
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("coordination_admin:follow_ups")


# ----------------------------------------------------------------------------- M&E report


def _report_context(request):
    form = ReportForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    if not request.GET:
        form = ReportForm({"kind": "month", "month": wita_today().strftime("%Y-%m")})
        form.is_valid()
    data = form.cleaned_data
    report = reports.build_report(
        data["period"], village=data["village"], section=data["section"], category=data["category"]
    )
    return form, report


class ReportView(StaffScreen):
    template_name = "coordination/admin/report.html"
    page_title = gettext_lazy("Monitoring & evaluation")
    header_icon = "table"

    def get(self, request):
        form, data = _report_context(request)
        if data is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        fmt = request.GET.get("format")
        if fmt in ("xlsx", "csv"):
            return self.export(request, form, data, fmt)
        context = self.get_context_data(
            form=form,
            report=data,
            figures=exports.figure_rows(data),
            breakdown_labels=exports.breakdown_labels(),
            query=form.query_string() if request.GET else "kind=month",
            **self.charts(data),
        )
        return self.render_to_response(context)

    @staticmethod
    def export(request, form, data, fmt):
        filters = {key: form.cleaned_data[key] for key in ("village", "section", "category")}
        bookings = reports.report_bookings(data["period"], **filters)
        follow = reports.report_follow_ups(data["period"], **filters)
        if fmt == "xlsx":
            return exports.xlsx_response(data, bookings, follow)
        part = request.GET.get("part", "figures")
        if part not in ("figures", "bookings", "follow_ups"):
            part = "figures"
        return exports.csv_response(data, bookings, follow, part)

    @staticmethod
    def charts(data):
        counts = data["counts"]
        return {
            "status_chart": bar_chart(
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
            ),
            "village_chart": bar_chart(
                "chart-villages",
                _("Sessions held per village"),
                [(str(v), held) for v, held in data["breakdowns"]["village"].column("held")],
                description=_("The number is written at the end of each bar."),
            ),
            "category_chart": bar_chart(
                "chart-categories",
                _("Problems per category"),
                [(c.name, n) for c, n in data["breakdowns"]["category"].column("requests")],
                description=_("The number is written at the end of each bar."),
                pattern_by_index=True,
            ),
        }


@staff_required
def report_print(request):
    """The printable monthly activity report (laporan kegiatan) with the office's header.

    A page of its own, without the admin's furniture, so that it prints on A4."""
    form, data = _report_context(request)
    if data is None:
        return ReportView.as_view()(request)
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    filters = {key: form.cleaned_data.get(key) for key in ("village", "section", "category")}
    return render(
        request,
        "coordination/admin/report_print.html",
        {
            "report": data,
            "figures": exports.figure_rows(data),
            "office": SiteSettings.for_site(site) if site else None,
            "sessions": selectors.held_sessions(data["period"], **filters),
            "filters": form.cleaned_data,
            "printed_at": timezone.localtime(),
        },
    )


sessions = SessionsView.as_view()
follow_ups = FollowUpsView.as_view()
report = ReportView.as_view()
