"""Rounding of report figures: half up, on the exact decimal value.

Official reports round half up (5 of 8 on time is 63 %, 15 attendees in 12 sessions is 1.3 per
session). Python's round() does not: it rounds half to even (round(62.5) == 62) and works on the
binary float (round(0.15, 1) == 0.1). Every rounded figure — on the M&E page, in XLSX and CSV,
in print and in charts — is made by `round_half_up` or `ratio` here, so all of them agree.
"""

import math
from decimal import Decimal
from fractions import Fraction


def exact(value):
    """The value as an exact fraction. A float is taken as the decimal it prints as (0.15 is
    fifteen hundredths, not the binary number just below it)."""
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def round_half_up(value, places=0):
    """`value` rounded to `places` decimals, halves away from zero; an int when places is 0,
    otherwise the float that prints as the rounded decimal. None stays None."""
    if value is None:
        return None
    scaled = exact(value) * 10**places
    magnitude = math.floor(abs(scaled) + Fraction(1, 2))
    rounded = -magnitude if scaled < 0 else magnitude
    if places == 0:
        return rounded
    return float(Decimal(rounded).scaleb(-places))


def ratio(numerator, denominator, places=0):
    """numerator / denominator rounded half up, or None when the denominator is zero."""
    if not denominator:
        return None
    return round_half_up(exact(numerator) / exact(denominator), places)


def percent(part, whole):
    """The share of `part` in `whole` in whole per cent, or None when `whole` is zero."""
    return ratio(100 * exact(part), whole)
