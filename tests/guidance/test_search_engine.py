"""Search: coverage ranking, what is indexed, synonyms, services, results, the way to ask the
kecamatan, the query log and promotions."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document

from guidance.demo import tiny_pdf
from guidance.models import PageFeedback, PortalService, SearchLog, SearchSynonym
from guidance.query_words import STOP_WORDS, meaningful_words
from guidance.search import run_search
from guidance.selectors import unanswered_queries

from .conftest import make_guidance, make_sop


def reindex():
    call_command("update_index", verbosity=0)


def keys(query, category=None):
    return [hit.key for hit in run_search(query, category).hits]


# The stop word list


@pytest.mark.parametrize(
    "word",
    [
        "cara",
        "bagaimana",
        "apa",
        "apakah",
        "berapa",
        "siapa",
        "kapan",
        "di",
        "ke",
        "dari",
        "yang",
        "dan",
        "untuk",
        "syaratnya",
        "lewat",
        "paling",
    ],
)
def test_question_and_function_words_named_in_the_issue_are_stop_words(word):
    assert word in STOP_WORDS


def test_meaningful_words_drop_question_words_and_keep_order():
    assert meaningful_words("Cara meminjam ruang di kecamatan, syaratnya apa?") == [
        "meminjam",
        "ruang",
        "kecamatan",
    ]


def test_a_query_of_only_stop_words_still_searches_its_words(index):
    make_guidance(index, "Kapan dan bagaimana", summary="Apa yang dibahas di sini.")
    reindex()
    assert meaningful_words("apa dan bagaimana") == ["apa", "dan", "bagaimana"]
    assert keys("apa dan bagaimana")[0] == "page:kapan-dan-bagaimana"


# Ranking by coverage and by where a word stands


def test_any_meaningful_word_finds_and_more_covered_words_rank_higher(index):
    make_guidance(index, "Laporan desa", summary="Umum.", slug="satu-kata")
    make_guidance(index, "Laporan realisasi APBDes", summary="Umum.", slug="tiga-kata")
    make_guidance(index, "Realisasi laporan", summary="Umum.", slug="dua-kata")
    reindex()
    # "kapan", "paling" and "cara" are dropped; no page says "tahunan".
    assert keys("cara laporan realisasi apbdes tahunan paling kapan") == [
        "page:tiga-kata",
        "page:dua-kata",
    ]
    # Two words: a page with either of them is found, the one with both first.
    found = keys("laporan realisasi")
    assert set(found[:2]) == {"page:dua-kata", "page:tiga-kata"}
    assert found[2:] == ["page:satu-kata"]


def test_title_outranks_summary_outranks_headings_outranks_body(index):
    make_guidance(index, "Irigasi sawah", slug="di-judul", summary="Umum.")
    make_guidance(index, "Air", slug="di-ringkasan", summary="Tentang irigasi sawah.")
    make_guidance(
        index,
        "Air",
        slug="di-subjudul",
        summary="Umum.",
        body=[("heading", {"text": "Irigasi sawah", "level": "h2"})],
    )
    make_guidance(
        index,
        "Air",
        slug="di-isi",
        summary="Umum.",
        body=[("text", "<p>Pembahasan irigasi sawah.</p>")],
    )
    reindex()
    assert keys("irigasi sawah") == [
        "page:di-judul",
        "page:di-ringkasan",
        "page:di-subjudul",
        "page:di-isi",
    ]


def test_one_shared_word_does_not_answer_a_long_question(index):
    make_guidance(index, "Musim hujan", summary="Umum.", slug="musim")
    reindex()
    assert keys("harga pupuk subsidi musim tanam") == []
    assert keys("musim hujan") == ["page:musim"]


# Everything a page says is indexed


SOP_FIELDS = {
    "qualifications": "Menguasai kearsipan dinamis",
    "related_sops": "SOP Penomoran Berkas Kependudukan",
    "equipment": "Lemari filing tahan api",
    "warnings": "Berkas asli jangan dilubangi",
    "records": "Register pengarsipan surat",
    "sop_number": "470/77/SOP-ARSIP",
    "approver_position": "Sekretaris Kecamatan Paringin",
    "legal_basis": "Peraturan Kepala ANRI tentang jadwal retensi",
}


@pytest.mark.parametrize(("field", "text"), list(SOP_FIELDS.items()))
def test_every_sop_identity_field_is_searchable(index, field, text):
    make_sop(index, title="SOP uji bidang", slug="sop-bidang", **{field: text})
    make_guidance(index, "Halaman lain", slug="lain")
    reindex()
    assert keys(text)[:1] == ["page:sop-bidang"]


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("requirements", "Formulir isian bermaterai"),
        ("output", "Berita acara penyerahan"),
        ("remarks", "Dikerjakan bergiliran per dusun"),
    ],
)
def test_every_mutu_baku_column_and_actor_is_searchable(index, cell, text):
    make_sop(
        index,
        title="SOP mutu",
        slug="sop-mutu",
        actors=("Juru Pungut", "Staf Seksi"),
        steps=[
            ("Mulai", "Juru Pungut", "start", None, {cell: text}),
            ("Selesai", "Staf Seksi", "end", None),
        ],
    )
    reindex()
    assert keys(text)[:1] == ["page:sop-mutu"]
    assert keys("juru pungut")[:1] == ["page:sop-mutu"]


def test_guidance_questions_answers_tables_and_callouts_are_searchable(index):
    make_guidance(
        index,
        "Blok lengkap",
        slug="blok",
        body=[
            (
                "questions",
                {
                    "title": "Tanya jawab",
                    "items": [
                        {
                            "question": "Bolehkah menyewa ekskavator?",
                            "answer": "<p>Boleh melalui swakelola.</p>",
                        }
                    ],
                },
            ),
            ("table", {"caption": "Tarif", "data": "Barang | Harga\nSemen | Rp70.000"}),
            (
                "callout",
                {"kind": "info", "title": "Catatan", "text": "<p>Simpan kuitansi asli.</p>"},
            ),
        ],
    )
    reindex()
    for query in ["ekskavator", "swakelola", "semen", "kuitansi"]:
        assert keys(query)[:1] == ["page:blok"], query


def test_text_inside_an_uploaded_pdf_is_searchable(db):
    document = Document(title="Lampiran tanpa kata kunci")
    document.file.save(
        "lampiran.pdf",
        ContentFile(tiny_pdf(["Petunjuk teknis rehabilitasi jembatan gantung"])),
        save=False,
    )
    document.save()
    reindex()
    assert keys("jembatan gantung") == ["dokumen:Lampiran tanpa kata kunci"]


def test_a_damaged_pdf_is_stored_and_found_by_its_title(db):
    document = Document(title="Berkas rusak jembatan")
    document.file.save("rusak.pdf", ContentFile(b"%PDF-1.4 not really"), save=False)
    document.save()
    reindex()
    assert document.search_text.text == ""
    assert keys("berkas rusak") == ["dokumen:Berkas rusak jembatan"]


# Synonyms, and the portal's services


def test_the_starting_synonyms_are_shipped_and_editable(index):
    assert SearchSynonym.objects.filter(term="APBDes").exists()
    make_guidance(index, "Anggaran pendapatan dan belanja desa", slug="apb", summary="Umum.")
    reindex()
    assert keys("apbdes")[:1] == ["page:apb"]
    assert keys("ABPD") == []
    SearchSynonym.objects.create(term="ABPD", alternatives="anggaran pendapatan dan belanja desa")
    assert keys("ABPD")[:1] == ["page:apb"]


@pytest.mark.parametrize(
    ("query", "service"),
    [
        ("cara meminjam ruang di kecamatan", "reservasi-ruang"),
        ("sewa ruang rapat", "reservasi-ruang"),
        ("jadwal ruang kosong", "jadwal-ruang"),
        ("langganan kalender", "kalender-desa"),
        ("angka transparansi", "angka-publik"),
        ("tindak lanjut hasil sesi", "tindak-lanjut"),
    ],
)
def test_portal_services_are_found_by_everyday_words(db, query, service):
    reindex()
    assert f"layanan:{service}" in keys(query)[:2]


# Results


@pytest.fixture
def results_site(index, categories):
    make_guidance(
        index,
        "Alur rujukan stunting",
        slug="stunting",
        summary="Rujukan balita ke puskesmas.",
        categories=[categories[7]],
        body=[("text", "<p>Kader menimbang balita di posyandu setiap bulan.</p>")],
    )
    make_sop(index, title="SOP pelaporan keuangan", slug="sop-keuangan", categories=[categories[3]])
    for page in index.get_children().specific():
        page.save_revision().publish()
    reindex()


def test_results_show_the_matching_passage_type_and_date(client, results_site):
    html = client.get("/cari/", {"q": "posyandu"}).content.decode()
    assert "<mark>posyandu</mark>" in html
    assert "Panduan</span>" in html
    assert "Diperbarui" in html
    html = client.get("/cari/", {"q": "pelaporan keuangan"}).content.decode()
    assert '<span class="badge badge--sop">SOP</span>' in html
    html = client.get("/cari/", {"q": "meminjam ruang"}).content.decode()
    assert "Layanan</span>" in html


def test_category_filter_narrows_results(client, results_site, categories):
    assert keys("balita keuangan") and len(keys("balita keuangan")) >= 1
    assert keys("stunting keuangan", categories[3]) == ["page:sop-keuangan"]


def test_a_typo_finds_through_trigrams_and_says_did_you_mean(client, results_site):
    outcome = run_search("stuntig")
    assert outcome.suggestion == "stunting"
    assert [hit.key for hit in outcome.hits][:1] == ["page:stunting"]
    html = client.get("/cari/", {"q": "stuntig"}).content.decode()
    assert "Mungkin maksud Anda" in html and "?q=stunting" in html


# No dead end


def test_every_results_page_ends_with_a_prefilled_question(client, results_site, categories):
    html = client.get("/cari/", {"q": "posyandu"}).content.decode()
    assert "Tidak menemukan jawaban?" in html and "Tanyakan ke kecamatan" in html
    link = html.split('class="button" href="')[1].split('"')[0].replace("&amp;", "&")
    url = urlparse(link)
    assert url.path == "/reservasi/baru/"
    params = parse_qs(url.query)
    assert params["deskripsi"] == ["posyandu"]
    assert params["kategori"] == [categories[7].slug]  # guessed from the best page


def test_an_empty_result_says_so_and_offers_near_queries_and_categories(client, results_site):
    html = client.get("/cari/", {"q": "harga pupuk subsidi"}).content.decode()
    assert "Tidak ada halaman yang menjawab" in html
    assert "?q=pupuk" in html and "/panduan/?kategori=" in html
    assert "kategori=lainnya" in html  # nothing to guess from: “Lainnya”


def test_anonymous_visitor_signs_in_and_keeps_the_question(client, operator, categories):
    question = "Bagaimana cara mengurus tanah kas desa?"
    ask = f"/reservasi/baru/?deskripsi={question}&kategori={categories[3].slug}"
    response = client.get(ask)
    assert response.status_code == 302
    login = response["Location"]
    next_url = parse_qs(urlparse(login).query)["next"][0]
    assert parse_qs(urlparse(next_url).query)["deskripsi"] == [question]
    client.force_login(operator)
    html = client.get(next_url).content.decode()
    assert f"{question}</textarea>" in html
    assert f'value="{categories[3].pk}" selected' in html


# The query log, the report and promotions


def test_a_search_is_logged_without_personal_data(client, results_site):
    client.get("/cari/", {"q": "Posyandu  Balita"}, REMOTE_ADDR="10.1.2.3")
    log = SearchLog.objects.get()
    assert (log.query, log.day, log.results) == ("posyandu balita", datetime.date.today(), 1)
    fields = {f.name for f in SearchLog._meta.get_fields()}
    assert fields == {"id", "query", "day", "results", "clicked_page", "clicked_url"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_log_is_written_with_its_short_waits_in_one_round_trip():
    """The way production writes it (no surrounding transaction): one statement sets the
    log's lock and statement timeouts and inserts the row."""
    from django.test.utils import CaptureQueriesContext

    from guidance import services

    with CaptureQueriesContext(connection) as captured:
        assert services.search_log(query="Syarat  APBDes", results=3)
    assert [q["sql"].split()[:2] for q in captured] == [["SET", "LOCAL"]]
    log = SearchLog.objects.get()
    assert (log.query, log.results, log.clicked_page) == ("syarat apbdes", 3, None)


