"""The public figures on /transparansi/: what the coordination house did, per closed calendar
month and closed calendar year, with nothing about any person and no small count per village.

Publication rules (also in docs/coordination.md, "Public figures and disclosure control"):

* A public period is a closed calendar month, published from the 8th of the next month
  (`PUBLICATION_DELAY_DAYS` after it ends, WITA), so staff have a week to record sessions.
  A year's page lists the months of that year published so far. Nothing moves daily.
* A published month never changes afterwards, because it only counts what was on record when
  it was published: sessions *held* with the held mark recorded (booking history) before the
  publication day; requests *made* in the month (their time never changes); follow-up actions
  *done* in the month (done is final). A session marked held later shows in the staff report
  only. So the page on two consecutive days differs only by whole newly published months.
* Figures per month and per problem category carry no village and are shown exactly.
* Sessions per village and problem category are published for closed years only (from the day
  December is published), one table per year with village totals, category totals and the
  year's total, protected by `coordination.disclosure`. Village tables are never published for
  overlapping or nested periods, so no two of them can be subtracted from each other.
* Sessions per kind of requester (the village offices, or community bodies by kind: BPD,
  PKK…) are published for closed years only too, as a one-column table with the year's
  total, protected by `coordination.disclosure` like the village table: a kind with 1 or 2
  sessions in the year is hidden with a complement. No name of a body or a village appears,
  and the table shares only its grand total with the village table.

Seven queries whatever the amount of data.
"""

import dataclasses
import datetime
import functools
import operator

from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncMonth

from bookings.models import Booking, BookingHistory, Status
from home.caching import fragment
from home.models import BodyKind, ProblemCategory, Village
from home.wita import local, tz
from home.wita import today as wita_today

from .disclosure import protect
from .models import FollowUp, FollowUpStatus
from .reports import Period, month_period

PUBLICATION_DELAY_DAYS = 7
# Counts from 1 to SUPPRESS_BELOW - 1 about one village are never shown.
SUPPRESS_BELOW = 3


def _next_month_first(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def publication_day(period):
    """The first day on which the month `period` is public."""
    return _next_month_first(period.first) + datetime.timedelta(days=PUBLICATION_DELAY_DAYS)


def last_published_month(today):
    """The newest month that is public on `today`."""
    first_unpublished = (today - datetime.timedelta(days=PUBLICATION_DELAY_DAYS)).replace(day=1)
    last = first_unpublished - datetime.timedelta(days=1)
    return month_period(last.year, last.month)


def next_publication_day(today):
    """The day the next month becomes public."""
    following = _next_month_first(last_published_month(today).first)
    return publication_day(month_period(following.year, following.month))


def published_months(year, today):
    newest = last_published_month(today)
    if year > newest.first.year:
        return []
    count = 12 if year < newest.first.year else newest.first.month
    return [month_period(year, month) for month in range(1, count + 1)]


def _at_midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz())


def _recorded_before_publication(months):
    """Held marks of sessions in `months` recorded before their month's publication day."""
    return functools.reduce(
        operator.or_,
        (
            Q(
                booking__start__gte=month.start,
                booking__start__lt=month.end,
                at__lt=_at_midnight(publication_day(month)),
            )
            for month in months
        ),
    )


def _month(field):
    """The first moment of the WITA month of `field`, whatever time zone is active."""
    return TruncMonth(field, tzinfo=tz())


def _month_key(value):
    return value.date()


@dataclasses.dataclass
class VillageTable:
    """The protected village × category table of one closed year, ready for the template."""

    categories: list
    rows: list  # [(village, [count or None per category], total or None)]
    category_totals: list  # [count or None per category]
    total: int


def _village_table(counts, villages, categories):
    busy_villages = {village for village, _category in counts}
    busy_categories = {category for _village, category in counts}
    villages = [v for v in villages if v.active or v.pk in busy_villages]
    categories = [c for c in categories if c.active or c.pk in busy_categories]
    table = protect(
        counts,
        [v.pk for v in villages],
        [c.pk for c in categories],
        threshold=SUPPRESS_BELOW,
    )
    if table is None:
        return None
    return VillageTable(
        categories=categories,
        rows=[(v, table.row_values(v.pk), table.row_totals[v.pk]) for v in villages],
        category_totals=[table.column_totals[c.pk] for c in categories],
        total=table.total,
    )


# The row key of the village offices' own sessions in the table per kind of requester.
OFFICE = 0


