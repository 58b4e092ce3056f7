"""The staff side of coordination outcomes inside the Wagtail admin."""

from django import forms
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.access import request_is_staff
from home.admin_ui import yes_no

from . import admin_views, services
from .models import SessionOutcome


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
    path("follow-ups/", admin_views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/move/", admin_views.follow_up_move, name="follow_up_move"),
    path("report/", admin_views.report, name="report"),
    path("report/print/", admin_views.report_print, name="report_print"),
]


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
