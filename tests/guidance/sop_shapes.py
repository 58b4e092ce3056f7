# ruff: noqa: E501 -- one step per line reads like the paper table
"""Three SOPs shaped like real published SOP AP documents, as an office types them.

Each shape holds its identity block (labels as in the Excel layout, values as typed on paper),
its actors and its procedures; the admin tests post them through the page form, the import
tests write them into workbooks, the browser tests print them."""

import datetime

from django.urls import reverse
from django.utils.text import slugify
from openpyxl import Workbook

from guidance.sop_excel import IDENTITY_FIELDS
from guidance.sop_values import parse_duration, parse_partial_date

# A kelurahan's incoming-mail SOP: complete, with a decision whose “Tidak” goes back.
INCOMING_MAIL = {
    "identity": {
        "Instansi": "Pemerintah Kabupaten Balangan\nKecamatan Paringin Selatan\nKelurahan Batu Piring",
        "Nomor SOP": "045/12/SOP-KBP/2016",
        "Tanggal Pembuatan": "04 Januari 2015",
        "Tanggal Revisi": "04/01/2016",
        "Tanggal Efektif": "4-1-2016",
        "Disahkan Oleh": "Lurah Batu Piring",
        "Nama": "Ahmad Fauzi, S.Sos",
        "NIP": "19781217 199803 1 001",
        "Nama SOP": "Pengelolaan Surat Masuk",
        "Dasar Hukum": "Peraturan Menteri PAN-RB Nomor 35 Tahun 2012\nPeraturan Bupati Balangan Nomor 72 Tahun 2021",
        "Kualifikasi Pelaksana": "Memahami tata naskah dinas",
        "Keterkaitan": "SOP Surat Keluar",
        "Peralatan/Perlengkapan": "Buku agenda\nKomputer",
        "Peringatan": "Surat yang tidak dicatat dianggap tidak diterima",
        "Pencatatan dan Pendataan": "Buku agenda surat masuk",
    },
    "actors": ["Pengantar Surat", "Petugas Agenda", "Sekretaris Kelurahan", "Lurah"],
    "procedures": [
        (
            "Surat Masuk",
            [
                (
                    "Menyerahkan surat",
                    ["Pengantar Surat"],
                    "start",
                    None,
                    None,
                    "Surat",
                    "5 menit",
                    "Tanda terima",
                    "",
                ),
                (
                    "Mencatat surat di buku agenda",
                    ["Petugas Agenda"],
                    "process",
                    None,
                    None,
                    "Buku agenda",
                    "10 menit",
                    "Nomor agenda",
                    "",
                ),
                (
                    "Memeriksa kelengkapan dan alamat surat",
                    ["Sekretaris Kelurahan"],
                    "decision",
                    None,
                    1,
                    "Surat",
                    "15",
                    "Surat sah",
                    "Salah alamat dikembalikan",
                ),
                (
                    "Memberi disposisi",
                    ["Lurah"],
                    "process",
                    None,
                    None,
                    "Lembar disposisi",
                    "1 jam",
                    "Disposisi",
                    "",
                ),
                (
                    "Mengarsipkan surat",
                    ["Petugas Agenda"],
                    "end",
                    None,
                    None,
                    "Map arsip",
                    "1 hari",
                    "Surat terarsip",
                    "",
                ),
            ],
        )
    ],
}

