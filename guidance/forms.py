from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel

from .constants import MAX_QUERY_LENGTH
from .sop_rules import (
    DEFAULT_PROCEDURE_TITLE,
    ProcedureData,
    StepData,
    actor_problems,
    key,
    procedure_problems,
)

_FALSE = ("", "0", "false", "False", "off")


def _live_forms(formset):
    """The child forms that will be saved, in the order the editor arranged them."""
    # ClusterForm validates the child formsets after the page form; validate them now.
    formset.is_valid()
    forms_ = [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]
    return sorted(
        forms_,
        key=lambda form: (form.cleaned_data.get("ORDER") is None, form.cleaned_data.get("ORDER")),
    )


def _posted_rows(data, prefix, field):
    """(position, form index, id, value) of each kept, non-empty row of an inline formset in
    the posted data, in the editor's order."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
    except (TypeError, ValueError):
        return []
    rows = []
    for i in range(total):
        if data.get(f"{prefix}-{i}-DELETE", "") not in _FALSE:
            continue
        value = " ".join(str(data.get(f"{prefix}-{i}-{field}", "")).split())
        if not value:
            continue
        order = str(data.get(f"{prefix}-{i}-ORDER", ""))
        position = int(order) if order.isdigit() else i
        rows.append((position, i, data.get(f"{prefix}-{i}-id", ""), value))
    return sorted(rows)


def _choices_and_renames(data, instance, relation, field):
    """The names an editor may choose for a step, and old name → new name for renamed rows.

    Bound forms read the rows as posted, so actors and procedures added or renamed in the same
    request can be chosen at once; unbound forms read the page as saved."""
    saved = {str(row.pk): getattr(row, field) for row in getattr(instance, relation).all()}
    if data is None:
        return list(saved.values()), {}
    rows = _posted_rows(data, relation, field)
    renames = {
        key(saved[row_id]): value
        for _p, _i, row_id, value in rows
        if row_id in saved and key(saved[row_id]) != key(value)
    }
    return [value for _p, _i, _id, value in rows], renames


def _renamed(value, renames):
    return renames.get(key(value), value) if value else value


class SopStepForm(WagtailAdminModelForm):
    """A step: its actors are chosen from the SOP's own list, its procedure from its titles."""

    procedure = forms.ChoiceField(
        label=_("Procedure"),
        required=False,
        help_text=_("Empty means the first procedure."),
    )
    actors = forms.MultipleChoiceField(
        label=_("Actors"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "One or more, from the actor list. Actors added or renamed appear here after the "
            "page is saved (or at once if the form is sent with an error)."
        ),
        error_messages={"invalid_choice": _("“%(value)s” is no longer in the list of actors.")},
    )

    def __init__(self, *args, actor_choices=(), procedure_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actors"].choices = [(name, name) for name in actor_choices]
        self.fields["procedure"].choices = [
            ("", _("(first procedure)")),
            *((title, title) for title in procedure_choices),
        ]
        for name in ("activity", "requirements", "output", "remarks"):
            self.fields[name].widget.attrs["rows"] = 2

    def clean_actors(self):
        """Kept in the order of the actor list, whatever order they were ticked in."""
        order = [value for value, _label in self.fields["actors"].choices]
        return sorted(self.cleaned_data["actors"], key=order.index)

    def clean(self):
        cleaned = super().clean()
        amount, unit = cleaned.get("time_amount"), cleaned.get("time_unit")
        if amount is not None and amount <= 0:
            self.add_error("time_amount", _("Enter a time greater than zero."))
        elif amount is not None and not unit:
            self.add_error("time_unit", _("Choose minutes, hours, days or weeks."))
        elif unit and amount is None:
            self.add_error("time_amount", _("Enter the number of %(unit)s.") % {"unit": unit})
        return cleaned


class StepInlinePanel(InlinePanel):
    """Steps edited with ``SopStepForm``."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = SopStepForm
        return options


class SopPageForm(WagtailAdminPageForm):
    """Checks the procedure with ``sop_rules`` (the rules the Excel import applies too), so the
    flowchart can always be drawn, and keeps step references when an actor is renamed."""

    def __init__(self, data=None, *args, instance=None, **kwargs):
        actors, actor_renames = _choices_and_renames(data, instance, "actors", "name")
        titles, title_renames = _choices_and_renames(data, instance, "procedures", "title")
        if data is not None and (actor_renames or title_renames):
            data = data.copy()
            for _p, i, _id, _value in _posted_rows(data, "steps", "activity"):
                data.setlist(
                    f"steps-{i}-actors",
                    [_renamed(v, actor_renames) for v in data.getlist(f"steps-{i}-actors")],
                )
                name = f"steps-{i}-procedure"
                data[name] = _renamed(data.get(name, ""), title_renames)
        super().__init__(data, *args, instance=instance, **kwargs)
        self.formsets["steps"].form_kwargs.update(actor_choices=actors, procedure_choices=titles)

    def clean(self):
        cleaned = super().clean()
        actor_forms = _live_forms(self.formsets["actors"])
        procedure_forms = _live_forms(self.formsets["procedures"])
        step_forms = _live_forms(self.formsets["steps"])
        names = [form.cleaned_data["name"].strip() for form in actor_forms]
        titles = [" ".join(form.cleaned_data["title"].split()) for form in procedure_forms]
        grouped = {key(title): [] for title in titles or [""]}
        first = next(iter(grouped.values()))
        for form in step_forms:
            grouped.get(key(form.cleaned_data.get("procedure") or ""), first).append(form)
        procedures = [
            ProcedureData(
                title=title or DEFAULT_PROCEDURE_TITLE,
                steps=[_step_data(form) for form in grouped[key(title)]],
            )
            for title in titles or [""]
        ]
        publishing = any(name in self.data for name in ("action-publish", "action-submit"))
        if step_forms or publishing:
            problems = procedure_problems(names, procedures)
        else:  # a draft may be saved before its steps are written
            problems = actor_problems(names)
        for problem in problems:
            self._report(problem, procedure_forms, grouped, titles)
        return cleaned

    def _report(self, problem, procedure_forms, grouped, titles):
        if problem.step is not None:
            form = grouped[key(titles[problem.procedure] if titles else "")][problem.step]
            field = problem.field if problem.field in form.fields else None
            if field is None or field not in form.errors:
                form.add_error(field, problem.message)
        elif problem.procedure is not None and procedure_forms:
            procedure_forms[problem.procedure].add_error(
                "title" if problem.field == "title" else None, problem.message
            )
        else:
            self.add_error(None, problem.message)


def _step_data(form):
    data = form.cleaned_data
    return StepData(
        activity=data.get("activity", ""),
        actors=data.get("actors") or [],
        kind=data.get("kind") or "",
        yes_step=data.get("yes_step"),
        no_step=data.get("no_step"),
    )


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
