"""Monitoring & evaluation figures for staff: totals for a period and the same counts broken
down by village, section, problem category and kind of requester (the village office or a
community body's kind).

Every figure is a database aggregate; the number of queries does not depend on the number of
rows. Periods are whole days in WITA (Asia/Makassar): a period runs from 00:00 WITA on its first
day to 00:00 WITA after its last. Definitions (the same words are in docs/coordination.md; when
one changes, both change):

* requests, approved, rejected, cancelled, expired: requests *made* in the period (by
  `created_at`); "approved" counts every request that was approved at some point, even if it
  was later held, missed, moved or cancelled; the others count the request's current status.
* held, no-show, village attendees, kecamatan officials: sessions *taking place* in the period
  (by their current start, so a moved session counts where it was moved to) that are now
  held or no-show; attendees and officials of held sessions only.
* median time to decision: from the request to its first approval or rejection, for requests
  made in the period.
* follow-ups opened: created in the period; done: completed in the period; done on time: of
  those, completed on or before the due date (WITA); overdue: due in the period (before today)
  and not done by the due date (still open, or done late). Cancelled actions count in none of
  these.
* shares and averages are rounded half up (coordination.rounding).

Each count is written once, as an aggregate expression (`_booking_figures`,
`_follow_up_figures`, `_attendee_figures`), grouped by every `Dimension` at once; each
breakdown and the totals are sums of those groups, so a breakdown's rows add up to the totals.
A new way to break the figures down (say, the kind of requester) is one more `Dimension`.
"""

import calendar
import dataclasses
import datetime
from collections import Counter, defaultdict

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
from django.utils.translation import gettext_lazy as _

from bookings.models import PAST_SESSION_STATUSES, Booking, BookingHistory, Status
from home import formats
from home.models import BodyKind, ProblemCategory, Section, Village
from home.wita import today as wita_today
from home.wita import tz

from .models import OPEN_STATUSES, Attendee, FollowUp, FollowUpStatus, SessionOutcome
from .rounding import percent, ratio

