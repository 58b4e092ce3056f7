from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .access import no_admin_access
from .forms import PortalAuthenticationForm
from .outage import retry_after
from .roles import body_of, is_staff_member, village_of


class PortalLoginView(auth_views.LoginView):
    """One sign-in page for operators and staff; `?next=/admin/` sends staff on to Wagtail.

    Someone already signed in who is sent here by the admin (which they may not use) gets
    the "no access here" page: sending them back to the admin would go round in circles.
    """

    template_name = "accounts/login.html"
    authentication_form = PortalAuthenticationForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and self.get_redirect_url().startswith(reverse("wagtailadmin_home"))
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            return no_admin_access(request)
        return super().dispatch(request, *args, **kwargs)


@require_GET
def switch_language(request, code):
    """Remember the visitor's language in a cookie and go back to where they were."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "village": village_of(request.user),
            "body": body_of(request.user),
            "is_staff_member": is_staff_member(request.user),
        },
    )


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        response["Retry-After"] = retry_after()
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /masuk/",
        "Disallow: /akun/",
        "Disallow: /reservasi/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
