import pytest
from django.urls import reverse

from guidance.models import PageFeedback
from guidance.views import FEEDBACK_RATE

from .conftest import make_guidance


def _body(response):
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def guide(index):
    return make_guidance(index, "Umpan balik")


def test_every_guidance_page_asks_whether_it_helped(client, guide):
    html = client.get(guide.url).content.decode()
    assert "Apakah halaman ini membantu?" in html
    assert reverse("guidance:feedback", args=(guide.pk,)) in html


def test_feedback_is_stored_without_personal_data(client, guide):
    response = client.post(
        reverse("guidance:feedback", args=(guide.pk,)),
        {"helpful": "tidak", "comment": "Contoh format kurang jelas"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 200
    assert "Terima kasih" in response.content.decode()
    feedback = PageFeedback.objects.get()
    assert feedback.page_id == guide.pk and feedback.helpful is False
    assert feedback.comment == "Contoh format kurang jelas"
    fields = {f.name for f in PageFeedback._meta.get_fields()}
    assert fields == {"id", "page", "helpful", "comment", "created_at"}
    assert "no-store" in response["Cache-Control"]


def test_invalid_feedback_is_a_clear_error(client, guide):
    response = client.post(reverse("guidance:feedback", args=(guide.pk,)), {"helpful": "mungkin"})
    assert response.status_code == 400
    assert "Pilih salah satu: ya atau tidak." in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_feedback_is_rate_limited_per_client(client, guide):
    limit = int(FEEDBACK_RATE.split("/")[0])
    url = reverse("guidance:feedback", args=(guide.pk,))
    for _ in range(limit):
        assert client.post(url, {"helpful": "ya"}, REMOTE_ADDR="10.0.0.1").status_code == 200
    blocked = client.post(url, {"helpful": "ya"}, REMOTE_ADDR="10.0.0.1")
    assert blocked.status_code == 429
    assert "Terlalu banyak" in blocked.content.decode()
    assert PageFeedback.objects.count() == limit
    # Another client is not affected.
    assert client.post(url, {"helpful": "ya"}, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_feedback_for_unknown_page_is_404(client, db):
    assert client.post("/panduan/umpan-balik/999999/", {"helpful": "ya"}).status_code == 404


def test_editors_see_counts_and_comments_and_export_csv(client, guide, django_user_model):
    from django.contrib.auth.models import Group

    for helpful, comment in [(True, ""), (True, "Jelas"), (False, "Kurang contoh")]:
        PageFeedback.objects.create(page=guide, helpful=helpful, comment=comment)
    editor = django_user_model.objects.create_user("ed", password="x-Strong-pass-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    html = client.get(reverse("guidance_feedback_summary")).content.decode()
    assert "Umpan balik" in html
    csv = _body(client.get(reverse("guidance_feedback_summary") + "?export=csv"))
    assert "Umpan balik,/beranda/panduan/umpan-balik/,2,1,2" in csv.replace("\r", "")
    comments = client.get(reverse("page_feedback:index")).content.decode()
    assert "Kurang contoh" in comments
    export = _body(client.get(reverse("page_feedback:index") + "?export=csv"))
    assert "Kurang contoh" in export and "Jelas" in export
