"""Guidance is moderated from the start: the /panduan/ index exists under the home page and a
moderation workflow (editor submits, a moderator publishes) is assigned to it, so every guidance
page and SOP below it goes through review. Editors and moderators may read page feedback."""

from django.db import migrations

WORKFLOW_NAME = "Persetujuan panduan dan SOP"
TASK_NAME = "Persetujuan moderator"
INDEX_INTRO = (
    "<p>Panduan praktis dan standar operasional prosedur (SOP) untuk pemerintah desa dan "
    "kelurahan di Kecamatan Paringin Selatan. Pilih kategori masalah atau cari dengan kata "
    "kunci.</p>"
)


def create_index_and_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    HomePage = apps.get_model("home.HomePage")
    GuidanceIndexPage = apps.get_model("guidance.GuidanceIndexPage")

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    editors, _ = Group.objects.get_or_create(name="Editors")

    feedback_type, _ = ContentType.objects.get_or_create(app_label="guidance", model="pagefeedback")
    view_feedback, _ = Permission.objects.get_or_create(
        content_type=feedback_type,
        codename="view_pagefeedback",
        defaults={"name": "Can view page feedback"},
    )
    moderators.permissions.add(view_feedback)
    editors.permissions.add(view_feedback)

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    index = GuidanceIndexPage.objects.filter(depth=home.depth + 1, path__startswith=home.path).first()
    if index is None:
        index_type, _ = ContentType.objects.get_or_create(
            app_label="guidance", model="guidanceindexpage"
        )
        last = Page.objects.filter(depth=home.depth + 1, path__startswith=home.path).order_by("-path").first()
        position = int(last.path[-4:], 36) + 1 if last else 1
        suffix = ""
        while position:
            position, digit = divmod(position, 36)
            suffix = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + suffix
        index = GuidanceIndexPage.objects.create(
            title="Panduan & SOP",
            draft_title="Panduan & SOP",
            slug="panduan",
            content_type=index_type,
            path=home.path + suffix.rjust(4, "0"),
            depth=home.depth + 1,
            numchild=0,
            url_path=home.url_path + "panduan/",
            locale_id=home.locale_id,
            live=True,
            intro=INDEX_INTRO,
            search_description=(
                "Panduan dan SOP untuk desa dan kelurahan di Kecamatan Paringin Selatan."
            ),
        )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
        task.groups.set([moderators])
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0001_initial"),
        ("home", "0002_initial_content"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_index_and_workflow, migrations.RunPython.noop)]
