"""Kecamatan staff manage rooms, closures and recurring blocks (django-scheduler events and
rules) in the Wagtail admin, and see bookings."""

from django.db import migrations

PERMISSIONS = [
    ("bookings", "room", ["add", "change", "view"]),
    ("bookings", "closure", ["add", "change", "delete", "view"]),
    ("bookings", "booking", ["view", "change"]),
    ("schedule", "event", ["add", "change", "delete", "view"]),
    ("schedule", "rule", ["add", "change", "view"]),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    staff, _ = Group.objects.get_or_create(name="Staf Kecamatan")
    for app_label, model, actions in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            staff.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0002_booking_no_overlap"),
        ("home", "0002_initial_content"),
        ("schedule", "0015_rename_indexes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
