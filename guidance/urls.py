from django.urls import path

from . import views

app_name = "guidance"
urlpatterns = [
    path("cari/", views.search, name="search"),
    path("cari/buka/<slug:kind>/<int:pk>/", views.search_open, name="search_open"),
    path("panduan/dokumen/", views.documents, name="documents"),
    path("panduan/umpan-balik/<int:page_id>/", views.feedback, name="feedback"),
]
