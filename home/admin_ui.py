"""Pieces of the Wagtail admin's listings shared by the apps' viewsets."""

from django.utils.text import capfirst
from wagtail.admin.ui.tables import Column

from . import formats


class YesNoColumn(Column):
    """A yes/no field shown as "Ya"/"Tidak" (Wagtail prints a plain boolean as True/False)."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return None if value is None else formats.yes_no(value)


def yes_no(model, field_name):
    """The listing column for a model's boolean field, labelled and sortable like the field."""
    field = model._meta.get_field(field_name)
    return YesNoColumn(field_name, label=capfirst(field.verbose_name), sort_key=field_name)
