"""What waits for someone, counted in one query: for a village's operator (questions to answer,
waitlist offers to accept, follow-ups due) and for kecamatan staff (requests to decide, answers
to read, sessions to mark, outcomes to record, follow-ups reported done or overdue).

Shown without JavaScript: the operator's in the site header and on `/reservasi/`
(`context_processors.todo`), the staff's on the admin dashboard (`StaffTodoPanel`).
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bookings.models import UNDECIDED_STATUSES, Booking, Status, WaitlistEntry, WaitlistStatus
from home.roles import village_of
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


def _operator_todo_sql(connection):
    """The operator's three counts as one statement of scalar subqueries, written out once:
    it runs on every page an operator opens (the site header), where building it with the
    ORM cost more than running it."""
    q = connection.ops.quote_name
    booking, waitlist = q(Booking._meta.db_table), q(WaitlistEntry._meta.db_table)
    follow_up, outcome = q(FollowUp._meta.db_table), q(SessionOutcome._meta.db_table)
    todo_statuses = ", ".join(["%s"] * len(VILLAGE_TODO_STATUSES))
    # Identifiers come from the models' metadata; every value is a parameter.
    return (
        f"SELECT (SELECT COUNT(*) FROM {booking} b WHERE b.{q('village_id')} = %s"  # noqa: S608
        f" AND b.{q('status')} = %s AND b.{q('start')} > %s),"
        f" (SELECT COUNT(*) FROM {waitlist} w WHERE w.{q('village_id')} = %s"
        f" AND w.{q('status')} = %s AND w.{q('offer_expires_at')} > %s AND w.{q('start')} > %s),"
        f" (SELECT COUNT(*) FROM {follow_up} f"
        f" INNER JOIN {outcome} o ON f.{q('outcome_id')} = o.{q('id')}"
        f" INNER JOIN {booking} fb ON o.{q('booking_id')} = fb.{q('id')}"
        f" WHERE fb.{q('village_id')} = %s AND f.{q('owner')} = %s"
        f" AND f.{q('status')} IN ({todo_statuses}) AND f.{q('due_date')} <= %s)"
    )


def operator_todo(user, now=None):
    """What needs the operator's village now, or None for anyone who is not an operator."""
    if user is None or not user.is_authenticated:
        return None
    village = village_of(user)
    if village is None:
        return None
    now = now or timezone.now()
    due_by = wita_today(now) + datetime.timedelta(days=DUE_SOON_DAYS)
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    params = [village.pk, str(Status.INFO_REQUESTED), at]
    params += [village.pk, str(WaitlistStatus.OFFERED), at, at]
    params += [village.pk, str(FollowUp.Owner.VILLAGE), *map(str, VILLAGE_TODO_STATUSES)]
    params.append(ops.adapt_datefield_value(due_by))
    with connection.cursor() as cursor:
        cursor.execute(_operator_todo_sql(connection), params)
        questions, offers, follow_ups = cursor.fetchone()
    return OperatorTodo(
        village_id=village.pk, questions=questions, offers=offers, follow_ups=follow_ups
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
