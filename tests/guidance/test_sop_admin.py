"""SOPs entered through the Wagtail admin as an editor types them from real documents."""

import re

import pytest
from django.contrib.auth.models import Group

from guidance.models import SopPage
from home import roles

from .conftest import make_sop
from .sop_shapes import COMPLAINT, INCOMING_MAIL, TWO_PROCEDURES, add_url, admin_form_data


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("rina", password="x-Strong-pass-1")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _submit(client, index, shape, **changes):
    data = {**admin_form_data(shape), **changes}
    return client.post(add_url(index), data)


def _published_html(client, page):
    page.get_latest_revision().publish()
    client.logout()
    return client.get(SopPage.objects.get(pk=page.pk).url).content.decode()


def _errors(response):
    return response.content.decode()


def test_incoming_mail_sop_with_a_backward_no_is_saved_as_typed(editor_client, index):
    response = _submit(editor_client, index, INCOMING_MAIL)
    assert response.status_code == 302, _errors(response)[-4000:]
    page = SopPage.objects.get(title="Pengelolaan Surat Masuk")
    assert not page.live and page.current_workflow_state.status == "in_progress"
    assert (page.date_made, page.date_revised, page.date_effective) == (
        "2015-01-04",
        "2016-01-04",
        "2016-01-04",
    )
    assert page.approver_nip == "197812171998031001"
    assert page.agency.splitlines() == [
        "Pemerintah Kabupaten Balangan",
        "Kecamatan Paringin Selatan",
        "Kelurahan Batu Piring",
    ]
    steps = list(page.steps.all())
    assert [s.actors for s in steps][:3] == [
        ["Pengantar Surat"],
        ["Petugas Agenda"],
        ["Sekretaris Kelurahan"],
    ]
    assert (steps[2].kind, steps[2].no_step, steps[2].yes_step) == ("decision", 1, None)
    assert [str(s.time) for s in steps] == ["5 menit", "10 menit", "15 menit", "1 jam", "1 hari"]

    html = _published_html(editor_client, page)
    assert "4 Januari 2015" in html and "4 Januari 2016" in html
    assert "19781217 199803 1 001" in html
    kop = re.search(r'class="sop-identity__kop"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert re.findall(r"<span>(.*?)</span>", kop) == [
        "Pemerintah Kabupaten Balangan",
        "Kecamatan Paringin Selatan",
        "Kelurahan Batu Piring",
    ]
    assert 'class="sop-sign__space"' in html and "Ahmad Fauzi, S.Sos" in html
    # The backward “Tidak” runs from step 3 up to step 1 and ends there with an arrow.
    rows = re.findall(r'<td class="sop-flow" colspan="4">(.*?)</td>', html, re.S)
    assert ">Tidak</text>" in rows[2] and ">Ya</text>" in rows[2]
    assert all("flow-line--branch" in row for row in rows[:3])
    assert "flow-line--branch" not in rows[3]
    assert "jika tidak, ke langkah 1" in rows[2]
    # 5 + 10 + 15 minutes and 1 hour carry into 1 jam 30 menit; days stay days.
    assert re.search(r'class="sop-time">1 hari 1 jam 30 menit<', html)


def test_complaint_sop_with_blank_identity_fields_and_a_month_prints_empty_cells(
    editor_client, index
):
    response = _submit(editor_client, index, COMPLAINT)
    assert response.status_code == 302, _errors(response)[-4000:]
    page = SopPage.objects.get(title="Penanganan Pengaduan Masyarakat")
    assert (page.sop_number, page.date_made, page.date_revised, page.date_effective) == (
        "",
        "2019-09",
        "",
        "",
    )
    assert (page.approver_name, page.approver_nip) == ("", "")
    html = _published_html(editor_client, page)
    assert "<dd>September 2019</dd>" in html
    for label in ("Nomor SOP", "Tanggal Revisi", "Tanggal Efektif"):
        assert re.search(rf"<dt>{label}</dt><dd></dd>", html), label
    assert '<span class="sop-sign__name"></span>' in html
    assert re.search(r'<span class="sop-sign__nip">NIP\s*</span>', html)
    steps = list(page.steps.all())
    assert steps[3].actors == ["Kepala Bidang", "Kepala Dinas"]
    assert (steps[2].yes_step, steps[2].no_step) == (5, 4)


