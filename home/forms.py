from django.contrib.auth.forms import PasswordResetForm


class PortalPasswordResetForm(PasswordResetForm):
    """Sends the reset link in the language the person is using; nothing else differs."""
