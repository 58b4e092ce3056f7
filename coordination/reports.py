"""Monitoring & evaluation figures and the public transparency figures.

Every figure is a database aggregate; the number of queries does not depend on the number of
rows. Definitions (also in docs/coordination.md):

* requests, approved, rejected, cancelled, expired: requests *made* in the period (by
  `created_at`); "approved" counts every request that was approved at some point, even if it
  was later held, missed, moved or cancelled; the others count the request's current status.
* held, no-show, sessions per village, attendance: sessions *taking place* in the period.
* median time to decision: from the request to its first approval or rejection, for requests
  made in the period.
* follow-ups opened: created in the period; done: completed in the period; done on time: of
  those, completed on or before the due date; overdue: due in the period (before today) and not
  done by the due date (still open, or done late). Cancelled actions count in none of these.
"""

import calendar
import dataclasses
import datetime

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncMonth

from bookings.models import PAST_SESSION_STATUSES, Booking, BookingHistory, Status
from home.models import ProblemCategory, Village
from home.wita import today as wita_today
from home.wita import tz

from .models import OPEN_STATUSES, Attendee, FollowUp, FollowUpStatus, SessionOutcome

DECISION_ACTIONS = ("approve", "reject")
SESSION_STATUSES = PAST_SESSION_STATUSES
# Public cells below this count are not shown per village.
SUPPRESS_BELOW = 3


# ---------------------------------------------------------------------------- SQL helpers


