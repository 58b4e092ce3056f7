from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FollowUpStatus
from .services import NOTE_MAX


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Progress note"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What has the village done? The kecamatan sees this note."),
    )


class MoveForm(forms.Form):
    """Staff move a follow-up forward (admin)."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(v, label) for v, label in FollowUpStatus.choices if v != FollowUpStatus.OPEN],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX)
    reason = forms.CharField(
        label=_("Reason (required when cancelling)"), required=False, max_length=NOTE_MAX
    )
