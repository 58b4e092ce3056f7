"""The coordination forms: the village's progress note, the staff's follow-up move and the
M&E report's period and filters."""

import datetime
import re
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.forms import AttachmentField
from home.models import ProblemCategory, Section, Village
from home.wita import today as wita_today

from .models import VILLAGE_MOVES, FollowUpStatus
from .reports import MAX_RANGE_DAYS, Period, month_period
from .services import NOTE_MAX

# The years a report may cover.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Progress note"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What has the village done? The kecamatan sees this note."),
    )
    attachment = AttachmentField(label=_("Evidence (optional)"))
    done = forms.BooleanField(
        label=_("The action is done: report it as finished (selesai)"),
        required=False,
        help_text=_("The kecamatan confirms it or reopens it."),
    )


class MoveForm(forms.Form):
    """Staff move a follow-up forward (admin)."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (v, label)
            for v, label in FollowUpStatus.choices
            if v not in (FollowUpStatus.OPEN, *VILLAGE_MOVES)
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX)
    reason = forms.CharField(
        label=_("Reason (required when cancelling)"), required=False, max_length=NOTE_MAX
    )


class ReportForm(forms.Form):
    """The report's period and filters, from the query string. Invalid input → form errors."""

    KIND_CHOICES = [
        ("month", _("Month")),
        ("quarter", _("Quarter")),
        ("year", _("Year")),
        ("range", _("Date range")),
    ]
    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, required=False)
    month = forms.CharField(
        label=_("Month"), required=False, widget=forms.TextInput(attrs={"type": "month"})
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        coerce=int,
        required=False,
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    first = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Village.objects.all(), required=False
    )
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.all(), required=False
    )
    category = forms.ModelChoiceField(
        label=_("Problem category"), queryset=ProblemCategory.objects.all(), required=False
    )

    def __init__(self, data=None, *, today=None, **kwargs):
        self.today = today or wita_today()
        super().__init__(data, **kwargs)

    def _day_in_range(self, name):
        """The report covers 2000–2100, like `year`: a day beyond would overflow the period."""
        day = self.cleaned_data.get(name)
        if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a day between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="out_of_range",
            )
        return day

    def clean_first(self):
        return self._day_in_range("first")

    def clean_last(self):
        return self._day_in_range("last")

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or "month"
        today = self.today
        year = data.get("year") or today.year
        if kind == "month":
            raw = (data.get("month") or "").strip() or today.strftime("%Y-%m")
            match = re.fullmatch(r"(\d{4})-(\d{2})", raw)
            if (
                not match
                or not 1 <= int(match[2]) <= 12
                or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR
            ):
                raise forms.ValidationError(
                    _("Give the month as YYYY-MM, for example 2026-05."), code="month"
                )
            period = month_period(int(match[1]), int(match[2]))
        elif kind == "quarter":
            quarter = data.get("quarter") or (today.month - 1) // 3 + 1
            first = datetime.date(year, 3 * quarter - 2, 1)
            last = month_period(year, 3 * quarter).last
            period = Period(first, last, f"{year}-Q{quarter}")
        elif kind == "year":
            period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))
        else:
            first, last = data.get("first"), data.get("last")
            if not first or not last:
                raise forms.ValidationError(
                    _("Give both the first and the last day of the range."), code="range"
                )
            if last < first:
                raise forms.ValidationError(
                    _("The last day must not be before the first day."), code="range_order"
                )
            if (last - first).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(
                    _("Choose a range of at most ten years."), code="range_long"
                )
            period = Period(first, last, f"{first:%Y-%m-%d} – {last:%Y-%m-%d}")
        data["kind"] = kind
        data["period"] = period
        return data

    def query_string(self):
        pairs = [(name, value) for name, value in (self.data or {}).items() if value]
        return urlencode([(k, v) for k, v in pairs if k in self.fields])
