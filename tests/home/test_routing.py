"""Pages are served from routes, sites and fragments kept per content generation
(home/routing.py): every path still reaches its own page, and publishing, unpublishing,
moving, deleting or restricting a page shows at the very next view."""

import pytest
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from guidance.models import GuidanceIndexPage
from home.models import ProblemCategory
from tests.guidance.conftest import make_guidance


def uncached_get(client, url):
    caches["pages"].clear()  # no stored page: the routes and fragments are what is kept
    return client.get(url)


@pytest.fixture
def pages(db):
    index = GuidanceIndexPage.objects.get(slug="panduan")
    first = make_guidance(index, "Panduan pertama")
    second = make_guidance(index, "Panduan kedua")
    return index, first, second


@pytest.mark.django_db
def test_every_path_reaches_its_own_page_on_the_second_view(client, pages):
    index, first, second = pages
    for _ in range(2):
        for page in (index, first, second):
            response = uncached_get(client, page.url)
            assert response.status_code == 200
            assert response.context["page"].pk == page.pk
    assert uncached_get(client, "/panduan/tidak-ada/").status_code == 404


@pytest.mark.django_db
def test_an_unpublished_page_is_gone_at_the_next_view(client, pages):
    _, first, _ = pages
    assert uncached_get(client, first.url).status_code == 200
    first.unpublish()
    assert uncached_get(client, first.url).status_code == 404


@pytest.mark.django_db
def test_a_page_taken_offline_without_a_signal_is_not_served(client, pages):
    _, first, _ = pages
    url = first.url
    assert uncached_get(client, url).status_code == 200
    type(first).objects.filter(pk=first.pk).update(live=False)
    assert uncached_get(client, url).status_code == 404


@pytest.mark.django_db
def test_a_deleted_page_is_gone_at_the_next_view(client, pages):
    _, first, _ = pages
    url = first.url
    assert uncached_get(client, url).status_code == 200
    first.delete()
    assert uncached_get(client, url).status_code == 404


@pytest.mark.django_db
def test_a_renamed_page_answers_at_its_new_address_at_once(client, pages):
    _, first, _ = pages
    old_url = first.url
    assert uncached_get(client, old_url).status_code == 200
    first.slug = "panduan-pertama-baru"
    first.save_revision().publish()
    assert uncached_get(client, "/panduan/panduan-pertama-baru/").status_code == 200
    assert uncached_get(client, old_url).status_code == 404


@pytest.mark.django_db
def test_a_new_restriction_protects_the_page_at_the_next_view(client, pages):
    _, first, _ = pages
    assert uncached_get(client, first.url).status_code == 200
    PageViewRestriction.objects.create(page=first, restriction_type=PageViewRestriction.LOGIN)
    response = uncached_get(client, first.url)
    assert response.status_code == 302 and "login" in response["Location"]
    # ...and it leaves the lists that were kept before it
    assert "Panduan pertama" not in uncached_get(client, "/panduan/").content.decode()


@pytest.mark.django_db
def test_related_pages_follow_a_publish_at_once(client, pages):
    _, first, second = pages
    category = ProblemCategory.objects.first()
    first.categories.set([category])
    first.save_revision().publish()
    assert "Panduan kedua" not in uncached_get(client, first.url).content.decode()
    second.categories.set([category])
    second.save_revision().publish()
    assert "Panduan kedua" in uncached_get(client, first.url).content.decode()


@pytest.mark.django_db
def test_a_renamed_category_shows_at_once(client, pages):
    uncached_get(client, "/panduan/")
    category = ProblemCategory.objects.first()
    category.name = "Kategori yang baru dinamai"
    category.save()
    assert "Kategori yang baru dinamai" in uncached_get(client, "/panduan/").content.decode()


@pytest.mark.django_db
def test_a_kept_page_is_served_without_loading_it_again_and_a_fresh_copy_each_time(
    client, pages, django_assert_num_queries
):
    _, first, _ = pages
    for _ in range(2):  # the route, then the page, are kept by the first views
        uncached_get(client, first.url)
    with django_assert_num_queries(1):  # only: is the page still live?
        response = uncached_get(client, first.url)
    assert response.status_code == 200
    served = response.context["page"]
    served.title = "Diubah di memori satu permintaan"  # what one request does to its copy …
    again = uncached_get(client, first.url)
    assert again.context["page"] is not served  # … never reaches the next one
    assert again.context["page"].title == "Panduan pertama"


@pytest.mark.django_db
def test_a_document_edited_in_the_library_shows_in_the_page_at_the_next_view(client, pages):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    index, _, _ = pages
    document = get_document_model().objects.create(
        title="Format laporan lama", file=ContentFile(b"%PDF-1.4 isi", name="format.pdf")
    )
    page = make_guidance(
        index, "Panduan unduhan", body=[("document", {"document": document, "title": ""})]
    )
    for _ in range(3):
        assert "Format laporan lama" in uncached_get(client, page.url).content.decode()
    document.title = "Format laporan 2026"
    document.save()
    html = uncached_get(client, page.url).content.decode()
    assert "Format laporan 2026" in html
    assert "Format laporan lama" not in html
