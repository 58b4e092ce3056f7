from django.db import migrations

MODELS = ["sessionoutcome", "followup", "attendee", "guidancelink"]
ACTIONS = ["view", "change"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    staff, _ = Group.objects.get_or_create(name="Staf Kecamatan")
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="coordination", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            staff.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0001_initial"),
        ("home", "0002_initial_content"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
