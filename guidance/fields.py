"""Model and form fields for SOP values typed the Indonesian way (see ``sop_values``).

The form fields show the stored value back the way Indonesians write it and read any of the
accepted ways; an empty field stays empty (never today's date)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .sop_values import DATE_HELP, format_nip, format_partial_date, parse_nip, parse_partial_date


class PartialDateFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        try:
            return format_partial_date(value)
        except (ValueError, IndexError):
            return value  # what the editor typed, shown back with its error

    def to_python(self, value):
        return parse_partial_date(super().to_python(value))


class PartialDateField(models.CharField):
    """A date that may be known only to the month, stored as "2016-01-04" or "2016-01"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})


class NipFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs["max_length"] = 30  # room for the usual spaces; the digits are checked in to_python
        kwargs.setdefault(
            "help_text", _("18 digits, with or without spaces: 19781217 199803 1 001.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_nip(value) if value else value

    def to_python(self, value):
        return parse_nip(super().to_python(value))


class NipField(models.CharField):
    """An approver's NIP: stored as its 18 digits, printed in the standard grouping."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NipFormField, **kwargs})