def test_opening_a_result_is_logged_and_redirects(client, results_site):
    from guidance.models import GuidanceBasePage

    page = GuidanceBasePage.objects.get(slug="stunting")
    response = client.get(f"/cari/buka/halaman/{page.pk}/", {"q": "posyandu", "n": "1"})
    assert response.status_code == 302 and response["Location"] == page.url
    log = SearchLog.objects.get()
    assert log.clicked_page_id == page.pk and log.clicked_url == page.url


def test_opening_an_unknown_result_is_a_404_and_logs_nothing(client, results_site):
    assert client.get("/cari/buka/halaman/999999/", {"q": "x"}).status_code == 404
    assert client.get("/cari/buka/lain/1/", {"q": "x"}).status_code == 404
    assert not SearchLog.objects.exists()


def test_search_works_when_the_log_table_fails(client, results_site):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE guidance_searchlog RENAME TO guidance_searchlog_gone")
    response = client.get("/cari/", {"q": "posyandu"})
    assert response.status_code == 200
    assert "Alur rujukan stunting" in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE guidance_searchlog_gone RENAME TO guidance_searchlog")
    assert not SearchLog.objects.exists()


def test_report_lists_frequent_unanswered_and_unhelpful_queries(client, results_site, admin_client):
    from guidance.models import GuidanceBasePage

    for _n in range(3):
        client.get("/cari/", {"q": "pupuk subsidi"})
    client.get("/cari/", {"q": "nelayan"})
    page = GuidanceBasePage.objects.get(slug="stunting")
    client.get(f"/cari/buka/halaman/{page.pk}/", {"q": "gizi buruk", "n": "1"})
    PageFeedback.objects.create(page=page, helpful=False)
    rows = unanswered_queries()
    assert [(r["query"], r["times"], r["unhelpful"]) for r in rows] == [
        ("pupuk subsidi", 3, 0),
        ("gizi buruk", 0, 1),
        ("nelayan", 1, 0),
    ]
    html = admin_client.get("/admin/reports/pencarian-tanpa-jawaban/").content.decode()
    assert "pupuk subsidi" in html and "gizi buruk" in html


