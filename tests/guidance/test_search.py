import pytest
from django.core.management import call_command

from .conftest import make_guidance, make_sop


@pytest.fixture
def pages(index, categories):
    make_guidance(
        index,
        "Peminjaman ruang koordinasi",
        summary="Tata cara peminjaman ruang RUKO PARSEL oleh desa.",
        categories=[categories[0]],
    )
    make_guidance(
        index,
        "Kesiapsiagaan banjir",
        summary="Peringatan dini untuk desa di tepi sungai.",
        categories=[categories[8]],
    )
    make_sop(index, title="SOP pelaporan keuangan", categories=[])
    call_command("update_index", verbosity=0)


def test_search_uses_indonesian_stemming_on_postgresql(client, pages, settings):
    from django.db import connection

    assert connection.vendor == "postgresql"
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "indonesian"
    html = client.get("/cari/?q=meminjam").content.decode()
    assert "Peminjaman ruang koordinasi" in html
    assert "Kesiapsiagaan banjir" not in html
    # Results show title, summary and category.
    assert "Tata cara <mark>peminjaman</mark> ruang RUKO PARSEL oleh desa." in html
    assert "Tata pemerintahan &amp; fungsi BPD" in html


def test_search_finds_sop_by_its_steps(client, pages):
    html = client.get("/cari/?q=memeriksa").content.decode()
    assert "SOP pelaporan keuangan" in html


def test_search_filters_by_category(client, pages, categories):
    html = client.get(f"/cari/?q=desa&kategori={categories[8].slug}").content.decode()
    assert "Kesiapsiagaan banjir" in html
    assert "Peminjaman ruang koordinasi" not in html


def test_search_finds_document_titles(client, pages):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="Formulir peminjaman ruang", file_size=5)
    document.file.save("formulir.txt", ContentFile(b"hallo"), save=False)
    document.save()
    call_command("update_index", verbosity=0)
    html = client.get("/cari/?q=pinjam").content.decode()
    assert "Formulir peminjaman ruang" in html and "Dokumen</span>" in html


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "&|!():*<>'\"", "a" * 151, "x\x00y", "-" * 140, "🙂🙂", "select * from"],
)
def test_empty_or_absurd_queries_give_a_friendly_page(client, pages, query):
    response = client.get("/cari/", {"q": query, "page": "-1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cari panduan dan SOP" in html


def test_too_long_query_says_why(client, db):
    html = client.get("/cari/", {"q": "a" * 151}).content.decode()
    assert "paling banyak 150 karakter" in html


def test_search_results_are_paginated(client, index):
    for n in range(12):
        make_guidance(index, f"Panduan posyandu {n}")
    call_command("update_index", verbosity=0)
    first = client.get("/cari/?q=posyandu").content.decode()
    assert "12 hasil" in first and "Halaman 1 dari 2" in first
    second = client.get("/cari/?q=posyandu&page=2").content.decode()
    assert "Halaman 2 dari 2" in second
