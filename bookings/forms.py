import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.forms import ListedModelChoiceField, PortalForm
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


def validate_attachment(upload):
    """The one rule for every file the portal accepts from a village: a PDF, JPG or PNG whose
    content matches its name, at most BOOKINGS_ATTACHMENT_MAX_BYTES."""
    name = upload.name.lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise forms.ValidationError(_("Attach a PDF, JPG or PNG file."), code="type")
    if upload.size > attachment_max_bytes():
        raise forms.ValidationError(
            _("The file is too large: at most %(size)s.")
            % {"size": filesizeformat(attachment_max_bytes())},
            code="size",
        )
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(ATTACHMENT_TYPES[extension]):
        raise forms.ValidationError(
            _("The file's content does not match its type."), code="content"
        )
    return upload


class AttachmentField(forms.FileField):
    """An optional PDF/JPG/PNG file, checked by `validate_attachment`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("A PDF or a photo (JPG, PNG), at most %(size)s.") % {"size": "5 MB"}
        )
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "read"):
            validate_attachment(upload)
        return upload


class KeepsAttachment:
    """A form whose attachment survives a failed submit.

    A valid file sent with a form that fails for another reason is stored as the user's
    `PendingUpload` (`keep_attachment`, called by the view); the page names it and carries its
    id in `pending_upload`, and the next submit without a new file uses it (`attachment_file`).
    """

    def setup_pending(self, user):
        self.user = user
        self.pending = None

    def clean_pending(self, cleaned):
        from .models import PendingUpload

        pending_id = cleaned.get("pending_upload")
        if pending_id and self.user is not None and self.user.is_authenticated:
            self.pending = PendingUpload.objects.filter(pk=pending_id, user=self.user).first()
        return cleaned

    def attachment_file(self):
        """The file to save with the booking: a new upload, else the kept one, else None."""
        from django.core.files import File

        upload = self.cleaned_data.get("attachment")
        if upload:
            return upload
        if self.pending is not None:
            return File(self.pending.file.open("rb"), name=self.pending.name)
        return None

    def keep_attachment(self):
        """After a failed submit: keep a valid new upload for the next one. Returns the kept
        upload (also `self.pending`) or None."""
        from .models import PendingUpload

        if self.user is None or not self.user.is_authenticated or "attachment" in self.errors:
            return self.pending
        upload = getattr(self, "cleaned_data", {}).get("attachment")
        if not upload:
            return self.pending
        stale = timezone.now() - datetime.timedelta(days=1)
        for old in PendingUpload.objects.filter(user=self.user, created_at__lt=stale):
            old.file.delete(save=False)
            old.delete()
        upload.seek(0)
        kept = PendingUpload(user=self.user, name=upload.name.rsplit("/", 1)[-1][:255])
        kept.file.save(upload.name, upload, save=True)
        self.pending = kept
        return kept

    def discard_pending(self):
        """After a successful submit the kept file has been copied: remove it."""
        if self.pending is not None:
            self.pending.file.delete(save=False)
            self.pending.delete()
            self.pending = None


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


class BookingRequestForm(KeepsAttachment, SlotTimesMixin, PortalForm):
    # The rooms with their opening hours: the same rows render the choice, check the posted
    # value and give the hours that check_bounds judges the time by. All three lists are kept
    # per content generation, which any change to them advances.
    room = ListedModelChoiceField(
        label=_("Room"),
        queryset=Room.objects.filter(active=True).prefetch_related("opening_hours"),
        empty_label=None,
        kept="request-rooms",
    )
    section = ListedModelChoiceField(
        label=_("Kecamatan section to meet"),
        queryset=Section.objects.active(),
        empty_label=_("— choose a section —"),
        kept="request-sections",
    )
    category = ListedModelChoiceField(
        label=_("Problem category"),
        queryset=ProblemCategory.objects.active(),
        empty_label=_("— choose a category —"),
        kept="request-categories",
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
    attachment = AttachmentField(label=_("Attachment (optional)"))
    # The id of an attachment kept from a failed submit (`PendingUpload` of this user).
    pending_upload = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_pending(user)
        self._add_time_fields()
        self.order_fields(self.field_order)
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"

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
        return self.clean_pending(self.clean_times(cleaned))

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
            "attachment": self.attachment_file()
        }


class RescheduleForm(SlotTimesMixin, PortalForm):
    def __init__(self, *args, room=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_time_fields(room.slot_minutes if room else 30)

    def clean(self):
        return self.clean_times(super().clean())


class AnswerForm(PortalForm):
    answer = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = AttachmentField(
        label=_("Document (optional)"),
        help_text=_(
            "If the kecamatan asked for a document: a PDF or a photo (JPG, PNG), at most %(size)s."
        )
        % {"size": "5 MB"},
    )


class CancelForm(PortalForm):
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


SLOT_FORMAT = "%Y-%m-%dT%H:%M"


def slot_value(start, end):
    """A suggested slot as one form value: '2026-05-07T09:00/2026-05-07T10:00' (WITA)."""
    return f"{start.strftime(SLOT_FORMAT)}/{end.strftime(SLOT_FORMAT)}"


def apply_slot(data, prefix=None):
    """Copy of POST data whose date/start/end come from a chosen suggestion ('slot' button).

    An unreadable slot value leaves the data as it was, so the form shows its usual errors.
    """
    raw = data.get("slot", "")
    try:
        first, second = raw.split("/")
        start = datetime.datetime.strptime(first, SLOT_FORMAT)
        end = datetime.datetime.strptime(second, SLOT_FORMAT)
    except ValueError:
        return data
    data = data.copy()
    name = (lambda field: f"{prefix}-{field}") if prefix else (lambda field: field)
    data[name("date")] = start.date().isoformat()
    data[name("start_time")] = start.strftime("%H:%M")
    data[name("end_time")] = end.strftime("%H:%M")
    return data
