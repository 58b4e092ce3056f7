"""Light pages and what the service worker may keep: compression, inline CSS under the CSP,
Save-Data, immutable static files, the worker's script, and the headers that say whose a page is."""

import base64
import gzip
import hashlib
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from guidance.models import GuidanceIndexPage
from tests.guidance.conftest import make_guidance, make_sop

PUBLIC_PATHS = ["/", "/panduan/", "/cari/?q=desa", "/jadwal/", "/transparansi/", "/masuk/"]


@pytest.fixture
def guidance_pages(db):
    index = GuidanceIndexPage.objects.get(slug="panduan")
    return {
        "guidance": make_guidance(index, "Panduan luring"),
        "sop": make_sop(index, title="SOP luring"),
    }


def inline_hashes(html, tag):
    hashes = set()
    for text in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.DOTALL):
        digest = hashlib.sha256(text.encode()).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def allowed_by(response, name):
    policy = response["Content-Security-Policy"]
    directive = next(part for part in policy.split(";") if part.strip().startswith(name + " "))
    return set(directive.split()[1:])


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS + ["guidance", "sop"])
def test_every_inline_style_and_script_is_allowed_by_its_hash_and_nothing_else_inline(
    client, villages, guidance_pages, path
):
    url = guidance_pages[path].url if path in guidance_pages else path
    response = client.get(url)
    html = response.content.decode()
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        hashes = inline_hashes(html, tag)
        assert hashes, f"the page carries its {tag}"
        allowed = allowed_by(response, directive)
        assert "'unsafe-inline'" not in allowed
        assert allowed - hashes == {"'self'"}, directive
        assert hashes <= allowed, directive
    # No stylesheet or script is requested before the first paint, and there are no web fonts.
    assert not re.search(r'<link[^>]+rel="stylesheet"', html)
    assert not re.search(r"<script[^>]+src=", html)
    assert "@font-face" not in html and "fonts.googleapis" not in html


@pytest.mark.django_db
def test_html_is_compressed_by_the_application(client, villages):
    plain = client.get("/jadwal/")
    packed = client.get("/jadwal/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 3
    html = gzip.decompress(packed.content).decode()
    assert "<h1" in html and html.rstrip().endswith("</html>")


@pytest.mark.django_db
def test_the_csrf_token_in_a_compressed_sign_in_page_changes_every_time(client):
    """BREACH needs a secret that stays the same across responses; Django masks the token."""
    tokens = set()
    for _ in range(3):
        response = client.get("/masuk/", HTTP_ACCEPT_ENCODING="gzip")
        html = gzip.decompress(response.content).decode()
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    assert len(tokens) == 3


@pytest.mark.django_db
def test_save_data_leaves_out_the_decorative_logo(client, guidance_pages):
    url = guidance_pages["sop"].url
    normal = client.get(url)
    saving = client.get(url, HTTP_SAVE_DATA="on")
    assert 'class="sop-identity__logo"' in normal.content.decode()
    assert 'class="sop-identity__logo"' not in saving.content.decode()
    assert "<img" not in saving.content.decode()
    assert "Save-Data" in normal["Vary"] and "Save-Data" in saving["Vary"]


def test_collected_static_files_are_cached_for_a_year_and_immutable(tmp_path):
    storage = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES=storage,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        DEBUG=False,
    ):
        call_command("collectstatic", "--noinput", "-v0")
        from django.templatetags.static import static

        url = static("js/offline.js")
        assert re.search(r"/js/offline\.[0-9a-f]{12}\.js$", url)
        middleware = WhiteNoiseMiddleware(lambda request: None)
        from django.test import RequestFactory

        response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        control = response["Cache-Control"]
        assert "immutable" in control
        assert int(re.search(r"max-age=(\d+)", control).group(1)) >= 365 * 24 * 3600


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root_with_its_indonesian_banner(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert "Anda sedang luring — halaman ini disimpan pada %(when)s." in script
    assert "You are offline — this page was saved on %(when)s." in script
    assert '"Desember"' in script
    assert "{%" not in script and "{{" not in script


@pytest.mark.django_db
def test_public_pages_are_kept_for_anyone_and_the_sign_in_page_is_not(client, guidance_pages):
    for url in ["/", "/panduan/", guidance_pages["sop"].url, "/jadwal/"]:
        response = client.get(url)
        assert response["X-Offline-Owner"] == "anonymous", url
        assert response["X-Offline-Keep"] == "public", url
    login = client.get("/masuk/")
    assert login["X-Offline-Owner"] == "anonymous"
    assert "X-Offline-Keep" not in login


@pytest.mark.django_db
def test_an_operators_pages_are_kept_only_for_them(client, operator, other_operator):
    client.force_login(operator)
    mine = client.get("/reservasi/")
    assert mine.status_code == 200
    assert mine["X-Offline-Keep"] == "user"
    owner = mine["X-Offline-Owner"]
    assert re.fullmatch(r"[0-9a-f]{32}", owner)  # opaque: not the user's id or name
    assert client.get("/jadwal/")["X-Offline-Owner"] == owner
    # Forms and the account page are not kept.
    assert "X-Offline-Keep" not in client.get("/reservasi/baru/")
    assert "X-Offline-Keep" not in client.get("/akun/")
    client.force_login(other_operator)
    assert client.get("/reservasi/")["X-Offline-Owner"] not in (owner, "anonymous")


@pytest.mark.django_db
def test_signing_out_clears_the_browsers_cache(client, operator):
    client.force_login(operator)
    response = client.post("/keluar/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/luring/", "/luring/tidak-terkirim/"])
def test_the_offline_pages_are_public_and_in_indonesian(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    assert "luring" in html.lower()
