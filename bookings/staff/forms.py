"""Forms of the staff screens. Each decision form has its own prefix so that several can live
on one page without clashing ids."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import Village

from ..forms import BookingRequestForm, RescheduleForm


class ApproveForm(forms.Form):
    prefix = "approve"
    note = forms.CharField(
        label=_("Note for the village (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(forms.Form):
    prefix = "reject"
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The village receives this reason by e-mail."),
        error_messages={"required": _("Give the reason for the rejection.")},
    )


class AskInfoForm(forms.Form):
    prefix = "ask"
    question = forms.CharField(
        label=_("Question for the village"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The operator sees the question on the portal and can answer it there."),
        error_messages={"required": _("Write the question for the village.")},
    )


class StaffCancelForm(forms.Form):
    prefix = "cancel"
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The village receives this reason by e-mail."),
        error_messages={"required": _("Give the reason for the cancellation.")},
    )


class StaffRescheduleForm(RescheduleForm):
    prefix = "move"
    default_renderer = None  # drawn in the admin, by Django's renderer


class StaffBookingForm(BookingRequestForm):
    """The village's request form, plus the village staff book for."""

    default_renderer = None  # drawn in the admin, by Django's renderer

    village = forms.ModelChoiceField(
        label=_("Village"),
        queryset=Village.objects.active(),
        empty_label=_("— choose a village —"),
    )

    field_order = ["village", *BookingRequestForm.field_order]