# A dinas complaint SOP: number, day, approver's name and NIP left blank, month-only date.
COMPLAINT = {
    "identity": {
        "Instansi": "Pemerintah Kabupaten Balangan\nDinas Kependudukan dan Pencatatan Sipil",
        "Nomor SOP": "",
        "Tanggal Pembuatan": "September 2019",
        "Tanggal Revisi": "",
        "Tanggal Efektif": "",
        "Disahkan Oleh": "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        "Nama": "",
        "NIP": "",
        "Nama SOP": "Penanganan Pengaduan Masyarakat",
        "Dasar Hukum": "Peraturan Presiden Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik",
    },
    "actors": ["Masyarakat", "Petugas Pengaduan", "Kepala Bidang", "Kepala Dinas"],
    "procedures": [
        (
            "Pengaduan",
            [
                (
                    "Menyampaikan pengaduan",
                    ["Masyarakat"],
                    "start",
                    None,
                    None,
                    "Identitas pelapor",
                    "10 menit",
                    "Pengaduan",
                    "",
                ),
                (
                    "Mencatat dan memilah pengaduan",
                    ["Petugas Pengaduan"],
                    "process",
                    None,
                    None,
                    "Formulir pengaduan",
                    "30 menit",
                    "Register",
                    "",
                ),
                (
                    "Menilai apakah pengaduan dapat langsung dijawab",
                    ["Petugas Pengaduan"],
                    "decision",
                    5,
                    4,
                    "Register",
                    "1 jam",
                    "Penilaian",
                    "",
                ),
                (
                    "Menelaah dan menyiapkan jawaban",
                    ["Kepala Bidang", "Kepala Dinas"],
                    "process",
                    None,
                    None,
                    "Berkas pengaduan",
                    "3 hari",
                    "Konsep jawaban",
                    "Dibahas bersama",
                ),
                (
                    "Menyampaikan jawaban kepada pelapor",
                    ["Masyarakat", "Petugas Pengaduan"],
                    "end",
                    None,
                    None,
                    "Jawaban",
                    "1 hari",
                    "Pengaduan selesai",
                    "",
                ),
            ],
        )
    ],
}

# A kelurahan SOP with two procedures and seven actors.
TWO_PROCEDURES = {
    "identity": {
        "Instansi": "Pemerintah Kabupaten Balangan\nKecamatan Paringin Selatan\nKelurahan Batu Piring",
        "Nomor SOP": "470/03/KBP",
        "Tanggal Pembuatan": "2 Maret 2020",
        "Tanggal Revisi": "",
        "Tanggal Efektif": "Maret 2020",
        "Disahkan Oleh": "Lurah Batu Piring",
        "Nama": "Siti Rahmah",
        "NIP": "198203152006042011",
        "Nama SOP": "Administrasi Persuratan Kelurahan",
        "Dasar Hukum": "Peraturan Menteri Dalam Negeri tentang Tata Naskah Dinas",
    },
    "actors": [
        "Pemohon",
        "Petugas Loket",
        "Kasi Pemerintahan",
        "Kasi Kesejahteraan Sosial",
        "Sekretaris Kelurahan",
        "Lurah",
        "Pengelola Arsip",
    ],
    "procedures": [
        (
            "Surat Masuk",
            [
                (
                    "Menerima surat",
                    ["Pemohon", "Petugas Loket"],
                    "start",
                    None,
                    None,
                    "Surat",
                    "5 menit",
                    "Tanda terima",
                    "",
                ),
                (
                    "Menelaah surat",
                    ["Sekretaris Kelurahan"],
                    "process",
                    None,
                    None,
                    "Surat",
                    "30 menit",
                    "Telaah",
                    "",
                ),
                (
                    "Apakah perlu tindak lanjut?",
                    ["Lurah"],
                    "decision",
                    None,
                    5,
                    "Telaah",
                    "1 jam",
                    "Disposisi",
                    "",
                ),
                (
                    "Menindaklanjuti",
                    ["Kasi Pemerintahan", "Kasi Kesejahteraan Sosial"],
                    "process",
                    None,
                    None,
                    "Disposisi",
                    "2 hari",
                    "Hasil",
                    "",
                ),
                (
                    "Mengarsipkan",
                    ["Pengelola Arsip"],
                    "end",
                    None,
                    None,
                    "Map arsip",
                    "15 menit",
                    "Arsip",
                    "",
                ),
            ],
        ),
        (
            "Surat Keluar",
            [
                (
                    "Menyusun konsep",
                    ["Kasi Pemerintahan"],
                    "start",
                    None,
                    None,
                    "Bahan",
                    "2 jam",
                    "Konsep",
                    "",
                ),
                (
                    "Memeriksa konsep",
                    ["Sekretaris Kelurahan"],
                    "decision",
                    None,
                    1,
                    "Konsep",
                    "30 menit",
                    "Paraf",
                    "Perbaikan kembali ke penyusun",
                ),
                (
                    "Menandatangani",
                    ["Lurah"],
                    "process",
                    None,
                    None,
                    "Konsep berparaf",
                    "30 menit",
                    "Surat",
                    "",
                ),
                (
                    "Mengirim dan mengarsipkan",
                    ["Petugas Loket", "Pengelola Arsip"],
                    "end",
                    None,
                    None,
                    "Buku ekspedisi",
                    "1 hari",
                    "Surat terkirim",
                    "",
                ),
            ],
        ),
    ],
}

