"""Who may do what, checked in one place: guards for services and decorators for views.

Roles come from Wagtail groups (`home.roles`). Services guard their writes themselves, so a
view that forgets a check still cannot change another village's data.

Services (raise PermissionDenied):
    require_staff(user)
    require_village_or_staff(user, village_id)    staff, or an operator of that village
    require_requester_or_staff(user, village_id, body)
                                     staff; an operator of that village asking for the office
                                     (body None); or a member of that active body
    require_body_manager(user, body) staff, or an operator of the body's village
Views:
    request_is_staff(request)        is_staff_member for the request's user, asked once
    staff_required(view), StaffRequiredMixin
                                     kecamatan staff only; others get PermissionDenied (in the
                                     admin, Wagtail's "no permission" redirect)
    operator_required(view)          signed in and linked to a village, which is passed to the
                                     view as `village`; anyone else gets the "not an operator"
                                     page (403)
    requester_required(view)         signed in and asking for a village office or a body: the
                                     view receives `requester` (home.roles.Requester); anyone
                                     else gets the "not an operator" page (403)
    no_admin_access(request)         the "no access here" page for the signed-in who may not
                                     use the admin (403)
    form_view(methods=…, rate=…, attempts=…)
                                     the stack of every operator form: signed in, only these
                                     methods, accepted POSTs counted against `rate` and all
                                     POSTs against `attempts` (`request.limited` is set once
                                     either is used up)
    submission_accepted(request)     the view saved a submission: count it against `rate`
    TOO_MANY_SUBMISSIONS             what a form says when `request.limited`
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage, is_ratelimited

from .roles import body_of, is_staff_member, requester_of, village_of


def form_rate(group, request):
    """Accepted submissions one signed-in user (or address) may make to one operator form."""
    return getattr(settings, "PORTAL_FORM_RATE", "30/h")


def attempt_rate(group, request):
    """Submissions of any kind, valid or not (someone correcting a form): far more."""
    return getattr(settings, "PORTAL_FORM_ATTEMPT_RATE", "300/h")


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


def require_requester_or_staff(user, village_id, body=None):
    if is_staff_member(user):
        return
    if body is None:
        require_village_or_staff(user, village_id)
        return
    own = body_of(user)
    if own is None or own.pk != body.pk or body.village_id != village_id:
        raise PermissionDenied


def require_body_manager(user, body):
    """Staff, or the operator of the body's village: who may invite and withdraw it."""
    require_village_or_staff(user, body.village_id)


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


def no_admin_access(request):
    """The page for signed-in people who may not use the admin (village operators): where
    they can go instead, never a loop back to the sign-in page."""
    for _message in messages.get_messages(request):
        pass  # the admin's own "no permission" message says the same; this page replaces it
    return render(
        request,
        "no_admin_access.html",
        {"village": village_of(request.user), "is_staff_member": request_is_staff(request)},
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


def requester_required(view):
    """Signed in and asking for a village office or one of its bodies: the view receives
    `requester`."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        requester = requester_of(request.user)
        if requester is None:
            return not_operator(request)
        return view(request, *args, requester=requester, **kwargs)

    return wrapped


def form_view(*, methods=("GET", "POST"), rate=form_rate, attempts=attempt_rate):
    """Signed in, only `methods`, and POSTs rate-limited per user (or address) without
    blocking. Two counts, per view, kept in Django's cache (so shared by every process that
    shares the cache):
      * accepted submissions, at `rate`: the view calls `submission_accepted(request)` once
        it has saved something; a form being corrected does not use up the limit;
      * every POST, valid or not, at the much higher `attempts`.
    When either is used up, `request.limited` is set: the view still validates the form and
    shows its errors beside TOO_MANY_SUBMISSIONS, and saves nothing."""

    def decorate(view):
        group = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def counted(request, *args, **kwargs):
            if request.method == "POST":
                too_many_attempts = is_ratelimited(
                    request,
                    group=f"{group}:attempts",
                    key="user_or_ip",
                    rate=attempts,
                    method="POST",
                    increment=True,
                )
                accepted = get_usage(
                    request, group=group, key="user_or_ip", rate=rate, method="POST"
                )
                used_up = accepted is not None and accepted["count"] >= accepted["limit"]
                request.limited = too_many_attempts or used_up
                request.accepted_submission_group = (group, rate)
            return view(request, *args, **kwargs)

        return login_required(require_http_methods(list(methods))(counted))

    return decorate


def submission_accepted(request):
    """Count a submission the view has saved against its form_view's `rate`."""
    group, rate = request.accepted_submission_group
    get_usage(request, group=group, key="user_or_ip", rate=rate, method="POST", increment=True)
