"""Every write on coordination outcomes that carries a business rule. One transaction per call.

Public API (keyword-only; `by` is the acting user):
    session_mark_held(*, booking, by, note="", now=None) -> SessionOutcome
    session_mark_no_show(*, booking, by, note="", now=None) -> Booking
    session_outcome_open(*, booking, by) -> SessionOutcome   a held session's record
    outcome_recorded(*, outcome, by)          after staff saved an outcome in the admin
    follow_up_create(*, outcome, by, title, due_date, owner="village", section=None)
    follow_up_move(*, follow_up, by, to, note="", reason="", now=None)
    follow_up_add_progress(*, follow_up, by, note, attachment=None)
    follow_up_report_done(*, follow_up, by, note, attachment=None)   the village: "selesai"
    reminders_send_overdue(*, today=None) -> int

Rule failures raise `OutcomeError` (a ValidationError with `.code`); acting on another
village's follow-up raises PermissionDenied.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import services as booking_services
from bookings.models import Status
from home.access import require_requester_or_staff, require_staff
from home.roles import is_staff_member
from home.wita import today as wita_today

from .models import (
    FOLLOW_UP_MOVES,
    OPEN_STATUSES,
    VILLAGE_MOVES,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    SessionOutcome,
)
from .notifications import deliver, notify

NOTE_MAX = 1000


class OutcomeError(ValidationError):
    def __init__(self, message, *, code, field=None):
        super().__init__(message, code=code)
        self.field = field


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def session_mark_held(*, booking, by, note="", now=None):
    """The session took place: mark the booking held and open its outcome record."""
    require_staff(by)
    with transaction.atomic():
        booking = booking_services.booking_mark_held(booking=booking, by=by, note=note, now=now)
        outcome, _created = SessionOutcome.objects.get_or_create(
            booking=booking, defaults={"recorded_by": _actor(by)}
        )
    return outcome


def session_outcome_open(*, booking, by):
    """The outcome record of a held session, opened now if it has none."""
    require_staff(by)
    if booking.status != Status.HELD:
        raise OutcomeError(
            _("Only a session marked held has an outcome to record."), code="not_held"
        )
    with transaction.atomic():
        outcome, _created = SessionOutcome.objects.get_or_create(
            booking=booking, defaults={"recorded_by": _actor(by)}
        )
    return outcome


def session_mark_no_show(*, booking, by, note="", now=None):
    """Nobody came: the booking is marked no-show; there is no outcome to record."""
    require_staff(by)
    return booking_services.booking_mark_no_show(booking=booking, by=by, note=note, now=now)


def outcome_recorded(*, outcome, by):
    """Called after staff save an outcome (the admin form writes the fields and inlines).

    Gives every new follow-up its "created" history entry and e-mails the village about it,
    and e-mails the minutes the first time they are published.
    """
    require_staff(by)
    with transaction.atomic():
        outcome = SessionOutcome.objects.select_for_update().get(pk=outcome.pk)
        fresh = list(
            outcome.follow_ups.filter(
                ~Exists(FollowUpEvent.objects.filter(follow_up=OuterRef("pk")))
            )
        )
        FollowUpEvent.objects.bulk_create(
            FollowUpEvent(
                follow_up=item,
                by=_actor(by),
                kind=FollowUpEvent.Kind.CREATED,
                to_status=item.status,
            )
            for item in fresh
        )
        for item in fresh:
            if item.owner == FollowUp.Owner.VILLAGE:
                notify(f"assigned:{item.pk}")
        if outcome.published and outcome.published_at is None:
            SessionOutcome.objects.filter(pk=outcome.pk).update(published_at=timezone.now())
            notify(f"minutes:{outcome.pk}")
    return outcome


def follow_up_create(*, outcome, by, title, due_date, owner=FollowUp.Owner.VILLAGE, section=None):
    require_staff(by)
    title = (title or "").strip()
    if not title:
        raise OutcomeError(_("Describe the action."), code="title_required", field="title")
    item = FollowUp(outcome=outcome, title=title, due_date=due_date, owner=owner, section=section)
    item.full_clean(exclude=["outcome", "sort_order"])
    with transaction.atomic():
        item.save()
        FollowUpEvent.objects.create(
            follow_up=item, by=_actor(by), kind=FollowUpEvent.Kind.CREATED, to_status=item.status
        )
        if owner == FollowUp.Owner.VILLAGE:
            notify(f"assigned:{item.pk}")
    return item


def follow_up_move(*, follow_up, by, to, note="", reason="", now=None, attachment=None):
    """Move a follow-up along `FOLLOW_UP_MOVES` (open → in progress → done, or cancelled with a
    reason; a village's report of done is confirmed → done or reopened → in progress).
    Staff make every move but the village's own report (`follow_up_report_done`)."""
    require_staff(by)
    if to in VILLAGE_MOVES:
        raise OutcomeError(
            _("Only the village reports its action done."), code="village_move", field="status"
        )
    return _follow_up_move(
        follow_up=follow_up, by=by, to=to, note=note, reason=reason, now=now, attachment=attachment
    )


def follow_up_report_done(*, follow_up, by, note, attachment=None, now=None):
    """The responsible village reports its action done ("selesai") with a note and, if it has
    one, evidence; staff then confirm it (→ done) or reopen it (→ in progress)."""
    booking = follow_up.outcome.booking
    require_requester_or_staff(by, booking.village_id, booking.body)
    if follow_up.owner != FollowUp.Owner.VILLAGE:
        raise PermissionDenied
    note = _checked_note(note)
    return _follow_up_move(
        follow_up=follow_up,
        by=by,
        to=FollowUpStatus.REPORTED,
        note=note,
        reason="",
        now=now,
        attachment=attachment,
    )


def _checked_note(note):
    note = (note or "").strip()
    if not note:
        raise OutcomeError(_("Write what has been done."), code="note_required", field="note")
    if len(note) > NOTE_MAX:
        raise OutcomeError(
            _("Keep the note under %(max)d characters.") % {"max": NOTE_MAX},
            code="note_too_long",
            field="note",
        )
    return note


def _save_evidence(event, attachment):
    if attachment:
        event.attachment.save(attachment.name.rsplit("/", 1)[-1], attachment, save=False)
    event.save()
    return event


def _follow_up_move(*, follow_up, by, to, note, reason, now, attachment):
    now = now or timezone.now()
    note = (note or "").strip()[:NOTE_MAX]
    reason = (reason or "").strip()
    if to not in FollowUpStatus.values:
        raise OutcomeError(_("Unknown status."), code="unknown_status", field="status")
    if to == FollowUpStatus.CANCELLED and not reason:
        raise OutcomeError(
            _("Give the reason for cancelling."), code="reason_required", field="reason"
        )
    allowed_from = [status for status, moves in FOLLOW_UP_MOVES.items() if to in moves]
    fields = {"status": to}
    if to == FollowUpStatus.DONE:
        fields["done_at"] = now
    if to == FollowUpStatus.CANCELLED:
        fields["cancel_reason"] = reason
    with transaction.atomic():
        current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        updated = FollowUp.objects.filter(pk=current.pk, status__in=allowed_from).update(**fields)
        if updated != 1:
            raise OutcomeError(
                _("This action is already “%(status)s” and cannot move to “%(to)s”.")
                % {"status": current.get_status_display(), "to": FollowUpStatus(to).label},
                code="backward",
                field="status",
            )
        _save_evidence(
            FollowUpEvent(
                follow_up=current,
                at=now,
                by=_actor(by),
                kind=FollowUpEvent.Kind.STATUS,
                from_status=current.status,
                to_status=to,
                note=reason if to == FollowUpStatus.CANCELLED and not note else note,
            ),
            attachment,
        )
        current.refresh_from_db()
    return current


def follow_up_add_progress(*, follow_up, by, note, attachment=None):
    """The responsible village (or staff) reports progress on an open follow-up, with an
    optional document or photo as evidence."""
    booking = follow_up.outcome.booking
    require_requester_or_staff(by, booking.village_id, booking.body)
    if follow_up.owner != FollowUp.Owner.VILLAGE and not is_staff_member(by):
        raise PermissionDenied
    note = _checked_note(note)
    with transaction.atomic():
        current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if current.status not in OPEN_STATUSES:
            raise OutcomeError(_("This action is already closed."), code="closed", field="note")
        return _save_evidence(
            FollowUpEvent(
                follow_up=current, by=_actor(by), kind=FollowUpEvent.Kind.PROGRESS, note=note
            ),
            attachment,
        )


def reminders_send_overdue(*, today=None):
    """E-mail each village about its overdue follow-ups, once per follow-up. Returns the count.

    Safe to run twice or concurrently: `deliver` records each reminder under a unique key.
    """
    today = today or wita_today()
    due = FollowUp.objects.village_overdue(today).filter(owner=FollowUp.Owner.VILLAGE)
    return sum(deliver(f"overdue:{pk}") for pk in due.values_list("pk", flat=True))
