"""The values SOP documents are written with, read the way Indonesian offices write them.

Pure functions, no database: dates that may give only a month ("September 2019"), the NIP of an
approver (18 digits, usually written in groups), and step durations (a number and a unit). Each
reader either returns the value or raises ``ValidationError`` with a message saying what is
wrong; nothing is ever guessed or replaced by today's date.

Partial dates are stored as ISO text: ``"2016-01-04"`` for a full date, ``"2016-01"`` for a month.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
# Abbreviations seen on paper documents, besides the full names and their first three letters.
_MONTH_ALIASES = {"agt": 8, "agu": 8, "peb": 2, "nop": 11, "okt": 10, "des": 12, "mar": 3}
_MONTH_NUMBERS = {
    **{name.casefold(): n for n, name in enumerate(MONTHS, start=1)},
    **{name[:3].casefold(): n for n, name in enumerate(MONTHS, start=1)},
    **_MONTH_ALIASES,
}

DATE_HELP = _(
    "Write it as on the document: 4 Januari 2016, 04-01-2016, 04/01/2016, or only the month "
    "and year (Januari 2016). Leave it empty when the document has none."
)
_DATE_ERROR = _(
    "“%(value)s” is not a date we can read. Write for example 4 Januari 2016, 04-01-2016, "
    "04/01/2016 or Januari 2016."
)
_NO_SUCH_DAY = _("“%(value)s” does not exist in the calendar.")

_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(\d{4})$")


def _iso(value, year, month, day=None):
    try:
        date = datetime.date(int(year), int(month), int(day or 1))
    except ValueError:
        raise ValidationError(_NO_SUCH_DAY, code="invalid_date", params={"value": value}) from None
    return date.isoformat() if day else date.isoformat()[:7]


def parse_partial_date(value):
    """ISO text ("2016-01-04" or "2016-01") for a date written the Indonesian way; "" if empty.

    Accepts "4 Januari 2016", "04 Januari 2016", "4 Jan 2016", "04-01-2016", "04/01/2016",
    "Januari 2016", the ISO forms, and ``datetime.date`` objects (from spreadsheets)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = " ".join(str(value or "").split())
    if not text:
        return ""
    if match := _ISO.match(text):
        return _iso(text, *match.groups())
    if match := _NUMERIC.match(text):
        day, month, year = match.groups()
        return _iso(text, year, month, day)
    if match := _WORDS.match(text):
        day, month_name, year = match.groups()
        month = _MONTH_NUMBERS.get(month_name.casefold())
        if month:
            return _iso(text, year, month, day)
    raise ValidationError(_DATE_ERROR, code="invalid_date", params={"value": text})


def format_partial_date(iso):
    """ "4 Januari 2016" for "2016-01-04", "Januari 2016" for "2016-01", "" for ""."""
    if not iso:
        return ""
    parts = iso.split("-")
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 3:
        return f"{int(parts[2])} {month} {parts[0]}"
    return f"{month} {parts[0]}"


NIP_DIGITS = 18
_NIP_ERROR = _(
    "A NIP has 18 digits, for example 19781217 199803 1 001 (spaces may be left out). "
    "This one has %(count)d."
)


def parse_nip(value):
    """The 18 digits of a NIP written with or without its usual spaces; "" if empty."""
    text = str(value or "").strip()
    if not text:
        return ""
    digits = re.sub(r"[\s.-]", "", text)
    if not digits.isdigit() or len(digits) != NIP_DIGITS:
        count = sum(ch.isdigit() for ch in digits)
        if not digits.isdigit():
            raise ValidationError(
                _("A NIP holds only digits and spaces, for example 19781217 199803 1 001."),
                code="invalid_nip",
            )
        raise ValidationError(_NIP_ERROR, code="invalid_nip", params={"count": count})
    return digits


def format_nip(digits):
    """The standard grouping: birth date, appointment month, sex, serial (8 6 1 3)."""
    if len(digits or "") != NIP_DIGITS:
        return digits or ""
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


class TimeUnit:
    MINUTE = "menit"
    HOUR = "jam"
    DAY = "hari"
    WEEK = "minggu"
    CHOICES = [
        (MINUTE, _("minutes")),
        (HOUR, _("hours")),
        (DAY, _("days")),
        (WEEK, _("weeks")),
    ]
    ORDER = [WEEK, DAY, HOUR, MINUTE]


_DURATION = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([A-Za-z]*)$")
_DURATION_ERROR = _(
    "“%(value)s” is not a duration we can read. Write a number and a unit: 10 menit, 2 jam, "
    "1 hari or 1 minggu (a bare number means minutes)."
)


@dataclass(frozen=True)
class Duration:
    amount: Decimal
    unit: str

    def __str__(self):
        return f"{format_amount(self.amount)} {self.unit}"


def format_amount(amount):
    """1, 1,5 or 0,25 — the Indonesian decimal comma, no trailing zeros."""
    text = f"{Decimal(amount).normalize():f}"
    return text.replace(".", ",")


def parse_duration(value):
    """A ``Duration`` from "10 menit", "2 jam", "1,5 hari", "1 minggu" or a bare number
    (minutes); None when empty."""
    if value is None:
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        value = str(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    match = _DURATION.match(text)
    units = {unit for unit, _label in TimeUnit.CHOICES}
    if match:
        number, unit = match.groups()
        unit = unit.casefold() or TimeUnit.MINUTE
        try:
            amount = Decimal(number.replace(",", "."))
        except InvalidOperation:
            amount = None
        if unit in units and amount is not None and amount > 0:
            return Duration(amount, unit)
    raise ValidationError(_DURATION_ERROR, code="invalid_duration", params={"value": text})


def total_duration(durations):
    """Paper SOPs add their times up per unit: "1 minggu 3 hari 2 jam 30 menit".

    Minutes carry into hours (always 60), but hours are not turned into days nor days into
    weeks, because an office day and week are not fixed numbers of hours."""
    sums = dict.fromkeys(TimeUnit.ORDER, Decimal(0))
    for duration in durations:
        if duration:
            sums[duration.unit] += duration.amount
    whole_hours, minutes = divmod(sums[TimeUnit.MINUTE], 60)
    sums[TimeUnit.HOUR] += whole_hours
    sums[TimeUnit.MINUTE] = minutes
    return " ".join(f"{format_amount(sums[unit])} {unit}" for unit in TimeUnit.ORDER if sums[unit])