class SecondsBetween(Func):
    """Seconds from the second expression to the first, on PostgreSQL and SQLite."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median of the expression."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False


def median_of(queryset, field):
    """The median of `field` over `queryset` in SQL: one aggregate on PostgreSQL, elsewhere
    a count and an ordered slice of at most two rows (never all rows in Python)."""
    queryset = queryset.filter(**{f"{field}__isnull": False})
    if connection.vendor == "postgresql":
        return queryset.aggregate(median=Median(F(field)))["median"]
    ordered = queryset.order_by(field).values_list(field, flat=True)
    count = ordered.count()
    if not count:
        return None
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    return sum(middle) / len(middle)


# ---------------------------------------------------------------------------- periods


@dataclasses.dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    label: str

    @property
    def start(self):
        return datetime.datetime.combine(self.first, datetime.time.min, tzinfo=tz())

    @property
    def end(self):
        """Exclusive end: midnight after the last day (WITA)."""
        return datetime.datetime.combine(
            self.last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz()
        )

    @property
    def days(self):
        return (self.last - self.first).days + 1


def month_period(year, month):
    last_day = calendar.monthrange(year, month)[1]
    first = datetime.date(year, month, 1)
    return Period(first, datetime.date(year, month, last_day), first.strftime("%Y-%m"))


MAX_RANGE_DAYS = 366 * 10


# ---------------------------------------------------------------------------- the report


def _booking_scope(prefix, village, section, category):
    q = Q()
    if village is not None:
        q &= Q(**{f"{prefix}village": village})
    if section is not None:
        q &= Q(**{f"{prefix}section": section})
    if category is not None:
        q &= Q(**{f"{prefix}category": category})
    return q


def _in(prefix, field, period):
    return Q(**{f"{prefix}{field}__gte": period.start, f"{prefix}{field}__lt": period.end})


def decided_at():
    return Subquery(
        BookingHistory.objects.filter(booking=OuterRef("pk"), action__in=DECISION_ACTIONS)
        .order_by("at", "pk")
        .values("at")[:1]
    )


def report_bookings(period, *, village=None, section=None, category=None):
    """Bookings requested or taking place in the period, with their decision time."""
    return (
        Booking.objects.filter(_booking_scope("", village, section, category))
        .filter(_in("", "created_at", period) | _in("", "start", period))
        .annotate(
            decided_at=decided_at(),
            wait_seconds=SecondsBetween(decided_at(), F("created_at")),
        )
    )


def build_report(period, *, village=None, section=None, category=None, today=None):
    today = today or wita_today()
    scope = _booking_scope("", village, section, category)
    requested = _in("", "created_at", period)
    taking_place = _in("", "start", period)
    was_approved = Exists(BookingHistory.objects.filter(booking=OuterRef("pk"), action="approve"))

    counts = (
        Booking.objects.filter(scope)
        .filter(requested | taking_place)
        .aggregate(
            requests=Count("pk", filter=requested),
            approved=Count("pk", filter=requested & Q(was_approved)),
            rejected=Count("pk", filter=requested & Q(status=Status.REJECTED)),
            cancelled=Count("pk", filter=requested & Q(status=Status.CANCELLED)),
            expired=Count("pk", filter=requested & Q(status=Status.EXPIRED)),
            held=Count("pk", filter=taking_place & Q(status=Status.HELD)),
            no_show=Count("pk", filter=taking_place & Q(status=Status.NO_SHOW)),
        )
    )

    waits = (
        Booking.objects.filter(scope)
        .filter(requested)
        .annotate(wait_seconds=SecondsBetween(decided_at(), F("created_at")))
    )
    median_seconds = median_of(waits, "wait_seconds")

    session_q = Q(bookings__start__gte=period.start, bookings__start__lt=period.end)
    session_q &= _booking_scope("bookings__", None, section, category)
    villages = Village.objects.all() if village is None else Village.objects.filter(pk=village.pk)
    per_village = list(
        villages.annotate(
            held=Count(
                "bookings", filter=session_q & Q(bookings__status=Status.HELD), distinct=True
            ),
            no_show=Count(
                "bookings", filter=session_q & Q(bookings__status=Status.NO_SHOW), distinct=True
            ),
            attendees=Count(
                "bookings__outcome__attendees",
                filter=session_q & Q(bookings__status=Status.HELD),
                distinct=True,
            ),
        ).order_by("name")
    )

    category_q = Q(
        bookings__created_at__gte=period.start, bookings__created_at__lt=period.end
    ) & _booking_scope("bookings__", village, section, None)
    categories = (
        ProblemCategory.objects.all()
        if category is None
        else ProblemCategory.objects.filter(pk=category.pk)
    )
    per_category = list(
        categories.annotate(requests=Count("bookings", filter=category_q)).order_by("order", "name")
    )

    follow_scope = _booking_scope("outcome__booking__", village, section, category)
    done_in = _in("", "done_at", period) & Q(status=FollowUpStatus.DONE)
    due_in = Q(due_date__gte=period.first, due_date__lte=period.last, due_date__lt=today)
    not_done_on_time = Q(status__in=OPEN_STATUSES) | Q(
        status=FollowUpStatus.DONE, done_at__date__gt=F("due_date")
    )
    follow = FollowUp.objects.filter(follow_scope).aggregate(
        opened=Count("pk", filter=_in("", "created_at", period)),
        done=Count("pk", filter=done_in),
        done_on_time=Count("pk", filter=done_in & Q(done_at__date__lte=F("due_date"))),
        overdue=Count("pk", filter=due_in & not_done_on_time),
        open_now=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    )
    follow["on_time_share"] = (
        round(100 * follow["done_on_time"] / follow["done"]) if follow["done"] else None
    )

    attendance = Attendee.objects.filter(
        Q(outcome__booking__status=Status.HELD)
        & _in("outcome__booking__", "start", period)
        & _booking_scope("outcome__booking__", village, section, category)
    ).aggregate(
        total=Count("pk"),
        female=Count("pk", filter=Q(gender=Attendee.Gender.FEMALE)),
        male=Count("pk", filter=Q(gender=Attendee.Gender.MALE)),
    )
    attendance["unspecified"] = attendance["total"] - attendance["female"] - attendance["male"]
    attendance["officials"] = SessionOutcome.officials.through.objects.filter(
        **{
            f"sessionoutcome__{key}": value
            for key, value in {
                "booking__status": Status.HELD,
                "booking__start__gte": period.start,
                "booking__start__lt": period.end,
            }.items()
        },
        **{
            f"sessionoutcome__booking__{name}": value
            for name, value in (("village", village), ("section", section), ("category", category))
            if value is not None
        },
    ).count()
    attendance["per_session"] = (
        round(attendance["total"] / counts["held"], 1) if counts["held"] else None
    )

    return {
        "period": period,
        "today": today,
        "counts": counts,
        "median_hours": None if median_seconds is None else round(median_seconds / 3600, 1),
        "per_village": per_village,
        "per_category": per_category,
        "follow_ups": follow,
        "attendance": attendance,
    }


def report_follow_ups(period, *, village=None, section=None, category=None):
    """Follow-ups created, done or due in the period (for the export's rows)."""
    follow_scope = _booking_scope("outcome__booking__", village, section, category)
    in_period = (
        _in("", "created_at", period)
        | _in("", "done_at", period)
        | Q(due_date__gte=period.first, due_date__lte=period.last)
    )
    return (
        FollowUp.objects.filter(follow_scope)
        .filter(in_period)
        .select_related("outcome__booking__village", "section")
        .order_by("due_date", "pk")
    )


# ---------------------------------------------------------------------------- public figures


def last_months(today, count=12):
    months = []
    year, month = today.year, today.month
    for _i in range(count):
        months.append(month_period(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def public_figures(today=None, months=12):
    """Aggregates per month for the public page; nothing personal, nothing descriptive."""
    today = today or wita_today()
    periods = last_months(today, months)
    span = Period(periods[0].first, periods[-1].last, "")
    held = Booking.objects.filter(status=Status.HELD).filter(_in("", "start", span))
    by_month = {
        _as_date(row["month"]): row
        for row in held.annotate(month=TruncMonth("start"))
        .values("month")
        .annotate(sessions=Count("pk"), villages=Count("village", distinct=True))
        .order_by()
    }
    done = {
        _as_date(row["month"]): row["n"]
        for row in FollowUp.objects.filter(status=FollowUpStatus.DONE)
        .filter(_in("", "done_at", span))
        .annotate(month=TruncMonth("done_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    requests = {}
    for row in (
        Booking.objects.filter(_in("", "created_at", span))
        .annotate(month=TruncMonth("created_at"))
        .values("month", "category_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        requests[(_as_date(row["month"]), row["category_id"])] = row["n"]
    categories = list(ProblemCategory.objects.order_by("order", "name"))
    rows = []
    for period in periods:
        month_row = by_month.get(period.first, {})
        rows.append(
            {
                "period": period,
                "sessions": month_row.get("sessions", 0),
                "villages": month_row.get("villages", 0),
                "done": done.get(period.first, 0),
                "requests": sum(requests.get((period.first, c.pk), 0) for c in categories),
            }
        )
    category_rows = [
        {
            "category": category,
            "months": [requests.get((p.first, category.pk), 0) for p in periods],
            "total": sum(requests.get((p.first, category.pk), 0) for p in periods),
        }
        for category in categories
    ]
    matrix = {}
    for row in held.values("village_id", "category_id").annotate(n=Count("pk")).order_by():
        matrix[(row["village_id"], row["category_id"])] = row["n"]
    village_rows = [
        {
            "village": village,
            "cells": [_suppress(matrix.get((village.pk, c.pk), 0)) for c in categories],
        }
        for village in Village.objects.filter(active=True).order_by("name")
    ]
    return {
        "periods": periods,
        "rows": rows,
        "categories": categories,
        "category_rows": category_rows,
        "village_rows": village_rows,
        "threshold": SUPPRESS_BELOW,
        "totals": {
            "sessions": sum(r["sessions"] for r in rows),
            "done": sum(r["done"] for r in rows),
            "requests": sum(r["requests"] for r in rows),
        },
    }


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _suppress(count):
    """Counts of 1 or 2 are hidden per village; 0 and 3+ are shown."""
    if 0 < count < SUPPRESS_BELOW:
        return None
    return count
