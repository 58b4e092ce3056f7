from django.urls import path

from . import views

app_name = "coordination"
urlpatterns = [
    path("tindak-lanjut/", views.follow_ups, name="follow_ups"),
    path("tindak-lanjut/sesi/<int:pk>/", views.session_detail, name="session"),
    path("tindak-lanjut/<int:pk>/catatan/", views.add_progress, name="progress"),
    path("tindak-lanjut/bukti/<int:pk>/", views.evidence, name="evidence"),
    path("transparansi/", views.transparency, name="transparency"),
    path("transparansi/<int:year>/", views.transparency, name="transparency_year"),
]
