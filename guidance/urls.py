from django.urls import path

from . import views

app_name = "guidance"
urlpatterns = [
    path("cari/", views.search, name="search"),
    path("panduan/dokumen/", views.documents, name="documents"),
    path("panduan/umpan-balik/<int:page_id>/", views.feedback, name="feedback"),
]
