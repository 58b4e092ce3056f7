"""Filters of the booking queue (Wagtail's filter drawer)."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from home.models import Section, Village
from home.wita import combine

from ..models import UNDECIDED_STATUSES, Booking, Status

UNDECIDED = "undecided"
STATUS_CHOICES = [(UNDECIDED, _("Waiting for a decision")), *Status.choices]


class BookingFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    village = django_filters.ModelChoiceFilter(
        label=_("Village"), queryset=Village.objects.order_by("name")
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), queryset=Section.objects.order_by("order", "name")
    )
    date = django_filters.DateFromToRangeFilter(
        label=_("Date of the session"), method="filter_date", widget=DateRangePickerWidget
    )

    class Meta:
        model = Booking
        fields = []

    def filter_status(self, queryset, name, value):
        if value == UNDECIDED:
            return queryset.filter(status__in=UNDECIDED_STATUSES)
        return queryset.filter(status=value)

    def filter_date(self, queryset, name, value):
        # Whole days in WITA, both ends included.
        if value.start:
            queryset = queryset.filter(start__gte=combine(value.start, datetime.time.min))
        if value.stop:
            following = value.stop + datetime.timedelta(days=1)
            queryset = queryset.filter(start__lt=combine(following, datetime.time.min))
        return queryset
