"""The staff side of coordination outcomes inside the Wagtail admin."""

from django import forms
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.access import request_is_staff
from home.admin_ui import yes_no

from . import admin_views, services
from .models import SessionOutcome
from .todo import staff_todo


class OutcomePermissionPolicy(ModelPermissionPolicy):
    """Outcomes are opened by marking a session held, and never deleted (they hold history)."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(
            user, [action for action in actions if action not in ("add", "delete")]
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


register_permission_policy(SessionOutcome, OutcomePermissionPolicy(SessionOutcome))


class SessionOutcomeViewSet(SnippetViewSet):
    model = SessionOutcome
    icon = "doc-full"
    menu_label = _("Session outcomes")
    add_to_admin_menu = False
    list_display = [
        "booking",
        Column("village", label=_("Village"), accessor="booking.village"),
        DateColumn("date", label=_("Date"), accessor="booking.start"),
        yes_no(SessionOutcome, "published"),
    ]
    list_filter = ["published", "booking__village", "booking__section"]
    edit_template_name = "coordination/admin/outcome_edit.html"
    # Searched in the database (outcomes are not in a search index): the session's title,
    # village and section, the decisions and the minutes.
    search_backend_name = None
    search_fields = [
        "booking__title",
        "booking__village__name",
        "booking__section__name",
        "decisions",
        "minutes",
    ]
    ordering = ["-booking__start"]
    edit_handler = ObjectList(
        [
            FieldPanel("booking", read_only=True),
            MultiFieldPanel(
                [
                    InlinePanel(
                        "attendees",
                        label=_("Village attendee"),
                        panels=[FieldPanel("name"), FieldPanel("position"), FieldPanel("gender")],
                    ),
                    FieldPanel("officials", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Attendance"),
            ),
            FieldPanel("minutes"),
            FieldPanel("decisions"),
            InlinePanel(
                "guidance_links",
                heading=_("Guidance and SOPs that answer the problem"),
                label=_("Guidance page"),
                panels=[FieldPanel("page")],
            ),
            InlinePanel(
                "follow_ups",
                heading=_("Follow-up actions"),
                label=_("Follow-up action"),
                panels=[
                    FieldPanel("title"),
                    FieldPanel("owner"),
                    FieldPanel("section"),
                    FieldPanel("due_date"),
                ],
                help_text=_(
                    "Status changes (in progress, done, cancelled) are made on the "
                    "Follow-ups page so that each change keeps who, when and a note."
                ),
            ),
            FieldPanel("published"),
        ]
    )

    def get_queryset(self, request):
        return SessionOutcome.objects.select_related(
            "booking__village", "booking__section", "booking__category"
        )


register_snippet(SessionOutcomeViewSet)


@hooks.register("after_edit_snippet")
def record_outcome(request, instance):
    if isinstance(instance, SessionOutcome):
        services.outcome_recorded(outcome=instance, by=request.user)


admin_urlpatterns = [
    path("sessions/", admin_views.sessions, name="sessions"),
    path("sessions/<int:pk>/mark/", admin_views.session_mark, name="session_mark"),
    path("sessions/<int:pk>/outcome/", admin_views.outcome_open, name="outcome_open"),
    path("follow-ups/", admin_views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/move/", admin_views.follow_up_move, name="follow_up_move"),
    path("report/", admin_views.report, name="report"),
    path("report/print/", admin_views.report_print, name="report_print"),
]


class StaffTodoPanel(Component):
    """Everything waiting for kecamatan staff, with counts and links (one query)."""

    name = "ruko_todo"
    template_name = "coordination/admin/todo_panel.html"
    order = 40

    def get_context_data(self, parent_context):
        return {"todo": staff_todo()}


@hooks.register("construct_homepage_panels")
def add_todo_panel(request, panels):
    if request_is_staff(request):
        panels.append(StaffTodoPanel())


@hooks.register("insert_editor_js")
def editor_js():
    """Names Draftail's editing area after its field's label (for screen readers)."""
    return format_html('<script src="{}" defer></script>', static("js/staff-a11y.js"))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "coordination/",
            include((admin_urlpatterns, "coordination_admin"), namespace="coordination_admin"),
        )
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request_is_staff(request)


class StaffSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return request_is_staff(request)


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        StaffMenuItem(
            _("Sessions to record"),
            reverse("coordination_admin:sessions"),
            icon_name="date",
            order=100,
        ),
        StaffMenuItem(
            _("Session outcomes"),
            reverse("wagtailsnippets_coordination_sessionoutcome:list"),
            icon_name="doc-full",
            order=200,
        ),
        StaffMenuItem(
            _("Follow-ups"),
            reverse("coordination_admin:follow_ups"),
            icon_name="tasks",
            order=300,
        ),
        StaffMenuItem(
            _("M&E report"),
            reverse("coordination_admin:report"),
            icon_name="table",
            order=400,
        ),
    ]
    return StaffSubmenu(
        _("Coordination"),
        Menu(items=items),
        icon_name="group",
        name="coordination",
        order=350,
    )
