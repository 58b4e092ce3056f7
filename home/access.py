"""Who may do what, checked in one place: guards for services and decorators for views.

Roles come from Wagtail groups (`home.roles`). Services guard their writes themselves, so a
view that forgets a check still cannot change another village's data.

Services (raise PermissionDenied):
    require_staff(user)
    require_village_or_staff(user, village_id)    staff, or an operator of that village
Views:
    request_is_staff(request)        is_staff_member for the request's user, asked once
    staff_required(view), StaffRequiredMixin
                                     kecamatan staff only; others get PermissionDenied (in the
                                     admin, Wagtail's "no permission" redirect)
    operator_required(view)          signed in and linked to a village, which is passed to the
                                     view as `village`; anyone else gets the "not an operator"
                                     page (403)
    form_view(methods=…, rate=…)     the stack of every operator form: signed in, only these
                                     methods, POSTs counted against a rate limit
                                     (`request.limited` is set once it is exceeded)
    TOO_MANY_SUBMISSIONS             what a form says when `request.limited`
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from .roles import is_staff_member, village_of

# POSTs one signed-in user (or address) may make to the operator forms.
FORM_RATE = "30/h"
TOO_MANY_SUBMISSIONS = _("Too many submissions in a short time. Please wait a while and try again.")


# ---------------------------------------------------------------------------- services


def require_staff(user):
    if not is_staff_member(user):
        raise PermissionDenied


def require_village_or_staff(user, village_id):
    if is_staff_member(user):
        return
    village = village_of(user)
    if village is None or village.pk != village_id:
        raise PermissionDenied


# ---------------------------------------------------------------------------- views


def request_is_staff(request):
    """is_staff_member for the request's user, asked once per request (menu, panel, view)."""
    cached = getattr(request, "_portal_is_staff", None)
    if cached is None:
        cached = request._portal_is_staff = is_staff_member(request.user)
    return cached


def staff_required(view):
    """Only kecamatan staff (the staff group, or a superuser) may use the wrapped view.

    Inside the admin, PermissionDenied becomes Wagtail's "no permission" redirect; people
    without admin access never get this far (they are sent to the login page).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request_is_staff(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class StaffRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request_is_staff(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def not_operator(request):
    """The one page for signed-in people who are not a village's operator."""
    return render(
        request,
        "not_operator.html",
        {"is_staff_member": request_is_staff(request)},
        status=403,
    )


def operator_required(view):
    """Signed in and acting for a village: the view receives it as the `village` argument."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        village = village_of(request.user)
        if village is None:
            return not_operator(request)
        return view(request, *args, village=village, **kwargs)

    return wrapped


def form_view(*, methods=("GET", "POST"), rate=FORM_RATE):
    """Signed in, only `methods`, and POSTs rate-limited per user (or address) without
    blocking: the view sees `request.limited` and answers with TOO_MANY_SUBMISSIONS."""

    def decorate(view):
        limited = ratelimit(key="user_or_ip", rate=rate, method="POST", block=False)(view)
        return login_required(require_http_methods(list(methods))(limited))

    return decorate
