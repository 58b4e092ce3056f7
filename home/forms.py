from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator


class PortalAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, with the username's length checked like any other field.

    Django only sets the length on the widget; a longer name went on to the authentication
    backends and the failed-attempt records, whose column it does not fit. Now it is a form
    error, and no attempt is made or recorded.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class PortalPasswordResetForm(PasswordResetForm):
    """Sends the reset link in the language the person is using; nothing else differs."""