def test_a_search_promotion_pins_its_page_first(client, results_site):
    from guidance.models import GuidanceBasePage

    page = GuidanceBasePage.objects.get(slug="sop-keuangan")
    SearchPromotion.objects.create(query=Query.get("posyandu"), page=page, sort_order=0)
    assert keys("posyandu")[:2] == ["page:sop-keuangan", "page:stunting"]
    html = client.get("/cari/", {"q": "posyandu"}).content.decode()
    assert "Disarankan" in html


def test_services_are_editable_snippets(admin_client, db):
    service = PortalService.objects.get(slug="jadwal-ruang")
    response = admin_client.get(f"/admin/snippets/guidance/portalservice/edit/{service.pk}/")
    assert response.status_code == 200
    response = admin_client.get("/admin/snippets/guidance/searchsynonym/")
    assert response.status_code == 200 and "APBDes" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["//evil.example", "/\\evil.example", "https://evil.example/", "/a b"]
)
def test_a_service_address_must_be_a_path_on_this_portal(db, url):
    from django.core.exceptions import ValidationError

    service = PortalService(slug="x", title="X", description="X", url=url)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "Masukkan alamat di portal ini" in str(error.value)


def test_opening_a_service_never_leaves_the_portal(client, db):
    service = PortalService.objects.get(slug="jadwal-ruang")
    PortalService.objects.filter(pk=service.pk).update(url="//evil.example/")
    response = client.get(f"/cari/buka/layanan/{service.pk}/", {"q": "jadwal"})
    assert response.status_code == 404
    assert not SearchLog.objects.exists()


def test_an_unknown_category_in_the_question_link_is_ignored(client, operator):
    client.force_login(operator)
    response = client.get("/reservasi/baru/", {"deskripsi": "Soal tapal batas", "kategori": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Soal tapal batas</textarea>" in html
    select = html.split('name="category"')[1].split("</select>")[0]
    assert select.count(" selected>") == 1 and 'value="" selected>' in select


def test_editors_keep_synonyms_services_and_promotions(client, django_user_model, db):
    from home import roles
    from tests.conftest import make_user

    editor = make_user(django_user_model, "redaktur", group=roles.EDITORS)
    client.force_login(editor)
    for url in (
        "/admin/snippets/guidance/searchsynonym/add/",
        "/admin/snippets/guidance/portalservice/add/",
        "/admin/searchpicks/add/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/reports/pencarian-tanpa-jawaban/").status_code == 200
