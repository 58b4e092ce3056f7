from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_ui import yes_no
from .models import BodyKind, CommunityBody, ProblemCategory, Section, UserProfile, Village


class VillageViewSet(SnippetViewSet):
    model = Village
    icon = "home"
    menu_label = _("Villages")
    list_display = ["name", "code", "kind", yes_no(Village, "active")]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code"]
    ordering = ["name"]


class SectionViewSet(SnippetViewSet):
    model = Section
    icon = "group"
    menu_label = _("Sections")
    list_display = ["name", "email", "order", yes_no(Section, "active")]
    list_filter = ["active"]
    ordering = ["order", "name"]


class ProblemCategoryViewSet(SnippetViewSet):
    model = ProblemCategory
    icon = "tag"
    menu_label = _("Problem categories")
    list_display = ["name", "order", yes_no(ProblemCategory, "active")]
    list_filter = ["active"]
    ordering = ["order", "name"]


class BodyKindViewSet(SnippetViewSet):
    model = BodyKind
    icon = "tag"
    menu_label = _("Kinds of community body")
    list_display = ["name", "order", yes_no(BodyKind, "active")]
    list_filter = ["active"]
    ordering = ["order", "name"]


class CommunityBodyViewSet(SnippetViewSet):
    model = CommunityBody
    icon = "group"
    menu_label = _("Community bodies")
    list_display = ["name", "kind", "village", yes_no(CommunityBody, "active")]
    list_filter = ["kind", "village", "active"]
    search_fields = ["name"]


class UserProfileViewSet(SnippetViewSet):
    model = UserProfile
    icon = "user"
    menu_label = _("User profiles")
    list_display = ["user", "village", "body", "section", "position"]
    list_filter = ["village", "section"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (
        VillageViewSet,
        SectionViewSet,
        ProblemCategoryViewSet,
        BodyKindViewSet,
        CommunityBodyViewSet,
        UserProfileViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Reference data")
    menu_name = "reference-data"


register_snippet(ReferenceDataGroup)


@hooks.register("insert_global_admin_css")
def staff_styles():
    """The styles of the staff screens (bookings, coordination) as a static file."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/staff.css"))
