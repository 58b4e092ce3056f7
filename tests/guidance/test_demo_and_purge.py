import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from wagtail.documents.models import Document

from guidance import demo
from guidance.models import GuidancePage, SopPage
from home.models import ProblemCategory

from .conftest import make_guidance


@pytest.mark.django_db
def test_demo_covers_every_category_and_is_idempotent():
    demo.load()
    counts = (GuidancePage.objects.count(), SopPage.objects.count(), Document.objects.count())
    demo.load()
    assert (
        GuidancePage.objects.count(),
        SopPage.objects.count(),
        Document.objects.count(),
    ) == counts
    for category in ProblemCategory.objects.all():
        assert GuidancePage.objects.live().filter(categories=category).exists(), category.name
    sop = SopPage.objects.get(slug="sop-koordinasi-ruko-parsel")
    assert [a.name for a in sop.actors.all()] == ["Operator Desa", "Staf Seksi", "Camat/Sekcam"]
    assert "Peraturan Bupati Balangan Nomor 72 Tahun 2021" in sop.legal_basis
    # The kelurahan mail SOP: two procedures, and a decision that sends a draft back.
    mail = SopPage.objects.get(slug="sop-surat-masuk-dan-keluar-batu-piring")
    assert mail.live
    procedures = mail.procedures_data()
    assert [p.title for p in procedures] == ["Surat Masuk", "Surat Keluar"]
    backward = [
        (n, s.no_step)
        for p in procedures
        for n, s in enumerate(p.steps, start=1)
        if s.kind == "decision" and s.no_step < n
    ]
    assert backward == [(2, 1)]
    assert len(mail.actor_names) >= 6
    pdf = Document.objects.get(file__endswith=".pdf")
    with pdf.open_file() as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")


class _Recorder(BaseHTTPRequestHandler):
    seen = []

    def do_PURGE(self):  # noqa: N802 -- HTTP method name
        _Recorder.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_publishing_purges_the_page_its_index_and_the_document_list(
    index, purge_server, settings, django_capture_on_commit_callbacks
):
    host, port = purge_server.server_address
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://{host}:{port}",
        }
    }
    page = make_guidance(index, "Dibersihkan", live=False)
    page.save_revision().publish()
    assert f"{page.url}" in _Recorder.seen
    assert "/panduan/" in _Recorder.seen
    assert "/panduan/dokumen/" in _Recorder.seen
    _Recorder.seen.clear()
    page.refresh_from_db()
    assert page.live
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert "/panduan/dibersihkan/" in _Recorder.seen
    assert "/panduan/" in _Recorder.seen
