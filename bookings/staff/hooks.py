"""Wagtail hooks of the staff side, loaded from bookings/wagtail_hooks.py."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home.access import request_is_staff

from . import views
from .panels import BookingsPanel

app_name = "bookings_staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("hasil/", views.queue_results, name="queue_results"),
    path("baru/", views.new, name="new"),
    path("kalender/", views.calendar, name="calendar"),
    path("<int:pk>/", views.booking_detail, name="detail"),
    path(
        "<int:pk>/<slug:action>/",
        views.booking_action,
        name="action",
    ),
]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("reservasi/", include((urlpatterns, app_name), namespace=app_name))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request_is_staff(request)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return StaffMenuItem(
        _("Bookings"),
        reverse("bookings_staff:queue"),
        name="reservasi",
        icon_name="date",
        order=150,
    )


@hooks.register("construct_homepage_panels")
def add_panel(request, panels):
    if request_is_staff(request):
        panels.append(BookingsPanel())