def test_two_procedures_with_seven_actors_each_get_their_table(editor_client, index):
    response = _submit(editor_client, index, TWO_PROCEDURES)
    assert response.status_code == 302, _errors(response)[-4000:]
    page = SopPage.objects.get(title="Administrasi Persuratan Kelurahan")
    assert [p.title for p in page.procedures.all()] == ["Surat Masuk", "Surat Keluar"]
    assert page.date_effective == "2020-03"
    html = _published_html(editor_client, page)
    tables = re.findall(r'<table class="sop-table.*?</table>', html, re.S)
    assert len(tables) == 2
    assert "Prosedur 1: Surat Masuk" in html and "Prosedur 2: Surat Keluar" in html
    numbers = [re.findall(r'<td class="sop-no">(\d+)</td>', table) for table in tables]
    assert numbers == [["1", "2", "3", "4", "5"], ["1", "2", "3", "4"]]
    # Each table shows the actors who take part in it, in the SOP's order.
    actors = [re.findall(r'class="sop-actor"[^>]*>(.*?)</th>', table) for table in tables]
    assert actors[0] == [
        "Pemohon",
        "Petugas Loket",
        "Kasi Pemerintahan",
        "Kasi Kesejahteraan Sosial",
        "Sekretaris Kelurahan",
        "Lurah",
        "Pengelola Arsip",
    ]
    assert actors[1] == [
        "Petugas Loket",
        "Kasi Pemerintahan",
        "Sekretaris Kelurahan",
        "Lurah",
        "Pengelola Arsip",
    ]
    # A step done by two actors has a symbol in both columns, joined.
    first = re.findall(r'<td class="sop-flow" colspan="7">(.*?)</td>', tables[0], re.S)[0]
    assert first.count('data-step="1"') == 2 and "flow-line--joint" in first
    assert 'class="sop-time">1 hari 3 jam<' in tables[1]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("4 Januari 2016", "2016-01-04"),
        ("04 Januari 2015", "2015-01-04"),
        ("04-01-2016", "2016-01-04"),
        ("04/01/2016", "2016-01-04"),
        ("Januari 2016", "2016-01"),
        ("", ""),
    ],
)
def test_every_date_form_is_kept_through_the_admin(editor_client, index, typed, stored):
    data = admin_form_data(COMPLAINT, action=None)
    data["date_revised"] = typed
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 302, _errors(response)[-3000:]
    assert SopPage.objects.get(slug=data["slug"]).date_revised == stored


@pytest.mark.parametrize("typed", ["31/02/2016", "Januarii 2016", "kemarin", "2016", "13-13-2016"])
def test_an_unreadable_date_is_refused_and_never_becomes_today(editor_client, index, typed):
    data = admin_form_data(COMPLAINT, action=None)
    data["date_made"] = typed
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "bukan tanggal yang dapat dibaca" in html or "tidak ada di kalender" in html
    assert f'value="{typed}"' in html  # what was typed is shown back, not replaced
    assert not SopPage.objects.filter(slug=data["slug"]).exists()


def test_nip_with_wrong_digit_count_is_refused_with_the_count(editor_client, index):
    data = admin_form_data(INCOMING_MAIL, action=None)
    data["approver_nip"] = "19781217 199803 1 01"
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 200
    assert "NIP terdiri atas 18 angka" in response.content.decode()
    assert "Yang ini 17" in response.content.decode()


def test_decision_targets_are_checked_with_the_right_range(editor_client, index):
    data = admin_form_data(INCOMING_MAIL, action=None)
    data["steps-2-no_step"] = "9"
    data["steps-1-kind"] = "process"
    data["steps-1-yes_step"] = "3"
    response = editor_client.post(add_url(index), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Langkah 9 tidak ada: prosedur ini memiliki langkah 1 sampai 5." in html
    assert "Hanya keputusan yang memiliki cabang" in html
    data = admin_form_data(INCOMING_MAIL, action=None)
    data["steps-2-no_step"] = "3"
    html = editor_client.post(add_url(index), data).content.decode()
    assert "tidak dapat kembali ke keputusan itu sendiri" in html
    data["steps-2-no_step"] = "4"
    html = editor_client.post(add_url(index), data).content.decode()
    assert "harus menuju langkah yang berbeda" in html
    assert not SopPage.objects.exists()


def test_thirteen_actors_get_a_clear_message(editor_client, index):
    shape = {
        **INCOMING_MAIL,
        "actors": [*INCOMING_MAIL["actors"], *(f"Anggota {n}" for n in range(9))],
    }
    response = editor_client.post(add_url(index), admin_form_data(shape, action=None))
    assert response.status_code == 200
    assert "paling banyak 12 pelaksana; SOP ini memiliki 13" in response.content.decode()
    assert not SopPage.objects.exists()


def test_a_step_actor_must_come_from_the_list(editor_client, index):
    data = admin_form_data(INCOMING_MAIL, action=None)
    data["steps-1-actors"] = ["Pelaksana Tak Dikenal"]
    data["steps-3-actors"] = []
    html = editor_client.post(add_url(index), data).content.decode()
    assert "“Pelaksana Tak Dikenal” tidak lagi ada dalam daftar pelaksana." in html
    assert "Pilih siapa yang melakukan langkah ini." in html
    assert not SopPage.objects.exists()


def test_the_step_form_offers_the_sops_own_actors_as_checkboxes(editor_client, index):
    page = make_sop(index)
    html = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for name in ("Operator Desa", "Staf Seksi", "Camat"):
        assert re.search(rf'type="checkbox" name="steps-0-actors" value="{name}"', html), name
    # The template for a new step offers them too.
    assert 'name="steps-__prefix__-actors" value="Staf Seksi"' in html


def test_renaming_an_actor_keeps_the_steps_that_name_it(editor_client, index):
    page = make_sop(index)
    edit = f"/admin/pages/{page.pk}/edit/"
    form = editor_client.get(edit).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    for prefix, formset in form.formsets.items():
        data.update({f"{prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for child in formset.forms:
            for name in child.fields:
                value = child[name].value()
                if value not in (None, False):
                    data[child.add_prefix(name)] = value
    data["actors-1-name"] = "Staf Seksi Pemerintahan"
    response = editor_client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    latest = SopPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [s.actors for s in latest.steps.all()][1] == ["Staf Seksi Pemerintahan"]
    assert [s.actors for s in latest.steps.all()][3] == ["Staf Seksi Pemerintahan"]
