"""SOPs from and to Excel workbooks: the admin action, the command, errors, the round trip."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from guidance.models import SopPage
from guidance.services import sop_import
from guidance.sop_excel import document_from_page, read_workbook, write_workbook
from home import roles

from .conftest import make_sop
from .sop_shapes import COMPLAINT, INCOMING_MAIL, SHAPES, TWO_PROCEDURES, write_shape_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("rina", password="x-Strong-pass-1")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def _upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX)


def _import_through_admin(client, index, path):
    return client.post(reverse("guidance_sop_import"), {"file": _upload(path), "parent": index.pk})


@pytest.mark.parametrize("shape_name", list(SHAPES))
@pytest.mark.parametrize("date_cells", [False, True], ids=["typed-dates", "date-cells"])
def test_each_real_shape_imports_as_a_draft_through_the_admin(
    client, editor, index, tmp_path, shape_name, date_cells
):
    shape = SHAPES[shape_name]
    path = write_shape_workbook(shape, tmp_path / f"{shape_name}.xlsx", date_cells=date_cells)
    client.force_login(editor)
    response = _import_through_admin(client, index, path)
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = SopPage.objects.get()
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.get_parent().pk == index.pk
    assert page.latest_revision.user == editor
    assert page.actor_names == shape["actors"]
    procedures = page.procedures_data()
    assert [p.title for p in procedures] == [title for title, _steps in shape["procedures"]]
    for procedure, (_title, steps) in zip(procedures, shape["procedures"], strict=True):
        assert [
            (s.activity, s.actors, s.kind, s.yes_step, s.no_step, s.requirements, s.output)
            for s in procedure.steps
        ] == [(a, actors, k, y, n, req, out) for a, actors, k, y, n, req, _t, out, _r in steps]


def test_imported_values_keep_their_meaning(client, editor, index, tmp_path):
    client.force_login(editor)
    _import_through_admin(client, index, write_shape_workbook(INCOMING_MAIL, tmp_path / "a.xlsx"))
    _import_through_admin(client, index, write_shape_workbook(COMPLAINT, tmp_path / "b.xlsx"))
    mail = SopPage.objects.get(title="Pengelolaan Surat Masuk")
    assert (mail.date_made, mail.date_revised, mail.date_effective) == (
        "2015-01-04",
        "2016-01-04",
        "2016-01-04",
    )
    assert mail.approver_nip == "197812171998031001"
    assert mail.agency.count("\n") == 2
    assert [str(s.time) for s in mail.step_list] == [
        "5 menit",
        "10 menit",
        "15 menit",  # a bare number is minutes
        "1 jam",
        "1 hari",
    ]
    complaint = SopPage.objects.get(title="Penanganan Pengaduan Masyarakat")
    assert (complaint.sop_number, complaint.date_made, complaint.approver_nip) == (
        "",
        "2019-09",
        "",
    )


def test_the_command_imports_under_the_given_parent(index, tmp_path):
    path = write_shape_workbook(TWO_PROCEDURES, tmp_path / "persuratan.xlsx")
    out = io.StringIO()
    call_command("import_sop", str(path), "--parent", "panduan", stdout=out)
    page = SopPage.objects.get()
    assert "Administrasi Persuratan Kelurahan" in out.getvalue()
    assert not page.live and page.get_parent().pk == index.pk
    assert len(page.actor_names) == 7


def _broken_workbook(path):
    path = write_shape_workbook(TWO_PROCEDURES, path)
    workbook = load_workbook(path)
    identity = workbook["Identitas"]
    identity["B3"] = "31/02/2020"  # Tanggal Pembuatan
    identity["B8"] = "1982 0315 2006"  # NIP
    identity.append(["Penanggung Jawab", "Seksi Umum"])
    incoming = workbook["Surat Masuk"]
    incoming["E3"] = "periksa"  # not a symbol word
    incoming["K4"] = "sebentar"  # Waktu
    outgoing = workbook["Surat Keluar"]
    outgoing["O3"] = 9  # Jika Tidak of step 2 goes nowhere
    workbook.save(path)
    return path


def test_every_unreadable_cell_is_reported_with_sheet_and_row_and_nothing_changes(
    client, editor, index, tmp_path
):
    path = _broken_workbook(tmp_path / "rusak.xlsx")
    document, errors = read_workbook(path.open("rb"))
    assert document is None
    messages = [str(error) for error in errors]
    assert any(
        m.startswith("lembar “Identitas”, baris 3, kolom B:") and "31/02/2020" in m
        for m in messages
    )
    assert any(m.startswith("lembar “Identitas”, baris 8, kolom B: NIP") for m in messages)
    assert any(
        m.startswith("lembar “Identitas”, baris 11, kolom A:") and "Penanggung Jawab" in m
        for m in messages
    )
    assert any(
        m.startswith("lembar “Surat Masuk”, baris 3, kolom Kasi Pemerintahan:") and "periksa" in m
        for m in messages
    )
    assert any(m.startswith("lembar “Surat Masuk”, baris 4, kolom Waktu:") for m in messages)
    client.force_login(editor)
    response = _import_through_admin(client, index, path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "tidak ada yang dibuat" in html
    assert "lembar “Surat Masuk”, baris 4, kolom Waktu" in html
    assert not SopPage.objects.exists()
    # Once the cells read, the procedure's rules are reported the same way.
    workbook = load_workbook(write_shape_workbook(TWO_PROCEDURES, tmp_path / "aturan.xlsx"))
    workbook["Surat Keluar"]["O3"] = 9
    workbook.save(tmp_path / "aturan.xlsx")
    _document, errors = read_workbook((tmp_path / "aturan.xlsx").open("rb"))
    assert [str(e) for e in errors] == [
        "lembar “Surat Keluar”, baris 3, kolom Jika Tidak: Langkah 9 tidak ada: prosedur ini "
        "memiliki langkah 1 sampai 4."
    ]


def test_the_command_reports_errors_and_creates_nothing(index, tmp_path):
    path = _broken_workbook(tmp_path / "rusak.xlsx")
    err = io.StringIO()
    with pytest.raises(CommandError, match="tidak ada SOP yang dibuat"):
        call_command("import_sop", str(path), stderr=err)
    assert "lembar “Surat Masuk”, baris 3" in err.getvalue()
    assert not SopPage.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"No;Uraian Kegiatan\n1;Mulai\n", "bukan buku kerja Excel"),
        (b"", "bukan buku kerja Excel"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(client, editor, index, content, message):
    client.force_login(editor)
    response = client.post(
        reverse("guidance_sop_import"),
        {
            "file": SimpleUploadedFile("sop.xlsx", content or b" ", content_type=XLSX),
            "parent": index.pk,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SopPage.objects.exists()


def test_a_workbook_without_identitas_or_procedures_is_refused(tmp_path):
    path = write_shape_workbook(INCOMING_MAIL, tmp_path / "a.xlsx")
    workbook = load_workbook(path)
    workbook["Identitas"].title = "Data"
    workbook.save(path)
    _document, errors = read_workbook(path.open("rb"))
    assert "tidak memiliki lembar bernama “Identitas”" in str(errors[0])
    workbook = load_workbook(path)
    workbook["Data"].title = "Identitas"
    del workbook["Surat Masuk"]
    workbook.save(path)
    _document, errors = read_workbook(path.open("rb"))
    assert any("tidak memiliki lembar prosedur" in str(e) for e in errors)


@pytest.mark.parametrize("shape_name", list(SHAPES))
def test_export_then_import_gives_an_equal_sop(index, tmp_path, shape_name):
    original, errors = read_workbook(
        write_shape_workbook(SHAPES[shape_name], tmp_path / "asal.xlsx").open("rb")
    )
    assert not errors
    page = sop_import(document=original, parent=index)
    exported = write_workbook(document_from_page(SopPage.objects.get(pk=page.pk)))
    again, errors = read_workbook(io.BytesIO(exported))
    assert not errors
    assert again == document_from_page(SopPage.objects.get(pk=page.pk)) == original


def test_an_sop_made_in_the_admin_survives_the_round_trip(index):
    page = make_sop(
        index,
        steps=[
            (
                "Mulai",
                ["Operator Desa", "Staf Seksi"],
                "start",
                None,
                {"time_amount": 1, "time_unit": "jam"},
            ),
            (
                "Setuju?",
                "Camat",
                "decision",
                1,
                {"yes_step": 3, "remarks": "Baris satu\nBaris dua"},
            ),
            ("Selesai", "Operator Desa", "end", None),
        ],
        date_made="2019-09",
        sop_number="",
    )
    before = document_from_page(SopPage.objects.get(pk=page.pk))
    after, errors = read_workbook(io.BytesIO(write_workbook(before)))
    assert not errors
    assert after == before


def test_staff_download_the_template_and_export_an_sop(client, editor, index):
    page = make_sop(index)
    client.force_login(editor)
    template = client.get(reverse("guidance_sop_template"))
    assert template["Content-Type"] == XLSX
    document, errors = read_workbook(io.BytesIO(template.content))
    assert not errors and document.identity["title"] == "Pelayanan Surat Pengantar"
    exported = client.get(reverse("guidance_sop_export", args=[page.pk]))
    assert exported.status_code == 200
    assert f'filename="{page.slug}.xlsx"' in exported["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(exported.content))
    assert workbook.sheetnames == ["Identitas", "Prosedur"]
    assert [c.value for c in workbook["Prosedur"][1]][:5] == [
        "No",
        "Uraian Kegiatan",
        "Operator Desa",
        "Staf Seksi",
        "Camat",
    ]
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert reverse("guidance_sop_export", args=[page.pk]) in edit
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Impor SOP dari Excel" in menu


def test_people_without_page_rights_cannot_import_or_export(client, operator, index):
    page = make_sop(index)
    client.force_login(operator)
    for url in (
        reverse("guidance_sop_import"),
        reverse("guidance_sop_template"),
        reverse("guidance_sop_export", args=[page.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