@dataclasses.dataclass
class KindTable:
    """The protected sessions per kind of requester of one closed year."""

    rows: list  # [(kind or None for the village offices, count or None)]
    total: int


def _kind_table(per_kind, kinds):
    kinds = [k for k in kinds if k.active or per_kind.get(k.pk)]
    keys = [OFFICE, *(k.pk for k in kinds)]
    table = protect(
        {(key, "year"): n for key, n in per_kind.items()}, keys, ["year"], threshold=SUPPRESS_BELOW
    )
    if table is None:
        return None
    return KindTable(
        rows=[
            (kind, table.row_totals[key]) for kind, key in zip([None, *kinds], keys, strict=True)
        ],
        total=table.total,
    )


def public_years(today=None):
    """The years with a public page, oldest first: from the first request or session on."""
    today = today or wita_today()
    newest = last_published_month(today).first.year
    firsts = Booking.objects.aggregate(made=Min("created_at"), start=Min("start"))
    years = [local(value).year for value in firsts.values() if value]
    oldest = min([newest, *years])
    return list(range(oldest, newest + 1))


def _reference_data():
    """Categories, villages and kinds of body, kept per content generation (editing any of
    them retires it)."""
    return (
        list(ProblemCategory.objects.order_by("order", "name")),
        list(Village.objects.order_by("name")),
        list(BodyKind.objects.order_by("order", "name")),
    )


def public_figures(year=None, today=None):
    """Everything /transparansi/ shows for `year` (default: the newest published month's
    year), or None when that year has no public page."""
    today = today or wita_today()
    years = public_years(today)
    year = year or years[-1]
    if year not in years:
        return None
    months = published_months(year, today)
    span = Period(months[0].first, months[-1].last, str(year))
    closed = len(months) == 12

    # From the held marks: one per held session, so a session counts when its mark is early.
    sessions = list(
        BookingHistory.objects.filter(
            action=Status.HELD,
            booking__status=Status.HELD,
            booking__start__gte=span.start,
            booking__start__lt=span.end,
        )
        .filter(_recorded_before_publication(months))
        .values(
            month=_month("booking__start"),
            village_id=F("booking__village"),
            category_id=F("booking__category"),
            kind_id=F("booking__body__kind"),
        )
        .annotate(n=Count("booking", distinct=True))
        .order_by()
    )
    requests = {
        (_month_key(row["month"]), row["category_id"]): row["n"]
        for row in Booking.objects.filter(created_at__gte=span.start, created_at__lt=span.end)
        .annotate(month=_month("created_at"))
        .values("month", "category_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    done = {
        _month_key(row["month"]): row["n"]
        for row in FollowUp.objects.filter(
            status=FollowUpStatus.DONE, done_at__gte=span.start, done_at__lt=span.end
        )
        .annotate(month=_month("done_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    categories, villages, kinds = fragment("transparency-reference", _reference_data)

    held_per_month, villages_per_month, per_village, per_kind = {}, {}, {}, {}
    for row in sessions:
        kind = row["kind_id"] or OFFICE
        per_kind[kind] = per_kind.get(kind, 0) + row["n"]
        month = _month_key(row["month"])
        held_per_month[month] = held_per_month.get(month, 0) + row["n"]
        villages_per_month.setdefault(month, set()).add(row["village_id"])
        key = (row["village_id"], row["category_id"])
        per_village[key] = per_village.get(key, 0) + row["n"]

    rows = [
        {
            "period": month,
            "sessions": held_per_month.get(month.first, 0),
            "villages": len(villages_per_month.get(month.first, ())),
            "requests": sum(requests.get((month.first, c.pk), 0) for c in categories),
            "done": done.get(month.first, 0),
        }
        for month in months
    ]
    category_rows = [
        {
            "category": category,
            "months": [requests.get((month.first, category.pk), 0) for month in months],
        }
        for category in categories
    ]
    for row in category_rows:
        row["total"] = sum(row["months"])
    return {
        "year": year,
        "years": years,
        "months": months,
        "rows": rows,
        "totals": {key: sum(row[key] for row in rows) for key in ("sessions", "requests", "done")},
        "categories": categories,
        "category_rows": category_rows,
        "year_closed": closed,
        "village_table": _village_table(per_village, villages, categories) if closed else None,
        "village_table_day": publication_day(month_period(year, 12)),
        "kind_table": _kind_table(per_kind, kinds) if closed else None,
        "next_publication": next_publication_day(today),
        "threshold": SUPPRESS_BELOW,
    }
