import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from guidance.models import GuidanceBasePage, GuidanceIndexPage, GuidancePage, SopPage
from home.models import HomePage

from .conftest import make_guidance, make_sop


class TestPageTypeRules(WagtailPageTestCase):
    def test_index_lives_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(GuidanceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(GuidanceIndexPage, {GuidancePage, SopPage})

    def test_guidance_and_sop_live_only_under_the_index_and_have_no_children(self):
        for model in (GuidancePage, SopPage):
            self.assertAllowedParentPageTypes(model, {GuidanceIndexPage})
            self.assertAllowedSubpageTypes(model, set())
            self.assertCanCreateAt(GuidanceIndexPage, model)
            self.assertCanNotCreateAt(HomePage, model)
            self.assertCanNotCreateAt(Page, model)


# A plain pytest test (not in the TestCase class above) so it runs in pytest-django's normal
# order, before transactional browser tests flush the migration data.
def test_only_one_index(index):
    # The migration created /panduan/ under the home page, so a second index cannot be added.
    home = HomePage.objects.get()
    assert index.get_parent().specific == home
    assert not GuidanceIndexPage.can_create_at(home)
    assert index.url_path.endswith("/panduan/")


def test_index_lists_pages_filters_by_category_and_sorts(client, index, categories):
    make_guidance(index, "Banjir dan peringatan dini", categories=[categories[8]])
    make_guidance(index, "Anggaran desa", categories=[categories[3]])
    html = client.get("/panduan/").content.decode()
    assert "Banjir dan peringatan dini" in html and "Anggaran desa" in html
    html = client.get(f"/panduan/?kategori={categories[8].slug}").content.decode()
    assert "Banjir dan peringatan dini" in html and "Anggaran desa" not in html
    html = client.get("/panduan/?urut=abjad").content.decode()
    assert html.index("Anggaran desa") < html.index("Banjir dan peringatan dini")


def test_index_with_garbage_parameters_is_friendly(client, index):
    response = client.get("/panduan/?kategori=tidak-ada&urut=%00&page=zzz")
    assert response.status_code == 200
    assert "Kategori itu tidak ada" in response.content.decode()


def _index_queries(client):
    client.get("/panduan/")  # the first request of a site creates its settings row
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/panduan/")
    assert response.status_code == 200
    return len(queries)


def test_index_query_count_does_not_grow_with_the_number_of_pages(client, index, categories):
    # From two listed items to a full page (and a second page): a query per item or per
    # category would show as a difference.
    make_guidance(index, "Panduan 0", categories=categories[:2])
    make_sop(index)
    few = _index_queries(client)
    for n in range(1, index.per_page):
        make_guidance(index, f"Panduan {n}", categories=categories[n % 10 : n % 10 + 2])
    assert GuidanceBasePage.objects.child_of(index).live().count() == index.per_page + 1
    many = _index_queries(client)
    assert few == many, (few, many)
    assert many <= 16


def test_guidance_page_query_count_does_not_grow_with_related_pages(client, index, categories):
    page = make_guidance(index, "Utama", categories=categories[:1])
    for n in range(2):
        make_guidance(index, f"Terkait {n}", categories=categories[:1])
    client.get(page.url)  # the first request of a site creates its settings row
    with CaptureQueriesContext(connection) as few:
        assert client.get(page.url).status_code == 200
    for n in range(2, 8):
        make_guidance(index, f"Terkait {n}", categories=categories[:1])
    with CaptureQueriesContext(connection) as many:
        assert client.get(page.url).status_code == 200
    assert len(few) == len(many) <= 20


def test_guidance_page_renders_every_block(client, index, categories, django_user_model):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    document = Document(title="Daftar periksa", file_size=12)
    document.file.save("daftar.txt", ContentFile(b"hello world!"), save=False)
    document.save()
    image = Image.objects.create(title="Peta", file=get_test_image_file())
    other = make_guidance(index, "Halaman lain")
    body = [
        ("heading", {"text": "Persiapan", "level": "h2"}),
        ("text", "<p>Paragraf pertama.</p>"),
        ("steps", {"title": "Langkah", "steps": [{"title": "Satu", "text": "<p>a</p>"}]}),
        ("callout", {"kind": "warning", "title": "Awas", "text": "<p>Hati-hati</p>"}),
        ("document", {"document": document, "title": ""}),
        ("image", {"image": image, "alt": "Peta desa Batu Piring", "caption": "Peta"}),
        ("table", {"caption": "Jadwal", "data": "Laporan | Waktu\nSemester | Juli"}),
        (
            "questions",
            {"title": "Tanya", "items": [{"question": "Kapan?", "answer": "<p>Juli</p>"}]},
        ),
        ("links", {"title": "Tautan", "links": [{"page": other, "url": "", "title": ""}]}),
    ]
    page = make_guidance(index, "Lengkap", body=body, categories=categories[:1])
    response = client.get(page.url)
    html = response.content.decode()
    assert '<h2 class="g-heading">Persiapan</h2>' in html
    assert 'class="g-steps__list"' in html
    assert "g-callout--warning" in html and "Peringatan: Awas" in html
    assert "Daftar periksa</a>" in html and "(TXT, 12" in html
    assert 'alt="Peta desa Batu Piring"' in html
    # Images: resized renditions, WebP offered first, dimensions set, loaded lazily.
    assert re.search(r'<source[^>]+srcset="[^"]+\.webp 400w[^"]*"[^>]+type="image/webp"', html)
    img = re.search(r"<img[^>]*>", html.split('class="g-figure"')[1]).group(0)
    assert 'loading="lazy"' in img and re.search(r'width="\d+"', img)
    assert re.search(r'height="\d+"', img)
    assert '<th scope="col">Laporan</th>' in html and "<td>Juli</td>" in html
    assert "<details" in html and "<summary>Kapan?</summary>" in html
    assert f'href="{other.url}"' in html
    # Summary becomes the meta description and the Open Graph tags; breadcrumbs lead home.
    assert '<meta name="description" content="Ringkasan Lengkap">' in html
    assert '<meta property="og:description" content="Ringkasan Lengkap">' in html
    assert '<meta property="og:title" content="Lengkap">' in html
    assert 'aria-label="Jejak navigasi"' in html
    assert 'href="/panduan/"' in html


def test_related_pages_put_editors_picks_first(client, index, categories):
    from guidance.models import GuidanceRelatedPick

    page = make_guidance(index, "Utama", categories=categories[:1])
    make_guidance(index, "Sekategori", categories=categories[:1])
    pick = make_guidance(index, "Pilihan editor", categories=categories[5:6])
    GuidanceRelatedPick.objects.create(page=page, target=pick, sort_order=0)
    html = client.get(page.url).content.decode()
    section = html[html.index('id="related-title"') :]
    assert section.index("Pilihan editor") < section.index("Sekategori")


def test_block_previews_and_descriptions(db):
    from guidance.blocks import GuidanceBodyBlock

    for name, block in GuidanceBodyBlock().child_blocks.items():
        assert block.meta.template.startswith("guidance/blocks/"), name
        assert block.meta.description, name
        if name not in ("document", "image"):
            assert block.get_preview_value(), name


def test_table_block_rejects_ragged_rows():
    from wagtail.blocks.struct_block import StructBlockValidationError

    from guidance.blocks import TableBlock

    block = TableBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"caption": "x", "data": "a | b\n1"}))


