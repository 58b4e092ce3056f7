"""What waits for someone, counted in one query: for a village's operator (questions to answer,
waitlist offers to accept, follow-ups due) and for kecamatan staff (requests to decide, answers
to read, sessions to mark, outcomes to record, follow-ups reported done or overdue).

Shown without JavaScript: the operator's in the site header and on `/reservasi/`
(`context_processors.todo`), the staff's on the admin dashboard (`StaffTodoPanel`).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bookings.models import UNDECIDED_STATUSES, Booking, Status, WaitlistEntry, WaitlistStatus
from home.models import Village
from home.wita import today as wita_today

from .models import VILLAGE_TODO_STATUSES, FollowUp, FollowUpStatus, SessionOutcome

# A village's follow-up counts as due this many days before its due date.
DUE_SOON_DAYS = 7


def _count(queryset):
    """A scalar subquery counting `queryset`'s rows (0 when none)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@dataclass
class OperatorTodo:
    village_id: int
    questions: int
    offers: int
    follow_ups: int

    @property
    def total(self):
        return self.questions + self.offers + self.follow_ups


def operator_todo(user, now=None):
    """What needs the operator's village now, or None for anyone who is not an operator."""
    if user is None or not user.is_authenticated:
        return None
    now = now or timezone.now()
    due_by = wita_today(now) + datetime.timedelta(days=DUE_SOON_DAYS)
    row = (
        Village.objects.filter(operators__user=user)
        .annotate(
            questions=_count(
                Booking.objects.filter(
                    village=OuterRef("pk"), status=Status.INFO_REQUESTED, start__gt=now
                )
            ),
            offers=_count(
                WaitlistEntry.objects.filter(
                    village=OuterRef("pk"),
                    status=WaitlistStatus.OFFERED,
                    offer_expires_at__gt=now,
                    start__gt=now,
                )
            ),
            follow_ups=_count(
                FollowUp.objects.filter(
                    outcome__booking__village=OuterRef("pk"),
                    owner=FollowUp.Owner.VILLAGE,
                    status__in=VILLAGE_TODO_STATUSES,
                    due_date__lte=due_by,
                )
            ),
        )
        .values("pk", "questions", "offers", "follow_ups")
        .first()
    )
    if row is None:
        return None
    return OperatorTodo(
        village_id=row["pk"],
        questions=row["questions"],
        offers=row["offers"],
        follow_ups=row["follow_ups"],
    )


@dataclass
class StaffTodo:
    undecided: int  # requests waiting for a decision
    answered: int  # of those, the village answered a question
    to_mark: int  # approved sessions that have started: held or no-show?
    no_outcome: int  # held sessions without an outcome record
    reported: int  # follow-ups a village reported done: confirm or reopen
    overdue: int  # follow-ups past their due date, still open

    @property
    def total(self):
        return self.undecided + self.to_mark + self.no_outcome + self.reported + self.overdue


def staff_todo(now=None):
    """The counts of everything waiting for kecamatan staff, in one query."""
    now = now or timezone.now()
    today = wita_today(now)
    # One SELECT of scalar subqueries, on any one booking row (with no booking at all there is
    # no follow-up either, so every count is 0).
    counts = (
        Booking.objects.order_by()
        .annotate(
            undecided=_count(Booking.objects.filter(status__in=UNDECIDED_STATUSES)),
            answered=_count(Booking.objects.filter(status=Status.PENDING).exclude(info_answer="")),
            to_mark=_count(Booking.objects.filter(status=Status.APPROVED, start__lte=now)),
            no_outcome=_count(
                Booking.objects.filter(status=Status.HELD).exclude(
                    Exists(SessionOutcome.objects.filter(booking=OuterRef("pk")))
                )
            ),
            reported=_count(FollowUp.objects.filter(status=FollowUpStatus.REPORTED)),
            overdue=_count(FollowUp.objects.overdue(today)),
        )
        .values("undecided", "answered", "to_mark", "no_outcome", "reported", "overdue")[:1]
    )
    found = list(counts)
    if not found:
        return StaffTodo(0, 0, 0, 0, 0, 0)
    return StaffTodo(**found[0])
