from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import MaxLengthValidator
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _

from .caching import fragment
from .models import BodyKind


class PortalFormRenderer(Jinja2):
    """How the portal's own forms are drawn: Django's Jinja2 widget templates, and each field
    as one labelled group (`{{ form.name.as_field_group }}`, home/jinja2/portal/field.html).

    The same HTML as Django's template engine gives, in a fraction of the time: a form sent
    back with its errors (a refused booking, a mistyped password) is drawn on every attempt.
    Forms shown in the admin keep Django's renderer (Wagtail's widgets have no Jinja2
    templates)."""

    field_template_name = "portal/field.html"


# One renderer for all: its Jinja2 environment is built once per process.
PORTAL_RENDERER = PortalFormRenderer()


class PortalForm(forms.Form):
    """A form of the public side of the portal (see PortalFormRenderer)."""

    default_renderer = PORTAL_RENDERER


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a `ListedModelChoiceField`, from the rows it read."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.listed():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.listed()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.listed())


class ListedModelChoiceField(forms.ModelChoiceField):
    """A choice among a few reference rows (rooms, sections, problem categories).

    The rows are read once per form, in one plain query, and serve both the check of the posted
    value and the options of the rendered select. Django's own field reads them up to three
    times (the check, the option count, the options through a server-side cursor), on every
    form a village sends again after an error.

    `kept="name"`: the rows are kept as a fragment of the content generation
    (`home.caching.fragment`), so a form costs no query for them at all. Only for rows whose
    every change retires stored pages (home/signals.py, bookings/signals.py), and for a field
    whose queryset no form changes."""

    iterator = ListedChoiceIterator

    def __init__(self, queryset, *, kept=None, **kwargs):
        self.kept = kept
        super().__init__(queryset, **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self._listed = None  # a copied field (one per form) reads its own rows

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def listed(self):
        if getattr(self, "_listed", None) is None:
            if self.kept:
                self._listed = fragment(f"choices:{self.kept}", lambda: list(self.queryset))
            else:
                self._listed = list(self.queryset)
        return self._listed

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        meta = self.queryset.model._meta
        model_field = meta.pk if key == "pk" else meta.get_field(key)
        try:
            wanted = model_field.to_python(value)
        except (ValueError, TypeError, forms.ValidationError):
            wanted = object()  # matches no row
        for obj in self.listed():
            if getattr(obj, key) == wanted:
                return obj
        raise forms.ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class PortalAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, with the username's length checked like any other field.

    Django only sets the length on the widget; a longer name went on to the authentication
    backends and the failed-attempt records, whose column it does not fit. Now it is a form
    error, and no attempt is made or recorded.
    """

    default_renderer = PORTAL_RENDERER

    # The portal's own words, one per concept ("kata sandi", as in "Lupa kata sandi?"), instead
    # of Django's message, which repeats the field name in Indonesian.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is not right. Capital and small letters count as different."
        ),
        "inactive": _("This account is not active. Ask the kecamatan office."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
        field.label = _("Username")
        self.fields["password"].label = _("Password")


class PortalPasswordResetForm(PasswordResetForm):
    """Sends the reset link in the language the person is using; drawn like the portal's
    other forms."""

    default_renderer = PORTAL_RENDERER


class PortalSetPasswordForm(SetPasswordForm):
    """Django's form for the new password after a reset link, drawn like the portal's other
    forms."""

    default_renderer = PORTAL_RENDERER


class BodyInviteForm(PortalForm):
    """The operator (or staff) invites a community body of the village by e-mail."""

    kind = forms.ModelChoiceField(
        label=_("Kind of body"), queryset=BodyKind.objects.active(), empty_label=None
    )
    name = forms.CharField(
        label=_("Name of the body"),
        max_length=150,
        help_text=_("For example “BPD Desa Batu Piring” or “TP PKK Desa Inan”."),
    )
    email = forms.EmailField(
        label=_("E-mail of the person who will use the account"),
        max_length=254,
        help_text=_("The invitation link is sent here. It works once and for %(days)d days."),
    )

    def __init__(self, *args, days=7, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = self.fields["email"].help_text % {"days": days}


class InvitationAcceptForm(PortalForm):
    """The invited person makes the body's account: a user name, a name and a password."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @/./+/-/_ only, for example pkk-inan."),
    )
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is already taken. Choose another."))
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            user = get_user_model()(
                username=cleaned.get("username", ""), first_name=cleaned.get("full_name", "")
            )
            try:
                validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
