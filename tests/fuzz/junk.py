"""Junk to send, and valid values to send it beside.

JUNK                        every kind of junk, for query parameters and whole forms
junk_for(field)             the junk that matters for one form field's type
valid_value(name, field)    a value the field accepts (so that one junk field at a time
                            reaches the code behind the form)
posted_names(name, field)   the names a field is posted under (a date range posts two)
"""

from django import forms
from django.forms.widgets import MultiWidget

BIG = "a" * 100_000

JUNK = {
    "empty": "",
    "big": BIG,
    "unicode": "Desa \u202eRTL\u202c 🙂 ٣٤ ẞ \u200b\ufeff",
    "nul": "a\x00b",
    "markup": '<script>alert(1)</script>"\'><b>{{ x }}{% now "Y" %}',
    "far-date": "9999-12-31",
    "far-date-2": "9999-12-30",
    "first-date": "0001-01-01",
    "bad-date": "2026-02-30",
    "other-date-format": "31/12/2026",
    "far-moment": "9999-12-31T23:30",
    "bad-time": "25:61",
    "negative": "-1",
    "huge-number": "99999999999999999999999",
    "float": "1e309",
    "word": "abc",
    "sql": "' OR 1=1 --",
}

# Per field, the junk that matters for its type (and the first two for fields of one type
# together).
_DATES = ["far-date", "first-date", "bad-date", "far-date-2", "other-date-format"]
_TIMES = ["bad-time", "far-moment", "nul"]
_NUMBERS = ["huge-number", "word", "float"]
_CHOICES = ["word", "huge-number", "nul"]
_TEXT = ["big", "nul", "markup"]
# Query parameters the view reads itself, besides the values it looks for.
RAW = ["empty", "big", "nul", "unicode", "word", "huge-number", "far-date"]


def junk_for(field):
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return _DATES
    if isinstance(field, forms.TimeField):
        return _TIMES
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return _NUMBERS
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return _CHOICES
    if isinstance(field, forms.FileField):
        return []
    return _TEXT


def kind_of(field):
    """Fields of one kind get the same junk together (both dates of a range far ahead)."""
    for kind in (
        forms.DateField,
        forms.TimeField,
        forms.IntegerField,
        forms.ChoiceField,
        forms.ModelChoiceField,
    ):
        if isinstance(field, kind):
            return kind.__name__
    return None


def posted_names(name, field):
    widget = field.widget
    if isinstance(widget, MultiWidget):
        suffixes = getattr(widget, "widgets_names", None) or [
            f"_{i}" for i in range(len(widget.widgets))
        ]
        return [name + suffix for suffix in suffixes]
    return [name]


def valid_value(name, field, day):
    """A value `field` accepts, with `day` (an open working day) for dates."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.first()
        return [str(first.pk)] if first else []
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first()
        return str(first.pk) if first else ""
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _label in field.choices if v not in ("", None)]
        return values[0] if values else ""
    if isinstance(field, forms.DateField):
        return day.isoformat()
    if isinstance(field, forms.TimeField):
        return "10:00" if "end" in name else "09:00"
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else 1
        return str(max(low, 1) if field.max_value is None else min(max(low, 1), field.max_value))
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.EmailField):
        return "uji@example.test"
    if isinstance(field, forms.FileField):
        return None
    if "phone" in name:
        return "081234567890"
    if "month" in name:
        return day.strftime("%Y-%m")
    return "Uji"