def test_anonymous_pages_are_public_for_a_cdn_and_signed_in_users_are_not(
    client, index, admin_client
):
    page = make_guidance(index, "Cache")
    for url in ("/panduan/", page.url, "/panduan/dokumen/"):
        response = client.get(url)
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        response = admin_client.get(url)
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_search_answers_are_never_cached_so_every_search_is_logged(client, index):
    from guidance.models import SearchLog

    make_guidance(index, "Cache")
    for _n in range(2):
        response = client.get("/cari/?q=cache")
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert SearchLog.objects.count() == 2


def test_preview_is_never_cached(index):
    page = make_guidance(index, "Pratinjau")
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_preview_shows_the_draft_body_while_visitors_see_the_live_one(client, index):
    from django.core.cache import caches

    page = make_guidance(index, "Pratinjau isi", body=[("text", "<p>Isi yang terbit</p>")])
    for _n in range(3):  # the live body is kept after these views
        caches["pages"].clear()
        assert "Isi yang terbit" in client.get(page.url).content.decode()
    draft = page.get_latest_revision_as_object()
    draft.body = [("text", "<p>Isi rancangan baru</p>")]
    preview = draft.make_preview_request().content.decode()
    assert "Isi rancangan baru" in preview and "Isi yang terbit" not in preview
    caches["pages"].clear()
    live = client.get(page.url).content.decode()
    assert "Isi yang terbit" in live and "Isi rancangan baru" not in live
    draft.save_revision().publish()
    caches["pages"].clear()
    assert "Isi rancangan baru" in client.get(page.url).content.decode()


def test_document_list_shows_type_and_size(client, db):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="Formulir rujukan", file_size=2048)
    document.file.save("rujukan.pdf", ContentFile(b"%PDF-1.4\n" + b"x" * 2039), save=False)
    document.save()
    html = client.get("/panduan/dokumen/").content.decode()
    assert "Formulir rujukan" in html and "<td>PDF</td>" in html and "2,0" in html
    assert document.url in html


def test_sitemap_lists_guidance(client, index):
    page = make_guidance(index, "Peta situs")
    xml = client.get("/sitemap.xml").content.decode()
    assert "/panduan/</loc>" in xml
    assert f"{page.url}</loc>" in xml
