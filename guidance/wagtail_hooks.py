from types import SimpleNamespace

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
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.admin_ui import yes_no

from . import selectors
from .models import PageFeedback, PortalService, SearchSynonym, SopPage
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


class UnansweredQueriesView(StaffReportView):
    """Queries that found nothing or led to a page marked “not helpful”: the editors' to-do
    list (pin an answer with a search promotion, add a synonym, or write the missing page)."""

    page_title = _("Searches without an answer")
    header_icon = "search"
    index_url_name = "guidance_unanswered_queries"
    index_results_url_name = "guidance_unanswered_queries_results"
    list_export = ["query", "times", "unhelpful", "page_title", "last_day"]
    export_headings = {
        "query": _("Query"),
        "times": _("Times nothing was found"),
        "unhelpful": _("“Not helpful” after opening"),
        "page_title": _("Page opened"),
        "last_day": _("Last searched"),
    }
    columns = [
        Column("query", label=_("Query")),
        NumberColumn("times", label=_("Times nothing was found")),
        NumberColumn("unhelpful", label=_("“Not helpful” after opening")),
        Column("page_title", label=_("Page opened")),
        DateColumn("last_day", label=_("Last searched")),
    ]

    def get_filename(self):
        return f"pencarian-tanpa-jawaban-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return [SimpleNamespace(**row) for row in selectors.unanswered_queries()]


class PortalServiceViewSet(SnippetViewSet):
    model = PortalService
    icon = "link"
    menu_label = _("Portal services (search)")
    list_display = ["title", "url", "updated_at"]
    search_fields = ["title", "keywords"]


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["term", "alternatives"]
    search_fields = ["term", "alternatives"]


register_snippet(PortalServiceViewSet)
register_snippet(SearchSynonymViewSet)


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
        path(
            "reports/pencarian-tanpa-jawaban/",
            UnansweredQueriesView.as_view(),
            name="guidance_unanswered_queries",
        ),
        path(
            "reports/pencarian-tanpa-jawaban/results/",
            UnansweredQueriesView.as_view(results_only=True),
            name="guidance_unanswered_queries_results",
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


@hooks.register("register_reports_menu_item")
def register_unanswered_menu_item():
    return StaffReportMenuItem(
        _("Searches without an answer"),
        reverse("guidance_unanswered_queries"),
        name="guidance-unanswered-queries",
        icon_name="search",
        order=820,
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
