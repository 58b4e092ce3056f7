from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .constants import MAX_ACTORS, MAX_QUERY_LENGTH, StepKind


def _live_forms(formset):
    # ClusterForm validates the child formsets after the page form; validate them now.
    formset.is_valid()
    return [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class SopPageForm(WagtailAdminPageForm):
    """Checks that the steps fit the actors, so the flowchart can always be drawn."""

    def clean(self):
        cleaned = super().clean()
        actor_forms = _live_forms(self.formsets["actors"])
        step_forms = _live_forms(self.formsets["steps"])
        names = {}
        for form in actor_forms:
            key = form.cleaned_data["name"].strip().casefold()
            if key in names:
                form.add_error("name", _("This actor is already in the list."))
            names[key] = form
        if len(actor_forms) > MAX_ACTORS:
            self.add_error(None, _("An SOP can have at most %(max)d actors.") % {"max": MAX_ACTORS})
        total = len(step_forms)
        for number, form in enumerate(step_forms, start=1):
            data = form.cleaned_data
            if data.get("actor") and data["actor"].strip().casefold() not in names:
                form.add_error("actor", _("Use one of the actors listed on the Procedure tab."))
            no_step = data.get("no_step")
            if data.get("kind") == StepKind.DECISION:
                if number == total:
                    form.add_error("kind", _("A decision cannot be the last step."))
                if not no_step:
                    form.add_error("no_step", _("Say which step follows when the answer is no."))
                elif no_step > total or no_step in (number, number + 1):
                    form.add_error(
                        "no_step",
                        _("Choose another step between 1 and %(total)d.") % {"total": total},
                    )
            elif no_step:
                form.add_error("no_step", _("Only a decision has a “no” branch."))
        return cleaned


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search guidance and SOPs"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        validators=[ProhibitNullCharactersValidator()],
        error_messages={
            "max_length": _("Please use a shorter search, at most %(limit_value)d characters.")
        },
    )
    kategori = forms.SlugField(required=False, label=_("Category"))

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this page helpful?"),
        choices=[("ya", _("Yes")), ("tidak", _("No"))],
        coerce=lambda value: value == "ya",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes or no."),
            "invalid_choice": _("Choose yes or no."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Do not write names, phone numbers or other personal data."),
        validators=[ProhibitNullCharactersValidator()],
    )
