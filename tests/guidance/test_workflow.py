import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Workflow

from home import roles

from .conftest import make_guidance


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("rina", password="x-Strong-pass-1")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("hendra", password="x-Strong-pass-1")
    user.groups.add(Group.objects.get(name=roles.MODERATORS))
    return user


def _guidance_form(title):
    return {
        "title": title,
        "slug": slugify(title),
        "summary": "Ringkasan",
        "body-count": "0",
        "related_picks-TOTAL_FORMS": "0",
        "related_picks-INITIAL_FORMS": "0",
        "related_picks-MIN_NUM_FORMS": "0",
        "related_picks-MAX_NUM_FORMS": "1000",
    }


def test_migration_puts_guidance_under_a_moderation_workflow(index):
    workflow = index.get_workflow()
    assert workflow is not None and workflow.active
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [roles.MODERATORS]
    page = make_guidance(index, "Di bawah alur")
    assert page.get_workflow() == workflow


def test_editor_cannot_publish_directly_but_can_submit(client, editor, index):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("guidance", "guidancepage", index.pk))
    response = client.post(url, {**_guidance_form("Langsung terbit"), "action-publish": "1"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    from guidance.models import GuidancePage

    page = GuidancePage.objects.get(title="Langsung terbit")
    assert not page.live, "an editor must not be able to publish"
    assert response.status_code == 302

    response = client.post(url, {**_guidance_form("Minta tinjauan"), "action-submit": "1"})
    assert response.status_code == 302
    submitted = GuidancePage.objects.get(title="Minta tinjauan")
    assert not submitted.live
    assert submitted.current_workflow_state is not None
    assert submitted.current_workflow_state.status == "in_progress"


def test_moderator_approves_and_the_page_goes_live(client, editor, moderator, index):
    from guidance.models import GuidancePage

    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("guidance", "guidancepage", index.pk))
    client.post(url, {**_guidance_form("Perlu persetujuan"), "action-submit": "1"})
    page = GuidancePage.objects.get(title="Perlu persetujuan")
    task_state = page.current_workflow_task_state
    client.force_login(moderator)
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )
    response = client.post(approve, {"comment": ""})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_scheduled_publishing_runs_with_publish_scheduled(index):
    from django.core.management import call_command
    from django.utils import timezone

    page = make_guidance(index, "Terjadwal", live=False)
    page.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save_revision(approved_go_live_at=page.go_live_at)
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live


def test_overdue_review_report_lists_pages_past_their_review(client, moderator, index):
    from home.models import Section

    section = Section.objects.first()
    make_guidance(
        index, "Sudah lewat", owner_section=section, next_review=datetime.date(2020, 1, 1)
    )
    make_guidance(index, "Masih lama", next_review=datetime.date(2099, 1, 1))
    client.force_login(moderator)
    html = client.get(reverse("guidance_review_overdue")).content.decode()
    assert "Sudah lewat" in html and section.name in html
    assert "Masih lama" not in html
    csv = client.get(reverse("guidance_review_overdue") + "?export=csv")
    assert csv.status_code == 200 and "Sudah lewat" in b"".join(csv.streaming_content).decode()


def test_review_report_is_for_editors_and_moderators_only(client, operator):
    client.force_login(operator)
    response = client.get(reverse("guidance_review_overdue"))
    assert response.status_code == 302
    url = reverse("guidance_review_overdue")
    assert response["Location"] == reverse("login") + "?next=" + url


def test_workflow_exists_once(index):
    assert Workflow.objects.filter(name="Persetujuan panduan dan SOP").count() == 1
