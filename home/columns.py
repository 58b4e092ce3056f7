"""Admin list columns in the office's words."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from .formats import yes_no


class YesNoColumn(Column):
    """A boolean as "Ya" / "Tidak" instead of "True" / "False"."""

    def get_value(self, instance):
        return yes_no(super().get_value(instance))


def active_column():
    return YesNoColumn("active", label=_("Active"))
