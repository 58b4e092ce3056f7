from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class PortalAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, with the username's length checked like any other field.

    Django only sets the length on the widget; a longer name went on to the authentication
    backends and the failed-attempt records, whose column it does not fit. Now it is a form
    error, and no attempt is made or recorded.
    """

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
    """Sends the reset link in the language the person is using; nothing else differs."""