SHAPES = {"incoming-mail": INCOMING_MAIL, "complaint": COMPLAINT, "two-procedures": TWO_PROCEDURES}
FIELD_BY_LABEL = {label: name for name, label, _kind in IDENTITY_FIELDS}


def admin_form_data(shape, *, action="action-submit"):
    """The Wagtail page form as an editor's browser posts it for this shape."""
    identity = {FIELD_BY_LABEL[label]: value for label, value in shape["identity"].items()}
    title = identity.pop("title")
    data = {
        "title": title,
        "slug": slugify(title),
        "summary": f"Ringkasan {title}",
        **{name: "" for name, _label, _kind in IDENTITY_FIELDS if name not in ("title", "summary")},
        **identity,
        "actors-TOTAL_FORMS": str(len(shape["actors"])),
        "actors-INITIAL_FORMS": "0",
        "actors-MIN_NUM_FORMS": "1",
        "actors-MAX_NUM_FORMS": "1000",
        "procedures-INITIAL_FORMS": "0",
        "procedures-MIN_NUM_FORMS": "0",
        "procedures-MAX_NUM_FORMS": "1000",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    if action:
        data[action] = "1"
    for n, name in enumerate(shape["actors"]):
        data.update(
            {f"actors-{n}-name": name, f"actors-{n}-ORDER": str(n + 1), f"actors-{n}-id": ""}
        )
    several = len(shape["procedures"]) > 1
    procedures = shape["procedures"] if several else []
    data["procedures-TOTAL_FORMS"] = str(len(procedures))
    for n, (title, _steps) in enumerate(procedures):
        data.update(
            {
                f"procedures-{n}-title": title,
                f"procedures-{n}-ORDER": str(n + 1),
                f"procedures-{n}-id": "",
            }
        )
    n = 0
    for title, steps in shape["procedures"]:
        for activity, actors, kind, yes, no, req, time, output, remarks in steps:
            duration = parse_duration(time)
            data.update(
                {
                    f"steps-{n}-procedure": title if several else "",
                    f"steps-{n}-activity": activity,
                    f"steps-{n}-actors": actors,
                    f"steps-{n}-kind": kind,
                    f"steps-{n}-yes_step": yes or "",
                    f"steps-{n}-no_step": no or "",
                    f"steps-{n}-requirements": req,
                    f"steps-{n}-time_amount": str(duration.amount) if duration else "",
                    f"steps-{n}-time_unit": duration.unit if duration else "",
                    f"steps-{n}-output": output,
                    f"steps-{n}-remarks": remarks,
                    f"steps-{n}-ORDER": str(n + 1),
                    f"steps-{n}-id": "",
                }
            )
            n += 1
    data["steps-TOTAL_FORMS"] = str(n)
    return data


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("guidance", "soppage", index.pk))


def write_shape_workbook(shape, path, *, date_cells=False):
    """The shape as an office's workbook, written cell by cell (not with the portal's export).

    With ``date_cells`` the full dates are real Excel date cells and month-only dates are date
    cells formatted "mmmm yyyy", as Excel stores what people type."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Identitas"
    for label, value in shape["identity"].items():
        sheet.append([label.upper() if label == "Nama SOP" else label, value or None])
        if date_cells and label.startswith("Tanggal") and value:
            iso = parse_partial_date(value)
            cell = sheet.cell(sheet.max_row, 2)
            cell.value = datetime.date.fromisoformat(iso if len(iso) == 10 else iso + "-01")
            cell.number_format = "dd/mm/yyyy" if len(iso) == 10 else "mmmm yyyy"
    for title, steps in shape["procedures"]:
        page = workbook.create_sheet(title)
        page.append(
            [
                "No",
                "Uraian Kegiatan",
                *shape["actors"],
                "Kelengkapan",
                "Waktu",
                "Output",
                "Keterangan",
                "Jika Ya",
                "Jika Tidak",
            ]
        )
        words = {"start": "mulai", "process": "proses", "decision": "keputusan", "end": "selesai"}
        for number, (activity, actors, kind, yes, no, req, time, output, remarks) in enumerate(
            steps, start=1
        ):
            page.append(
                [
                    number,
                    activity,
                    *(words[kind].capitalize() if a in actors else None for a in shape["actors"]),
                    req,
                    int(time) if time.isdigit() else time,
                    output,
                    remarks or None,
                    yes,
                    no,
                ]
            )
    workbook.save(path)
    return path
