import io
import re

import pytest
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Site

from home.models import SiteSettings

from .conftest import make_sop


@pytest.fixture
def sop(index):
    return make_sop(index)


def test_sop_table_has_the_standard_columns(client, sop):
    html = client.get(sop.url).content.decode()
    thead = html[html.index("<thead>") : html.index("</thead>")]
    headers = re.findall(r"<th[^>]*>(.*?)</th>", thead)
    assert headers == [
        "No.",
        "Uraian Kegiatan",
        "Pelaksana",
        "Mutu Baku",
        "Keterangan",
        "Operator Desa",
        "Staf Seksi",
        "Camat",
        "Kelengkapan",
        "Waktu",
        "Output",
    ]
    assert 'colspan="3">Pelaksana' in thead


def test_sop_identity_block(client, sop):
    html = client.get(sop.url).content.decode()
    for text in (
        "001/SOP/2026",
        "2 Januari 2026",
        "5 Januari 2026",
        "19700101 200003 1 001",
        "Dasar Hukum",
        "UU No. 6 Tahun 2014 tentang Desa",
        "Kualifikasi Pelaksana",
        "Peralatan/Perlengkapan",
        "Peringatan",
        "Pencatatan dan Pendataan",
        "Keterkaitan",
    ):
        assert text in html, text


def test_one_flowchart_symbol_per_step_in_its_actor_column(client, sop):
    html = client.get(sop.url).content.decode()
    symbols = re.findall(
        r'<g class="flow-symbol flow-symbol--(\w+)" data-kind="\w+" data-step="(\d+)"', html
    )
    assert symbols == [
        ("start", "1"),
        ("process", "2"),
        ("decision", "3"),
        ("process", "4"),
        ("end", "5"),
    ]
    rows = re.findall(r'<td class="sop-flow" colspan="3">(.*?)</td>', html, re.S)
    assert len(rows) == 5
    # Actor k of 3 is centred at (k + 0.5) / 3 of the actor columns.
    symbol = '<svg x="{}" y="50%" overflow="visible"><g class="flow-mark"><g class="flow-symbol'
    assert symbol.format("16.667%") in rows[0]
    assert symbol.format("50.000%") in rows[1]
    assert symbol.format("83.333%") in rows[2]
    # Arrows into every step but the first, none out of the last.
    assert all('class="flow-arrow"' in row for row in rows[1:])
    assert 'class="flow-arrow"' not in rows[0]


def test_decision_shows_yes_and_no_branches(client, sop):
    html = client.get(sop.url).content.decode()
    rows = re.findall(r'<td class="sop-flow" colspan="3">(.*?)</td>', html, re.S)
    decision = rows[2]
    assert ">Ya</text>" in decision and ">Tidak</text>" in decision
    assert "flow-line--branch" in decision
    # The “no” branch loops back to step 2 and ends there with an arrow.
    assert "flow-line--branch" in rows[1] and 'class="flow-arrow"' in rows[1]
    assert "jika tidak, ke langkah 2" in decision


def test_sop_print_stylesheet_is_a4_landscape(client, sop, settings):
    from pathlib import Path

    css = (Path(settings.BASE_DIR) / "static/css/guidance.css").read_text()
    assert "@page sop { size: A4 landscape" in css
    html = client.get(sop.url).content.decode()
    assert 'class="page-sop"' in html
    assert "@page sop { size: A4 landscape" in html  # guidance.css, written into the page


def test_full_text_holds_every_field_and_cell(index):
    sop = make_sop(
        index,
        steps=[
            ("Mulai berkas", "Operator Desa", "start", None, {"requirements": "KTP asli"}),
            ("Periksa", "Camat", "end", None, {"remarks": "Catatan khusus", "output": "Surat"}),
        ],
        warnings="Jangan terlambat",
    )
    text = sop.full_text()
    for part in (
        "SOP Uji",
        "001/SOP/2026",
        "2 Januari 2026",
        "19700101 200003 1 001",
        "Jangan terlambat",
        "Operator Desa",
        "Prosedur",
        "Mulai berkas",
        "KTP asli",
        "Catatan khusus",
        "Surat",
    ):
        assert part in text, part


def test_page_queries_do_not_grow_with_procedures_and_steps(client, index):
    small = make_sop(index, title="SOP kecil")
    many = make_sop(
        index,
        title="SOP besar",
        procedures=("Satu", "Dua"),
        steps=[
            (f"Langkah {n}", ["Operator Desa", "Camat"], "process", None, {"procedure": p})
            for p in ("Satu", "Dua")
            for n in range(12)
        ],
    )
    counts = []
    for page in (small, many, small, many):  # the first two warm per-process caches
        for cache in caches.all():  # measure the rendering, not a cached page
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        counts.append(len(queries))
    assert counts[2] == counts[3]


def _image(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), "green").save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def test_the_kop_uses_the_sop_logo_else_the_site_default(client, index):
    sop = make_sop(index)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = _image("lambang-balangan")
    settings.save()
    html = client.get(sop.url).content.decode()
    html = html[html.index("<body") :]  # past the stylesheet, which names the same classes
    kop = html[html.index('class="sop-identity__agency"') : html.index("sop-identity__kop")]
    assert "lambang-balangan" in kop and 'alt=""' in kop
    sop.logo = _image("logo-kelurahan")
    sop.save_revision().publish()
    for cache in caches.all():
        cache.clear()
    html = client.get(sop.url).content.decode()
    html = html[html.index("<body") :]
    kop = html[html.index('class="sop-identity__agency"') : html.index("sop-identity__kop")]
    assert "logo-kelurahan" in kop and "lambang-balangan" not in kop
