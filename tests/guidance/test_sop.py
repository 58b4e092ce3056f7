import re

import pytest
from django.urls import reverse

from guidance.models import SopPage

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
        "NIP 197001012000031001",
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
    assert '<svg x="16.667%" y="50%" overflow="visible"><g class="flow-symbol' in rows[0]
    assert '<svg x="50.000%" y="50%" overflow="visible"><g class="flow-symbol' in rows[1]
    assert '<svg x="83.333%" y="50%" overflow="visible"><g class="flow-symbol' in rows[2]
    # Arrows into every step but the first, none out of the last.
    assert all('class="flow-arrow"' in row for row in rows[1:])
    assert 'class="flow-arrow"' not in rows[0]


def test_decision_shows_yes_and_no_branches(client, sop):
    html = client.get(sop.url).content.decode()
    rows = re.findall(r'<td class="sop-flow" colspan="3">(.*?)</td>', html, re.S)
    decision = rows[2]
    assert ">Ya</text>" in decision and ">Tidak</text>" in decision
    assert "flow-line--no" in decision
    # The “no” branch loops back to step 2 and ends there with an arrow.
    assert "flow-line--no" in rows[1] and 'class="flow-arrow"' in rows[1]
    assert "jika tidak, ke langkah 2" in decision


def test_sop_print_stylesheet_is_a4_landscape(client, sop, settings):
    from pathlib import Path

    css = (Path(settings.BASE_DIR) / "static/css/guidance.css").read_text()
    assert "@page sop { size: A4 landscape" in css
    html = client.get(sop.url).content.decode()
    assert 'class="page-sop"' in html
    assert "/static/css/guidance.css" in html


def _sop_post_data(sop, steps, actors=("Operator Desa", "Camat")):
    data = {
        "title": sop.title,
        "slug": sop.slug,
        "summary": sop.summary,
        "agency": sop.agency,
        "sop_number": sop.sop_number,
        "date_made": "2026-01-02",
        "date_effective": "2026-01-05",
        "approver_position": "Camat",
        "approver_name": "Nama",
        "approver_nip": "197001012000031001",
        "legal_basis": "UU 6/2014",
        "actors-TOTAL_FORMS": str(len(actors)),
        "actors-INITIAL_FORMS": "0",
        "actors-MIN_NUM_FORMS": "1",
        "actors-MAX_NUM_FORMS": "8",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "1",
        "steps-MAX_NUM_FORMS": "1000",
        "related_picks-TOTAL_FORMS": "0",
        "related_picks-INITIAL_FORMS": "0",
    }
    for n, name in enumerate(actors):
        data.update(
            {f"actors-{n}-name": name, f"actors-{n}-ORDER": str(n + 1), f"actors-{n}-id": ""}
        )
    for n, (activity, actor, kind, no_step) in enumerate(steps):
        data.update(
            {
                f"steps-{n}-activity": activity,
                f"steps-{n}-actor": actor,
                f"steps-{n}-kind": kind,
                f"steps-{n}-no_step": no_step or "",
                f"steps-{n}-ORDER": str(n + 1),
                f"steps-{n}-id": "",
            }
        )
    return data


def test_admin_rejects_steps_that_cannot_be_drawn(admin_client, index):
    sop = SopPage(
        title="SOP baru",
        slug="sop-baru",
        summary="Ringkas",
        sop_number="1",
        approver_position="Camat",
        approver_name="Nama",
        legal_basis="x",
    )
    url = reverse("wagtailadmin_pages:add", args=("guidance", "soppage", index.pk))
    steps = [
        ("Mulai", "Operator Desa", "start", None),
        ("Periksa", "Pelaksana Tak Dikenal", "decision", 7),
        ("Selesai", "Camat", "end", 1),
    ]
    response = admin_client.post(url, _sop_post_data(sop, steps))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gunakan salah satu pelaksana" in html
    assert "Pilih langkah lain antara 1 dan 3" in html
    assert "Hanya keputusan yang memiliki cabang" in html
    assert not SopPage.objects.filter(slug="sop-baru").exists()

    good = [
        ("Mulai", "Operator Desa", "start", None),
        ("Setuju?", "camat", "decision", 1),
        ("Selesai", "Operator Desa", "end", None),
    ]
    response = admin_client.post(url, _sop_post_data(sop, good))
    assert response.status_code == 302, response.content.decode()[:3000]
    created = SopPage.objects.get(slug="sop-baru")
    assert [s.kind for s in created.steps.all()] == ["start", "decision", "end"]
