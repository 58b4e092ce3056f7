from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from home.admin_ui import yes_no

from . import selectors
from .models import PageFeedback, SopPage
from .sop_admin import SopExportView, SopImportView, SopTemplateView, can_import

FEEDBACK_PERMISSION = "guidance.view_pagefeedback"


def can_see_reports(user):
    return user.is_active and (user.is_superuser or user.has_perm(FEEDBACK_PERMISSION))


class StaffReportView(ReportView):
    """Reports for editors and moderators (who hold the feedback view permission)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OverdueReviewView(StaffReportView):
    page_title = _("Overdue reviews")
    header_icon = "date"
    index_url_name = "guidance_review_overdue"
    index_results_url_name = "guidance_review_overdue_results"
    list_export = ["title", "owner_section", "next_review", "live"]
    export_headings = {
        "title": _("Title"),
        "owner_section": _("Owner (section)"),
        "next_review": _("Next review"),
        "live": _("Published"),
    }
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
        Column("owner_section", label=_("Owner (section)")),
        DateColumn("next_review", label=_("Next review")),
        Column("status_string", label=_("Status")),
    ]

    def get_filename(self):
        return f"tinjauan-terlambat-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return selectors.overdue_reviews()


class FeedbackSummaryView(StaffReportView):
    page_title = _("Feedback per page")
    header_icon = "help"
    index_url_name = "guidance_feedback_summary"
    index_results_url_name = "guidance_feedback_summary_results"
    list_export = ["title", "url_path", "yes", "no", "comments"]
    export_headings = {
        "title": _("Title"),
        "url_path": _("Path"),
        "yes": _("Helpful"),
        "no": _("Not helpful"),
        "comments": _("Comments"),
    }
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
        NumberColumn("yes", label=_("Helpful")),
        NumberColumn("no", label=_("Not helpful")),
        NumberColumn("comments", label=_("Comments")),
    ]

    def get_filename(self):
        return f"umpan-balik-per-halaman-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return selectors.feedback_summary()


class PageFeedbackViewSet(ModelViewSet):
    model = PageFeedback
    icon = "help"
    menu_label = _("Page feedback")
    menu_order = 400
    add_to_admin_menu = True
    form_fields = ["comment"]
    list_display = ["page", yes_no(PageFeedback, "helpful"), "comment", "created_at"]
    list_filter = ["helpful"]
    list_export = ["page", "helpful", "comment", "created_at"]
    export_filename = "umpan-balik"
    search_fields = ["comment"]
    ordering = ["-created_at"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return PageFeedback.objects.select_related("page")


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return PageFeedbackViewSet("page_feedback")


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/tinjauan-terlambat/",
            OverdueReviewView.as_view(),
            name="guidance_review_overdue",
        ),
        path(
            "reports/tinjauan-terlambat/results/",
            OverdueReviewView.as_view(results_only=True),
            name="guidance_review_overdue_results",
        ),
        path(
            "reports/umpan-balik/",
            FeedbackSummaryView.as_view(),
            name="guidance_feedback_summary",
        ),
        path(
            "reports/umpan-balik/results/",
            FeedbackSummaryView.as_view(results_only=True),
            name="guidance_feedback_summary_results",
        ),
        path("sop/impor/", SopImportView.as_view(), name="guidance_sop_import"),
        path("sop/impor/templat-sop.xlsx", SopTemplateView.as_view(), name="guidance_sop_template"),
        path("sop/<int:page_id>/ekspor.xlsx", SopExportView.as_view(), name="guidance_sop_export"),
    ]


class StaffReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_overdue_menu_item():
    return StaffReportMenuItem(
        _("Overdue reviews"),
        reverse("guidance_review_overdue"),
        name="guidance-review-overdue",
        icon_name="date",
        order=800,
    )


@hooks.register("register_reports_menu_item")
def register_feedback_menu_item():
    return StaffReportMenuItem(
        _("Feedback per page"),
        reverse("guidance_feedback_summary"),
        name="guidance-feedback-summary",
        icon_name="help",
        order=810,
    )


class SopImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_sop_import_menu_item():
    return SopImportMenuItem(
        _("Import SOP from Excel"),
        reverse("guidance_sop_import"),
        name="guidance-sop-import",
        icon_name="upload",
        order=350,
    )


@hooks.register("register_page_header_buttons")
def sop_export_button(page, user, view_name, next_url=None):
    if page.specific_class is SopPage and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Export to Excel"),
            reverse("guidance_sop_export", args=[page.pk]),
            icon_name="download",
            priority=80,
        )
