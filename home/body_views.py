"""The pages of the community bodies: the village's list and invitations (operator or
staff), withdrawing a body, and the invitation link that makes a body's account."""

from django.contrib import messages
from django.contrib.auth import login
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import bodies
from .access import (
    TOO_MANY_SUBMISSIONS,
    form_view,
    not_operator,
    request_is_staff,
    submission_accepted,
)
from .forms import BodyInviteForm, InvitationAcceptForm
from .models import BodyInvitation, CommunityBody, UserProfile, Village
from .roles import village_of


def _parse_pk(value):
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _managed_village(request):
    """The village whose bodies the user manages: the operator's own; for staff, the one
    chosen with ?desa= (None until chosen)."""
    if request_is_staff(request):
        pk = _parse_pk(request.POST.get("desa") or request.GET.get("desa"))
        return Village.objects.filter(pk=pk).first() if pk else None
    return village_of(request.user)


def _manage_url(village, staff):
    url = reverse("body_manage")
    return f"{url}?desa={village.pk}" if staff else url


def _bodies(village):
    now = timezone.now()
    open_invitations = BodyInvitation.objects.filter(
        used_at=None, revoked_at=None, expires_at__gt=now
    ).order_by("-created_at")
    members = UserProfile.objects.select_related("user").order_by("user__username")
    return (
        CommunityBody.objects.filter(village=village)
        .select_related("kind")
        .prefetch_related(
            Prefetch("invitations", queryset=open_invitations, to_attr="open_invitations"),
            Prefetch("members", queryset=members, to_attr="member_profiles"),
        )
        .order_by("-active", "kind__order", "name")
    )


@form_view()
def body_manage(request):
    staff = request_is_staff(request)
    if not staff and village_of(request.user) is None:
        return not_operator(request)
    village = _managed_village(request)
    days = bodies.invitation_days()
    form = BodyInviteForm(request.POST or None, days=days)
    status = 200
    if request.method == "POST":
        if village is None:
            raise Http404
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(None, str(TOO_MANY_SUBMISSIONS))
            status = 429
        elif form.is_valid():
            try:
                invitation, _token = bodies.body_invite(
                    by=request.user, village=village, **form.cleaned_data
                )
            except bodies.BodyError as error:
                form.add_error("name", error)
                status = 400
            else:
                submission_accepted(request)
                messages.success(
                    request,
                    _("The invitation for %(body)s has been sent to %(email)s.")
                    % {"body": invitation.body, "email": invitation.email},
                )
                return redirect(_manage_url(village, staff))
        else:
            status = 400
    return render(
        request,
        "bodies/manage.html",
        {
            "village": village,
            "is_staff_member": staff,
            "villages": Village.objects.active() if staff else (),
            "bodies": list(_bodies(village)) if village else [],
            "form": form,
            "days": days,
        },
        status=status,
    )


@form_view(methods=["POST"])
def body_withdraw(request, pk):
    staff = request_is_staff(request)
    scope = CommunityBody.objects.select_related("village")
    if not staff:
        village = village_of(request.user)
        if village is None:
            raise Http404
        scope = scope.filter(village=village)
    body = get_object_or_404(scope, pk=pk)
    if getattr(request, "limited", False):
        messages.error(request, str(TOO_MANY_SUBMISSIONS))
    else:
        try:
            bodies.body_withdraw(by=request.user, body=body)
        except bodies.BodyError as error:
            messages.error(request, " ".join(error.messages))
        else:
            submission_accepted(request)
            messages.success(
                request,
                _("%(body)s has been withdrawn: its accounts can no longer sign in.")
                % {"body": body},
            )
    return redirect(_manage_url(body.village, staff))


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The link in the invitation: whoever holds it makes the body's account, once."""
    invitation = bodies.invitation_for(token)
    if invitation is None:
        return render(request, "bodies/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        return render(
            request, "bodies/invitation_signed_in.html", {"invitation": invitation}, status=409
        )
    form = InvitationAcceptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = bodies.invitation_accept(
                    token=token,
                    username=data["username"],
                    full_name=data["full_name"],
                    password=data["password1"],
                )
            except bodies.BodyError as error:
                form.add_error("username" if error.code == "username" else None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome. The account of %(body)s is ready: you can now request a session.")
                    % {"body": invitation.body},
                )
                return redirect("bookings:list")
    return render(
        request,
        "bodies/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=status,
    )