DECISION_ACTIONS = ("approve", "reject")
SESSION_STATUSES = PAST_SESSION_STATUSES


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

    @property
    def title(self):
        """The period in words, for people: "November 2026", "Triwulan II 2026", "2026",
        "30 April 2026 – 1 Mei 2026". (`label` stays the short key used in file names.)"""
        whole_months = self.first.day == 1 and self.last == month_period_last(
            self.last.year, self.last.month
        )
        months = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        if whole_months and months == 1:
            return formats.month_year(self.first)
        if whole_months and months == 3 and self.first.month in (1, 4, 7, 10):
            quarter = ("I", "II", "III", "IV")[(self.first.month - 1) // 3]
            return _("Quarter %(quarter)s %(year)d") % {
                "quarter": quarter,
                "year": self.first.year,
            }
        if whole_months and months == 12 and self.first.month == 1:
            return str(self.first.year)
        if self.first == self.last:
            return formats.day_month_year(self.first)
        return f"{formats.day_month_year(self.first)} – {formats.day_month_year(self.last)}"


def month_period_last(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_period(year, month):
    last_day = calendar.monthrange(year, month)[1]
    first = datetime.date(year, month, 1)
    return Period(first, datetime.date(year, month, last_day), first.strftime("%Y-%m"))


MAX_RANGE_DAYS = 366 * 10


# ---------------------------------------------------------------------------- dimensions


@dataclasses.dataclass(frozen=True)
class Unlinked:
    """The member of a dimension for bookings whose path is empty (pk None): for the kind of
    requester, the village office itself."""

    label: str
    pk: None = None

    def __str__(self):
        return str(self.label)


@dataclasses.dataclass(frozen=True)
class Dimension:
    """A way to break the figures down: a foreign key of Booking (or a path through one,
    `path`) and the model it points to; `unlinked` stands for bookings where it is empty."""

    key: str
    label: str
    model: type
    path: str = ""
    unlinked: Unlinked | None = None

    @property
    def field(self):
        return self.path or self.key

    def members(self, chosen=None):
        """Everything the breakdown lists, in the model's order (only `chosen` if filtered)."""
        queryset = self.model.objects.all()
        if chosen is not None:
            return queryset.filter(pk=chosen.pk)
        if self.unlinked is not None:
            return [self.unlinked, *queryset]
        return queryset


# Who asked: the village office, or a community body of the village by its kind.
VILLAGE_OFFICE = Unlinked(_("Village office"))

DIMENSIONS = (
    Dimension("village", _("Village"), Village),
    Dimension("section", _("Section"), Section),
    Dimension("category", _("Problem category"), ProblemCategory),
    Dimension("requester_kind", _("Kind of requester"), BodyKind, "body__kind", VILLAGE_OFFICE),
)

# The counts every breakdown row carries, in column order. Labels live with the exports.
BREAKDOWN_FIGURES = (
    "requests",
    "approved",
    "rejected",
    "cancelled",
    "expired",
    "held",
    "no_show",
    "attendees",
    "follow_ups_opened",
    "follow_ups_done",
    "follow_ups_done_on_time",
    "follow_ups_overdue",
)


@dataclasses.dataclass
class Breakdown:
    """The breakdown figures per member of one dimension."""

    dimension: Dimension
    rows: list  # [(member, {figure: count})]

    def column(self, figure):
        return [(member, figures[figure]) for member, figures in self.rows]

    def table(self):
        """[(member, [count per BREAKDOWN_FIGURES])] for tables."""
        return [(member, [figures[f] for f in BREAKDOWN_FIGURES]) for member, figures in self.rows]


# ---------------------------------------------------------------------------- the report


def _scope(prefix, filters):
    """Rows whose booking matches every chosen filter ({dimension key: member or None})."""
    q = Q()
    for key, member in filters.items():
        if member is not None:
            q &= Q(**{f"{prefix}{key}": member})
    return q


def _in(prefix, field, period):
    return Q(**{f"{prefix}{field}__gte": period.start, f"{prefix}{field}__lt": period.end})


def decided_at():
    return Subquery(
        BookingHistory.objects.filter(booking=OuterRef("pk"), action__in=DECISION_ACTIONS)
        .order_by("at", "pk")
        .values("at")[:1]
    )


def _booking_figures(period):
    requested = _in("", "created_at", period)
    taking_place = _in("", "start", period)
    was_approved = Exists(BookingHistory.objects.filter(booking=OuterRef("pk"), action="approve"))
    return {
        "requests": Count("pk", filter=requested),
        "approved": Count("pk", filter=requested & Q(was_approved)),
        "rejected": Count("pk", filter=requested & Q(status=Status.REJECTED)),
        "cancelled": Count("pk", filter=requested & Q(status=Status.CANCELLED)),
        "expired": Count("pk", filter=requested & Q(status=Status.EXPIRED)),
        "held": Count("pk", filter=taking_place & Q(status=Status.HELD)),
        "no_show": Count("pk", filter=taking_place & Q(status=Status.NO_SHOW)),
    }


def _bookings_in_scope(period, filters):
    return (
        Booking.objects.filter(_scope("", filters))
        .filter(_in("", "created_at", period) | _in("", "start", period))
        .order_by()
    )


def _follow_up_figures(period, today):
    counted = ~Q(status=FollowUpStatus.CANCELLED)
    done_in = _in("", "done_at", period) & Q(status=FollowUpStatus.DONE)
    due_in = Q(due_date__gte=period.first, due_date__lte=period.last, due_date__lt=today)
    not_done_on_time = Q(status__in=OPEN_STATUSES) | Q(
        status=FollowUpStatus.DONE, done_at__date__gt=F("due_date")
    )
    return {
        "opened": Count("pk", filter=_in("", "created_at", period) & counted),
        "done": Count("pk", filter=done_in),
        "done_on_time": Count("pk", filter=done_in & Q(done_at__date__lte=F("due_date"))),
        "overdue": Count("pk", filter=due_in & not_done_on_time),
    }


def _follow_ups_in_scope(period, filters):
    """Follow-ups that any follow-up figure of the period can count (the figures filter
    further); cancelled ones stay in the rows behind the figures but in no figure."""
    touched = (
        _in("", "created_at", period)
        | _in("", "done_at", period)
        | Q(due_date__gte=period.first, due_date__lte=period.last)
    )
    return FollowUp.objects.filter(_scope("outcome__booking__", filters)).filter(touched)


def _attendee_figures():
    return {
        "attendees": Count("pk"),
        "women": Count("pk", filter=Q(gender=Attendee.Gender.FEMALE)),
        "men": Count("pk", filter=Q(gender=Attendee.Gender.MALE)),
    }


def _attendees_in_scope(period, filters):
    return Attendee.objects.filter(
        Q(outcome__booking__status=Status.HELD)
        & _in("outcome__booking__", "start", period)
        & _scope("outcome__booking__", filters)
    ).order_by()


def _officials(period, filters):
    """Kecamatan officials present at held sessions in the period (one per official and
    session)."""
    return SessionOutcome.officials.through.objects.filter(
        Q(sessionoutcome__booking__status=Status.HELD)
        & _in("sessionoutcome__booking__", "start", period)
        & _scope("sessionoutcome__booking__", filters)
    ).count()


def _grouped_counts(period, filters, today):
    """Every count figure, grouped by all dimensions together: three queries whose rows each
    hold one member of every dimension ({"by_village": id, …, figure: count})."""
    # Named by_<key>: a follow-up has a section of its own, the breakdown uses its booking's.
    direct = {f"by_{d.key}": F(d.field) for d in DIMENSIONS}
    via_booking = {f"by_{d.key}": F(f"outcome__booking__{d.field}") for d in DIMENSIONS}
    follow_up_figures = {
        f"follow_ups_{name}": expression
        for name, expression in _follow_up_figures(period, today).items()
    }
    grouped = (
        _bookings_in_scope(period, filters).values(**direct).annotate(**_booking_figures(period)),
        _attendees_in_scope(period, filters).values(**via_booking).annotate(**_attendee_figures()),
        _follow_ups_in_scope(period, filters).values(**via_booking).annotate(**follow_up_figures),
    )
    return [row for queryset in grouped for row in queryset.order_by()]


def _breakdowns(rows, filters):
    """Each dimension's breakdown: the grouped rows summed per member (exact, as every row
    has one member of each dimension), listed for every member (one query per dimension)."""
    sums = {dimension.key: defaultdict(Counter) for dimension in DIMENSIONS}
    for row in rows:
        figures = {figure: row[figure] for figure in BREAKDOWN_FIGURES if figure in row}
        for key, per_member in sums.items():
            per_member[row[f"by_{key}"]].update(figures)
    return {
        dimension.key: Breakdown(
            dimension,
            [
                (member, {f: sums[dimension.key][member.pk][f] for f in BREAKDOWN_FIGURES})
                for member in dimension.members(filters.get(dimension.key))
            ],
        )
        for dimension in DIMENSIONS
    }


def build_report(period, *, village=None, section=None, category=None, today=None):
    """All figures of the period within the filters. The totals are the sums of the same
    grouped counts as the breakdowns, so both always agree."""
    today = today or wita_today()
    filters = {"village": village, "section": section, "category": category}
    rows = _grouped_counts(period, filters, today)
    totals = Counter()
    for row in rows:
        totals.update({key: value for key, value in row.items() if not key.startswith("by_")})

    counts = {name: totals[name] for name in _booking_figures(period)}

    waits = (
        Booking.objects.filter(_scope("", filters))
        .filter(_in("", "created_at", period))
        .annotate(wait_seconds=SecondsBetween(decided_at(), F("created_at")))
    )
    median_seconds = median_of(waits, "wait_seconds")

    follow = {name: totals[f"follow_ups_{name}"] for name in _follow_up_figures(period, today)}
    follow["on_time_share"] = percent(follow["done_on_time"], follow["done"])

    attendance = {
        "total": totals["attendees"],
        "female": totals["women"],
        "male": totals["men"],
        "unspecified": totals["attendees"] - totals["women"] - totals["men"],
        "officials": _officials(period, filters),
        "per_session": ratio(totals["attendees"], counts["held"], 1),
    }

    return {
        "period": period,
        "today": today,
        "counts": counts,
        "median_hours": ratio(median_seconds, 3600, 1) if median_seconds is not None else None,
        "follow_ups": follow,
        "attendance": attendance,
        "breakdowns": _breakdowns(rows, filters),
    }


def report_bookings(period, *, village=None, section=None, category=None):
    """Bookings requested or taking place in the period, with their decision time."""
    return _bookings_in_scope(
        period, {"village": village, "section": section, "category": category}
    ).annotate(
        decided_at=decided_at(),
        wait_seconds=SecondsBetween(decided_at(), F("created_at")),
    )


def report_follow_ups(period, *, village=None, section=None, category=None):
    """Follow-ups created, done or due in the period (for the export's rows)."""
    filters = {"village": village, "section": section, "category": category}
    return (
        _follow_ups_in_scope(period, filters)
        .select_related("outcome__booking__village", "section")
        .order_by("due_date", "pk")
    )
