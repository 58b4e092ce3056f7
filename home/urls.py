from django.contrib.auth import views as auth_views
from django.urls import path

from . import body_views, offline, views
from .forms import PortalPasswordResetForm, PortalSetPasswordForm

urlpatterns = [
    path("sw.js", offline.service_worker, name="service_worker"),
    path("luring/", offline.offline, name="offline"),
    path("luring/tidak-terkirim/", offline.offline_not_sent, name="offline_not_sent"),
    path("masuk/", views.PortalLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/", views.account, name="account"),
    path("desa/lembaga/", body_views.body_manage, name="body_manage"),
    path("desa/lembaga/<int:pk>/cabut/", body_views.body_withdraw, name="body_withdraw"),
    path("lembaga/undangan/<str:token>/", body_views.invitation_accept, name="body_invitation"),
    path("bahasa/<str:code>/", views.switch_language, name="switch_language"),
    path(
        "masuk/lupa-sandi/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            form_class=PortalPasswordResetForm,
        ),
        name="password_reset",
    ),
    path(
        "masuk/lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "masuk/sandi-baru/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=PortalSetPasswordForm,
        ),
        name="password_reset_confirm",
    ),
    path(
        "masuk/sandi-baru/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
