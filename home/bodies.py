"""Community bodies of a village (BPD, LPM, PKK, Karang Taruna, Posyandu…): inviting them,
their members' accounts, withdrawing them. One transaction per call; guards first.

    body_invite(*, by, village, kind, name, email, now=None) -> (BodyInvitation, token)
    invitation_for(token, now=None) -> BodyInvitation or None (only an open one)
    invitation_accept(*, token, username, full_name, password, now=None) -> user
    body_withdraw(*, by, body, now=None)

There is no open sign-up: an account of a body is made only from an invitation that the
village's operator (or kecamatan staff) sent by e-mail. The link carries a random secret;
the database keeps only its SHA-256, the link works once and expires after
PORTAL_INVITATION_DAYS (7) days. Withdrawing a body closes its open invitations and
deactivates its members' accounts; its requests and their history stay.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .access import require_body_manager, require_village_or_staff
from .models import BodyInvitation, CommunityBody, UserProfile


class BodyError(ValidationError):
    """A rule of the community bodies was broken; the message says which, in Indonesian."""


def invitation_days():
    return getattr(settings, "PORTAL_INVITATION_DAYS", 7)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def body_invite(*, by, village, kind, name, email, now=None):
    """Invite one person to make an account for the body `name` of `village` (made if new)."""
    require_village_or_staff(by, village.pk)
    now = now or timezone.now()
    name = name.strip()
    with transaction.atomic():
        body = (
            CommunityBody.objects.select_for_update()
            .filter(village=village, name__iexact=name)
            .first()
        )
        if body is None:
            body = CommunityBody.objects.create(village=village, kind=kind, name=name)
        elif not body.active:
            raise BodyError(
                _("“%(name)s” was withdrawn from this village and cannot be invited again.")
                % {"name": body.name},
                code="withdrawn",
            )
        elif body.kind_id != kind.pk:
            raise BodyError(
                _("“%(name)s” is already registered in this village as %(kind)s.")
                % {"name": body.name, "kind": body.kind},
                code="other_kind",
            )
        if not body.email:
            body.email = email
            body.save(update_fields=["email"])
        token = secrets.token_urlsafe(32)
        invitation = BodyInvitation.objects.create(
            body=body,
            email=email,
            token_hash=_hash(token),
            created_by=by,
            expires_at=now + datetime.timedelta(days=invitation_days()),
        )
        transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation, token


def _send_invitation(invitation, token):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "body": invitation.body,
            "village": invitation.body.village,
            "link": base + reverse("body_invitation", args=[token]),
        }
        subject = _("[RUKO PARSEL] Invitation for %(body)s") % {"body": invitation.body}
        text = render_to_string("bodies/email/invitation.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[invitation.email]
    ).send()


def invitation_for(token, now=None):
    """The open invitation with this secret, or None (unknown, used, revoked or expired)."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        return None
    found = (
        BodyInvitation.objects.select_related("body__village", "body__kind")
        .filter(token_hash=_hash(token), body__active=True)
        .first()
    )
    return found if found is not None and found.is_open(now) else None


def invitation_accept(*, token, username, full_name, password, now=None):
    """Make the account of the invitation's body; the invitation cannot be used again."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            BodyInvitation.objects.select_for_update()
            .select_related("body")
            .filter(token_hash=_hash(token or ""))
            .first()
        )
        if invitation is None or not invitation.is_open(now) or not invitation.body.active:
            raise BodyError(
                _(
                    "This invitation link is no longer valid. "
                    "Ask your village office for a new one."
                ),
                code="invalid",
            )
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(
                    username=username,
                    email=invitation.email,
                    password=password,
                    first_name=full_name,
                )
        except IntegrityError as error:
            raise BodyError(
                _("This user name is already taken. Choose another."), code="username"
            ) from error
        UserProfile.objects.create(user=user, body=invitation.body)
        invitation.used_at = now
        invitation.used_by = user
        invitation.save(update_fields=["used_at", "used_by"])
    return user


def body_withdraw(*, by, body, now=None):
    """The body stops acting for the village: open invitations close, members lose access."""
    require_body_manager(by, body)
    now = now or timezone.now()
    with transaction.atomic():
        updated = CommunityBody.objects.filter(pk=body.pk, active=True).update(
            active=False, withdrawn_at=now
        )
        if updated != 1:
            raise BodyError(_("This body has already been withdrawn."), code="withdrawn")
        BodyInvitation.objects.filter(body=body, used_at=None, revoked_at=None).update(
            revoked_at=now
        )
        get_user_model().objects.filter(profile__body=body).update(is_active=False)
    body.active, body.withdrawn_at = False, now
    return body
