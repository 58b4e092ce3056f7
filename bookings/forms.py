import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from home.models import ProblemCategory, Section, phone_validator
from home.wita import combine

from .models import Room
from .rules import check_day

ATTACHMENT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def attachment_max_bytes():
    return getattr(settings, "BOOKINGS_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class SlotTimesMixin:
    """date + start time + end time → aware `start`/`end` in WITA."""

    def _add_time_fields(self, room_step=30):
        self.fields["date"] = forms.DateField(label=_("Date"), widget=DateInput())
        step = {"step": room_step * 60}
        self.fields["start_time"] = forms.TimeField(
            label=_("Start (WITA)"), widget=TimeInput(attrs=step)
        )
        self.fields["end_time"] = forms.TimeField(
            label=_("End (WITA)"), widget=TimeInput(attrs=step)
        )

    def clean_date(self):
        """A day beyond the horizon is refused here, before any rule loads data for it."""
        day = self.cleaned_data["date"]
        check_day(day)
        return day

    def clean_times(self, cleaned):
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The end must be after the start."))
            else:
                cleaned["start"] = combine(day, start)
                cleaned["end"] = combine(day, end)
        return cleaned


class BookingRequestForm(SlotTimesMixin, forms.Form):
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.filter(active=True), empty_label=None
    )
    section = forms.ModelChoiceField(
        label=_("Kecamatan section to meet"),
        queryset=Section.objects.active(),
        empty_label=_("— choose a section —"),
    )
    category = forms.ModelChoiceField(
        label=_("Problem category"),
        queryset=ProblemCategory.objects.active(),
        empty_label=_("— choose a category —"),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("A short name for the problem, e.g. “Village financial report 2025”."),
    )
    description = forms.CharField(
        label=_("Description of the problem"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is the problem, what have you tried, what do you need from us?"),
    )
    attendees = forms.IntegerField(label=_("Number of attendees"), min_value=1, max_value=500)
    contact_name = forms.CharField(label=_("Contact person"), max_length=100)
    contact_phone = forms.CharField(
        label=_("Contact's WhatsApp number"),
        max_length=30,
        validators=[phone_validator],
        help_text=_("For example 0812 3456 7890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A PDF or a photo (JPG, PNG), at most %(size)s.") % {"size": "5 MB"},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    field_order = [
        "room",
        "date",
        "start_time",
        "end_time",
        "section",
        "category",
        "title",
        "description",
        "attendees",
        "contact_name",
        "contact_phone",
        "attachment",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_time_fields()
        self.order_fields(self.field_order)
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        name = upload.name.lower()
        extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        if extension not in ATTACHMENT_TYPES:
            raise forms.ValidationError(_("Attach a PDF, JPG or PNG file."))
        if upload.size > attachment_max_bytes():
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s.")
                % {"size": filesizeformat(attachment_max_bytes())}
            )
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(ATTACHMENT_TYPES[extension]):
            raise forms.ValidationError(_("The file's content does not match its type."))
        return upload

    def clean(self):
        cleaned = super().clean()
        room = cleaned.get("room")
        attendees = cleaned.get("attendees")
        if room and attendees and attendees > room.capacity:
            self.add_error(
                "attendees",
                _("Too many attendees: the room holds at most %(capacity)d people.")
                % {"capacity": room.capacity},
            )
        return self.clean_times(cleaned)

    def request_fields(self):
        """The valid form as keyword arguments of services.booking_request (no village, no by)."""
        names = (
            "room",
            "section",
            "category",
            "title",
            "description",
            "attendees",
            "contact_name",
            "contact_phone",
            "start",
            "end",
        )
        return {name: self.cleaned_data[name] for name in names} | {
            "attachment": self.cleaned_data.get("attachment")
        }


class RescheduleForm(SlotTimesMixin, forms.Form):
    def __init__(self, *args, room=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_time_fields(room.slot_minutes if room else 30)

    def clean(self):
        return self.clean_times(super().clean())


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JumpForm(forms.Form):
    tanggal = forms.DateField(label=_("Go to date"), required=False, widget=DateInput())

    def chosen_day(self, today, *, within_days):
        """The day asked for (`?tanggal=`) when valid and at most `within_days` from today,
        else today."""
        if self.is_valid() and self.cleaned_data["tanggal"]:
            chosen = self.cleaned_data["tanggal"]
            if abs((chosen - today).days) <= within_days:
                return chosen
        return today


def parse_id(value):
    """A row id from a query parameter ('?ruang=3'), or None for anything else."""
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def parse_local(value):
    """'2026-05-04T08:00' from a slot link → (date, time), or (None, None)."""
    try:
        moment = datetime.datetime.strptime(value or "", "%Y-%m-%dT%H:%M")
    except ValueError:
        return None, None
    return moment.date(), moment.time()
