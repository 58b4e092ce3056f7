from django.urls import path

from . import views

app_name = "bookings"
urlpatterns = [
    path("jadwal/", views.schedule, name="schedule"),
    path("jadwal/<slug:slug>.ics", views.room_feed, name="room_feed"),
    path("kalender/desa/<slug:token>.ics", views.village_feed, name="village_feed"),
    path("reservasi/kalender/", views.feed_token, name="feed_token"),
    path("reservasi/antrean/", views.waitlist_join, name="waitlist_join"),
    path("reservasi/antrean/<int:pk>/terima/", views.waitlist_accept, name="waitlist_accept"),
    path("reservasi/antrean/<int:pk>/tolak/", views.waitlist_decline, name="waitlist_decline"),
    path("reservasi/antrean/<int:pk>/keluar/", views.waitlist_withdraw, name="waitlist_withdraw"),
    path("reservasi/<int:pk>/kalender.ics", views.booking_calendar, name="booking_calendar"),
    path("reservasi/", views.booking_list, name="list"),
    path("reservasi/baru/", views.booking_new, name="new"),
    path("reservasi/<int:pk>/", views.booking_detail, name="detail"),
    path("reservasi/<int:pk>/terkirim/", views.booking_sent, name="sent"),
    path("reservasi/<int:pk>/jawab/", views.booking_answer, name="answer"),
    path("reservasi/<int:pk>/batal/", views.booking_cancel, name="cancel"),
    path("reservasi/<int:pk>/pindah/", views.booking_reschedule, name="reschedule"),
    path("reservasi/<int:pk>/lampiran/", views.booking_attachment, name="attachment"),
    path(
        "reservasi/<int:pk>/lampiran/<int:entry>/",
        views.history_attachment,
        name="history_attachment",
    ),
]
