# ruff: noqa: E501 -- Indonesian demo content reads better unwrapped
"""Demo guidance: the RUKO PARSEL coordination SOP, one guide per problem category and two
downloadable documents. Safe to run again: existing pages and documents are left as they are."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Workflow, WorkflowPage

from home.models import HomePage, ProblemCategory, Section

from .models import GuidanceIndexPage, GuidancePage, SopActor, SopPage, SopProcedure, SopStep
from .sop_values import parse_duration

WORKFLOW_NAME = "Persetujuan panduan dan SOP"
REVIEW = datetime.date(2026, 12, 31)

CHECKLIST_TXT = """DAFTAR PERIKSA SESI KOORDINASI RUKO PARSEL
Kecamatan Paringin Selatan, Kabupaten Balangan

Sebelum datang ke ruang koordinasi, pastikan:
[ ] Surat pengantar dari kepala desa / lurah (ditandatangani dan dicap)
[ ] Uraian singkat masalah (maksimal satu halaman)
[ ] Data pendukung: tabel, foto, salinan dokumen terkait
[ ] Nama dan jabatan peserta dari desa (paling banyak 4 orang)
[ ] Usulan jalan keluar yang sudah dibahas di desa, jika ada
[ ] Jadwal sesi yang sudah disetujui seksi kecamatan

Setelah sesi:
[ ] Salinan notulen diterima desa
[ ] Tindak lanjut dicatat: siapa, apa, kapan
[ ] Laporan perkembangan dikirim sebelum batas waktu

Dasar: Peraturan Bupati Balangan No. 72 Tahun 2021; UU No. 6 Tahun 2014 tentang Desa.
"""

APBDES_CSV = """No,Dokumen,Batas waktu,Diserahkan kepada,Keterangan
1,Laporan realisasi pelaksanaan APBDes semester pertama,Minggu kedua Juli,Bupati melalui Camat,Dilampiri format realisasi
2,Laporan realisasi pelaksanaan APBDes akhir tahun,Minggu kedua Januari tahun berikutnya,Bupati melalui Camat,Dilampiri daftar kegiatan
3,Laporan pertanggungjawaban realisasi APBDes,Paling lambat 3 bulan setelah tahun anggaran berakhir,Bupati melalui Camat,Ditetapkan dengan Peraturan Desa
4,Laporan realisasi penggunaan Dana Desa,Sesuai tahap penyaluran,Bupati melalui Camat,Syarat penyaluran tahap berikutnya
5,Informasi APBDes kepada masyarakat,Setiap tahun anggaran,Masyarakat desa,Baliho atau papan informasi desa
"""


def tiny_pdf(lines):
    """A small valid one-page PDF (A4) with the given ASCII lines, written by hand."""
    text = ["BT", "/F1 16 Tf", "56 780 Td", "20 TL"]
    for number, line in enumerate(lines):
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        if number == 1:
            text.append("/F1 11 Tf")
        text.append(f"({escaped}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _document(title, filename, content):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=Collection.get_first_root_node())
        document.file.save(filename, ContentFile(content), save=False)
        document.file_size = len(content)
        document.save()
    return document


def ensure_index():
    """The /panduan/ index under the home page, with the moderation workflow on it."""
    index = GuidanceIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = home.add_child(
            instance=GuidanceIndexPage(
                title="Panduan & SOP",
                slug="panduan",
                intro="<p>Panduan praktis dan SOP untuk pemerintah desa dan kelurahan.</p>",
            )
        )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow and not WorkflowPage.objects.filter(page=index).exists():
        WorkflowPage.objects.create(page=index, workflow=workflow)
    return index


def _publish(index, page, categories=()):
    index.add_child(instance=page)
    page.categories.set(categories)
    page.save_revision().publish()
    return page


def _categories(*names):
    return list(ProblemCategory.objects.filter(name__in=names))


def _section(name):
    return Section.objects.filter(name=name).first()


def _steps(sop, rows, procedure=""):
    """Add steps from (activity, actors, kind, yes, no, requirements, time, output, remarks)."""
    start = len(sop.steps.all())
    for position, values in enumerate(rows, start=start):
        activity, actors, kind, yes, no, requirements, time, output, remarks = values
        duration = parse_duration(time)
        sop.steps.add(
            SopStep(
                procedure=procedure,
                activity=activity,
                actors=actors,
                kind=kind,
                yes_step=yes,
                no_step=no,
                requirements=requirements,
                time_amount=duration.amount if duration else None,
                time_unit=duration.unit if duration else "",
                output=output,
                remarks=remarks,
                sort_order=position,
            )
        )


def sop_steps():
    """(activity, actors, kind, yes, no, requirements, time, output, remarks)"""
    return [
        (
            "Desa menyampaikan masalah dan mengoordinasikan rencana sesi dengan pimpinan kecamatan",
            ["Operator Desa"],
            "start",
            None,
            None,
            "Surat pengantar kepala desa, uraian masalah",
            "1 hari",
            "Permohonan koordinasi",
            "Melalui portal atau datang langsung",
        ),
        (
            "Menelaah permohonan, menentukan seksi yang membidangi dan menyusun jadwal sesi",
            ["Staf Seksi"],
            "process",
            None,
            None,
            "Permohonan koordinasi, jadwal ruang",
            "1 hari",
            "Usulan jadwal",
            "",
        ),
        (
            "Memeriksa kelengkapan dan menyetujui jadwal sesi",
            ["Camat/Sekcam"],
            "decision",
            None,
            2,
            "Usulan jadwal, data pendukung",
            "1 hari",
            "Jadwal disetujui",
            "Jika belum lengkap, dikembalikan ke seksi",
        ),
        (
            "Menyusun jadwal kemajuan (progress schedule) dan menyiapkan dasar hukum serta SOP "
            "yang berlaku untuk masalah desa",
            ["Staf Seksi"],
            "process",
            None,
            None,
            "Peraturan terkait, SOP sektoral",
            "2 hari",
            "Bahan sesi",
            "",
        ),
        (
            "Melaksanakan sosialisasi dan sesi koordinasi di ruang RUKO PARSEL",
            ["Operator Desa", "Staf Seksi"],
            "process",
            None,
            None,
            "Bahan sesi, daftar hadir",
            "2 jam",
            "Notulen dan kesepakatan",
            "Dipimpin Camat atau Sekcam",
        ),
        (
            "Melaksanakan kesepakatan di desa dan menyampaikan laporan perkembangan",
            ["Operator Desa"],
            "process",
            None,
            None,
            "Notulen, rencana tindak lanjut",
            "",
            "Laporan perkembangan",
            "Lama pelaksanaan sesuai kesepakatan sesi",
        ),
        (
            "Menyusun laporan pelaksanaan dan tindak lanjut untuk pimpinan",
            ["Staf Seksi"],
            "process",
            None,
            None,
            "Laporan desa, notulen",
            "3 hari",
            "Laporan koordinasi",
            "",
        ),
        (
            "Melakukan monitoring dan evaluasi hasil koordinasi",
            ["Camat/Sekcam"],
            "end",
            None,
            None,
            "Laporan koordinasi",
            "",
            "Catatan monev",
            "Setiap triwulan; hasil dipublikasikan sebagai angka agregat",
        ),
    ]


def create_sop(index):
    if SopPage.objects.filter(slug="sop-koordinasi-ruko-parsel").exists():
        return
    sop = SopPage(
        title="SOP Koordinasi Permasalahan Desa di RUKO PARSEL",
        slug="sop-koordinasi-ruko-parsel",
        summary=(
            "Alur resmi membawa permasalahan desa ke kecamatan: koordinasi dengan pimpinan, "
            "penjadwalan, sesi di ruang RUKO PARSEL, laporan, tindak lanjut, serta monitoring "
            "dan evaluasi."
        ),
        owner_section=_section("Seksi Pemerintahan"),
        next_review=REVIEW,
        sop_number="800/01/SOP-RP/PS/2022",
        date_made="2022-06-02",
        date_revised="2025-01-15",
        date_effective="2022-06-06",
        approver_position="Camat Paringin Selatan",
        approver_name="(Nama Camat)",
        approver_nip="197001012000031001",
        legal_basis=(
            "Undang-Undang Nomor 6 Tahun 2014 tentang Desa\n"
            "Peraturan Menteri PAN-RB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP "
            "Administrasi Pemerintahan\n"
            "Peraturan Bupati Balangan Nomor 72 Tahun 2021"
        ),
        qualifications=(
            "Memahami tugas dan fungsi seksi kecamatan\n"
            "Mampu mengoperasikan komputer dan portal RUKO PARSEL\n"
            "Mampu menyusun notulen dan laporan"
        ),
        related_sops="SOP Peminjaman Ruang Koordinasi\nSOP Pelayanan Administrasi Terpadu Kecamatan",
        equipment="Ruang koordinasi dan proyektor\nKomputer dan jaringan internet\nDaftar hadir dan formulir notulen",
        warnings=(
            "Sesi tanpa jadwal yang disetujui tidak dapat dilaksanakan\n"
            "Tindak lanjut tanpa penanggung jawab dan batas waktu tidak dianggap selesai"
        ),
        records="Permohonan koordinasi\nNotulen dan daftar hadir\nLaporan tindak lanjut dan monev",
    )
    for position, name in enumerate(["Operator Desa", "Staf Seksi", "Camat/Sekcam"]):
        sop.actors.add(SopActor(name=name, sort_order=position))
    _steps(sop, sop_steps())
    _publish(index, sop, _categories("Tata pemerintahan & fungsi BPD", "Lainnya"))


MAIL_ACTORS = [
    "Pengantar Surat",
    "Petugas Agenda",
    "Sekretaris Kelurahan",
    "Lurah",
    "Kasi Pemerintahan",
    "Kasi Kesejahteraan Sosial",
]

INCOMING_MAIL = [
    (
        "Menyerahkan surat dan menerima tanda terima",
        ["Pengantar Surat", "Petugas Agenda"],
        "start",
        None,
        None,
        "Surat yang ditujukan ke kelurahan",
        "5 menit",
        "Tanda terima",
        "",
    ),
    (
        "Mencatat surat di buku agenda surat masuk dan memindai salinannya",
        ["Petugas Agenda"],
        "process",
        None,
        None,
        "Buku agenda, pemindai",
        "10 menit",
        "Nomor agenda",
        "Surat rahasia dicatat tanpa dipindai",
    ),
    (
        "Menelaah isi surat dan menyiapkan lembar disposisi",
        ["Sekretaris Kelurahan"],
        "process",
        None,
        None,
        "Lembar disposisi",
        "30 menit",
        "Catatan telaah",
        "",
    ),
    (
        "Menentukan apakah surat perlu ditindaklanjuti",
        ["Lurah"],
        "decision",
        None,
        7,
        "Surat dan catatan telaah",
        "1 jam",
        "Disposisi",
        "Jika cukup diketahui, surat langsung diarsipkan",
    ),
    (
        "Menindaklanjuti disposisi sesuai bidang",
        ["Kasi Pemerintahan", "Kasi Kesejahteraan Sosial"],
        "process",
        None,
        None,
        "Disposisi Lurah",
        "2 hari",
        "Hasil tindak lanjut",
        "Dikerjakan bersama bila menyangkut dua bidang",
    ),
    (
        "Melaporkan hasil tindak lanjut kepada Lurah melalui Sekretaris",
        ["Sekretaris Kelurahan"],
        "process",
        None,
        None,
        "Hasil tindak lanjut",
        "2 jam",
        "Laporan singkat",
        "",
    ),
    (
        "Menyimpan surat dan lembar disposisi di arsip",
        ["Petugas Agenda"],
        "end",
        None,
        None,
        "Map arsip per klasifikasi",
        "15 menit",
        "Surat terarsip",
        "",
    ),
]

OUTGOING_MAIL = [
    (
        "Menyusun konsep surat sesuai tata naskah dinas",
        ["Kasi Pemerintahan"],
        "start",
        None,
        None,
        "Bahan surat, contoh format",
        "1 jam",
        "Konsep surat",
        "",
    ),
    (
        "Memeriksa konsep dan membubuhkan paraf",
        ["Sekretaris Kelurahan"],
        "decision",
        None,
        1,
        "Konsep surat",
        "30 menit",
        "Konsep berparaf",
        "Jika ada perbaikan, konsep dikembalikan kepada penyusun",
    ),
    (
        "Menandatangani surat",
        ["Lurah"],
        "process",
        None,
        None,
        "Konsep berparaf",
        "30 menit",
        "Surat bertanda tangan",
        "",
    ),
    (
        "Memberi nomor dan cap, lalu mencatat di buku agenda surat keluar",
        ["Petugas Agenda"],
        "process",
        None,
        None,
        "Buku agenda surat keluar, stempel",
        "15 menit",
        "Surat bernomor",
        "",
    ),
    (
        "Mengirim surat dan menyimpan salinannya",
        ["Petugas Agenda", "Pengantar Surat"],
        "end",
        None,
        None,
        "Buku ekspedisi",
        "1 hari",
        "Surat terkirim",
        "Salinan disimpan di arsip surat keluar",
    ),
]


def create_mail_sop(index):
    """A kelurahan SOP with two procedures and a decision that sends a draft back."""
    slug = "sop-surat-masuk-dan-keluar-batu-piring"
    if SopPage.objects.filter(slug=slug).exists():
        return
    sop = SopPage(
        title="SOP Pengelolaan Surat Masuk dan Surat Keluar Kelurahan Batu Piring",
        slug=slug,
        summary=(
            "Cara Kelurahan Batu Piring menerima, mencatat, mendisposisikan dan mengarsipkan "
            "surat masuk, serta menyusun, menandatangani dan mengirim surat keluar."
        ),
        owner_section=_section("Sekretariat"),
        next_review=REVIEW,
        agency="Pemerintah Kabupaten Balangan\nKecamatan Paringin Selatan\nKelurahan Batu Piring",
        sop_number="",
        date_made="2024-09",
        date_effective="2024-10-01",
        approver_position="Lurah Batu Piring",
        approver_name="",
        approver_nip="",
        legal_basis=(
            "Peraturan Menteri PAN-RB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP "
            "Administrasi Pemerintahan\n"
            "Peraturan Menteri Dalam Negeri tentang Tata Naskah Dinas di Lingkungan Pemerintah Daerah"
        ),
        qualifications="Memahami tata naskah dinas\nTeliti dalam pencatatan dan pengarsipan",
        related_sops="SOP Pelayanan Surat Keterangan Kelurahan",
        equipment="Buku agenda surat masuk dan keluar\nKomputer, pemindai dan printer\nStempel kelurahan",
        warnings="Surat yang tidak dicatat di buku agenda dianggap tidak pernah diterima",
        records="Buku agenda surat masuk\nBuku agenda surat keluar\nLembar disposisi",
    )
    for position, name in enumerate(MAIL_ACTORS):
        sop.actors.add(SopActor(name=name, sort_order=position))
    for position, title in enumerate(["Surat Masuk", "Surat Keluar"]):
        sop.procedures.add(SopProcedure(title=title, sort_order=position))
    _steps(sop, INCOMING_MAIL, "Surat Masuk")
    _steps(sop, OUTGOING_MAIL, "Surat Keluar")
    _publish(index, sop, _categories("Administrasi, keuangan & aset desa"))


def rt(*paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def steps(title, *items):
    return ("steps", {"title": title, "steps": [{"title": t, "text": rt(x)} for t, x in items]})


def callout(kind, title, text):
    return ("callout", {"kind": kind, "title": title, "text": rt(text)})


def qa(*items):
    return (
        "questions",
        {
            "title": "Pertanyaan yang sering diajukan",
            "items": [{"question": q, "answer": rt(a)} for q, a in items],
        },
    )


def guides(checklist, apbdes):
    """(slug, title, summary, category, section, body)"""
    return [
        (
            "menyiapkan-laporan-apbdes",
            "Menyiapkan laporan realisasi APBDes",
            "Langkah menyusun laporan realisasi APBDes semester pertama dan akhir tahun agar "
            "tepat waktu dan lolos pemeriksaan kecamatan.",
            "Administrasi, keuangan & aset desa",
            "Seksi Pemberdayaan Masyarakat dan Desa",
            [
                (
                    "text",
                    rt(
                        "Laporan realisasi APBDes disampaikan kepala desa kepada bupati melalui camat. "
                        "Kecamatan memeriksa kelengkapan dan kewajaran angka sebelum laporan diteruskan."
                    ),
                ),
                steps(
                    "Urutan kerja",
                    (
                        "Kumpulkan bukti transaksi",
                        "Cocokkan kuitansi, SPP dan buku kas umum per kegiatan.",
                    ),
                    (
                        "Tutup buku kas bulanan",
                        "Pastikan saldo buku kas umum sama dengan rekening kas desa.",
                    ),
                    (
                        "Isi format realisasi",
                        "Gunakan format dari Siskeudes; periksa pendapatan, belanja dan pembiayaan.",
                    ),
                    (
                        "Musyawarahkan dengan BPD",
                        "Sampaikan realisasi kepada BPD sebagai bahan pengawasan.",
                    ),
                    (
                        "Serahkan ke kecamatan",
                        "Bawa laporan bertanda tangan dan salinan digitalnya ke Seksi PMD.",
                    ),
                ),
                (
                    "table",
                    {
                        "caption": "Batas waktu laporan",
                        "data": "Laporan | Batas waktu\nRealisasi semester pertama | Minggu kedua bulan Juli\nRealisasi akhir tahun | Minggu kedua bulan Januari\nPertanggungjawaban realisasi | Paling lambat 3 bulan setelah tahun anggaran",
                    },
                ),
                callout(
                    "warning",
                    "Jangan terlambat",
                    "Laporan yang terlambat dapat menunda penyaluran dana desa tahap berikutnya.",
                ),
                ("document", {"document": apbdes, "title": "Jadwal laporan keuangan desa (CSV)"}),
                qa(
                    (
                        "Bolehkah laporan dikirim lewat surel?",
                        "Salinan digital boleh dikirim lebih dulu, tetapi dokumen bertanda tangan tetap diserahkan ke kecamatan.",
                    ),
                    (
                        "Siapa yang menandatangani laporan?",
                        "Kepala desa, setelah diparaf oleh Kaur Keuangan dan Sekretaris Desa.",
                    ),
                ),
            ],
        ),
        (
            "membawa-apa-ke-sesi-koordinasi",
            "Apa yang dibawa ke sesi koordinasi",
            "Daftar yang perlu disiapkan desa sebelum datang ke ruang RUKO PARSEL supaya sesi "
            "singkat dan menghasilkan keputusan.",
            "Tata pemerintahan & fungsi BPD",
            "Seksi Pemerintahan",
            [
                (
                    "text",
                    rt(
                        "Sesi koordinasi berjalan baik bila masalahnya jelas dan datanya lengkap. "
                        "Siapkan bahan berikut paling lambat sehari sebelum jadwal."
                    ),
                ),
                steps(
                    "Persiapan",
                    (
                        "Surat pengantar",
                        "Ditandatangani kepala desa atau lurah, menyebut masalah dan peserta.",
                    ),
                    (
                        "Uraian masalah",
                        "Satu halaman: apa yang terjadi, sejak kapan, apa yang sudah dicoba.",
                    ),
                    ("Data pendukung", "Tabel, foto atau salinan dokumen yang relevan."),
                    ("Usulan jalan keluar", "Hasil musyawarah desa bila sudah ada."),
                ),
                ("document", {"document": checklist, "title": "Daftar periksa sesi koordinasi"}),
                callout(
                    "info",
                    "Peserta",
                    "Paling banyak empat orang dari desa agar ruang dan waktu cukup.",
                ),
            ],
        ),
        (
            "peringatan-dini-banjir",
            "Dasar peringatan dini banjir di desa",
            "Cara sederhana memantau tinggi muka air, menyebarkan tanda bahaya dan menyiapkan "
            "jalur evakuasi saat musim hujan.",
            "Kebencanaan & peringatan dini",
            "Seksi Ketenteraman dan Ketertiban Umum",
            [
                ("heading", {"text": "Sebelum musim hujan", "level": "h2"}),
                steps(
                    "",
                    (
                        "Pasang papan duga air",
                        "Tandai tiga tingkat: waspada, siaga dan awas di tiang yang mudah dilihat.",
                    ),
                    (
                        "Tunjuk pemantau",
                        "Dua orang per RT bergiliran membaca papan duga saat hujan lebat.",
                    ),
                    (
                        "Sepakati tanda bahaya",
                        "Kentongan, pengeras suara masjid dan grup pesan desa.",
                    ),
                    (
                        "Tentukan titik kumpul",
                        "Tempat tinggi yang dikenal semua warga, dengan jalur yang tidak tergenang.",
                    ),
                ),
                callout(
                    "warning",
                    "Utamakan keselamatan",
                    "Jangan menyeberangi arus banjir, sekalipun airnya terlihat dangkal.",
                ),
                qa(
                    (
                        "Ke mana melapor bila air naik cepat?",
                        "Laporkan ke kepala desa dan Seksi Trantib kecamatan, lalu ke BPBD Kabupaten Balangan.",
                    ),
                ),
            ],
        ),
        (
            "alur-rujukan-stunting",
            "Alur rujukan balita berisiko stunting",
            "Langkah kader dan pemerintah desa sejak balita terdeteksi berisiko stunting sampai "
            "mendapat penanganan di puskesmas.",
            "Kesejahteraan sosial & stunting",
            "Seksi Kesejahteraan Sosial",
            [
                steps(
                    "Langkah rujukan",
                    (
                        "Timbang dan ukur di posyandu",
                        "Catat berat dan tinggi badan setiap bulan di buku KIA.",
                    ),
                    (
                        "Kenali tanda risiko",
                        "Berat badan tidak naik dua kali berturut-turut atau tinggi di bawah garis.",
                    ),
                    (
                        "Rujuk ke bidan desa",
                        "Kader mengisi formulir rujukan dan mendampingi keluarga.",
                    ),
                    (
                        "Tindak lanjut puskesmas",
                        "Pemeriksaan gizi dan pemberian makanan tambahan sesuai anjuran.",
                    ),
                    (
                        "Pantau di rembuk stunting",
                        "Desa mencatat perkembangan dan membahasnya di rembuk stunting.",
                    ),
                ),
                callout(
                    "info",
                    "Dana desa",
                    "Kegiatan pencegahan stunting dapat dibiayai dari dana desa sesuai prioritas penggunaan tahun berjalan.",
                ),
            ],
        ),
        (
            "layanan-surat-desa-digital",
            "Layanan surat desa lebih cepat dengan aplikasi sederhana",
            "Tips bagi aparatur desa untuk mencatat dan mencetak surat keterangan dengan "
            "lembar kerja bersama, tanpa aplikasi mahal.",
            "Pelayanan publik & kapasitas TIK aparatur",
            "Seksi Pelayanan Umum",
            [
                (
                    "text",
                    rt(
                        "Banyak desa masih menulis ulang data warga untuk setiap surat. Lembar kerja "
                        "bersama dengan templat surat dapat memangkas waktu layanan."
                    ),
                ),
                steps(
                    "Memulai",
                    (
                        "Buat templat surat",
                        "Satu berkas per jenis surat, dengan kolom isian yang jelas.",
                    ),
                    (
                        "Catat nomor surat",
                        "Gunakan satu buku agenda digital agar nomor tidak ganda.",
                    ),
                    (
                        "Cadangkan data",
                        "Simpan salinan mingguan di flashdisk yang disimpan di kantor desa.",
                    ),
                ),
                callout(
                    "warning",
                    "Data pribadi",
                    "Jangan membagikan data kependudukan warga di grup pesan terbuka.",
                ),
            ],
        ),
        (
            "merawat-aset-sarana-desa",
            "Mencatat dan merawat sarana prasarana desa",
            "Cara menyusun daftar sarana kantor desa, menjadwalkan perawatan dan mengusulkan "
            "perbaikan melalui musrenbang.",
            "Sarana & prasarana kinerja desa",
            "Sekretariat",
            [
                steps(
                    "Langkah",
                    (
                        "Inventarisasi",
                        "Catat setiap barang: nama, lokasi, tahun perolehan, kondisi.",
                    ),
                    ("Beri kode", "Tempel label kode aset sesuai buku inventaris desa."),
                    (
                        "Jadwalkan perawatan",
                        "Periksa genset, komputer dan jaringan setiap tiga bulan.",
                    ),
                    ("Usulkan perbaikan", "Bawa daftar kerusakan ke musyawarah perencanaan desa."),
                ),
            ],
        ),
        (
            "menghidupkan-lembaga-kemasyarakatan",
            "Menghidupkan kembali lembaga kemasyarakatan desa",
            "Langkah praktis agar RT, PKK, karang taruna dan LPM aktif kembali dengan surat "
            "keputusan dan program kerja yang jelas.",
            "Lembaga kemasyarakatan desa",
            "Seksi Pemberdayaan Masyarakat dan Desa",
            [
                steps(
                    "Langkah",
                    ("Periksa SK pengurus", "Pastikan surat keputusan kepala desa masih berlaku."),
                    (
                        "Susun program kerja",
                        "Program sederhana satu tahun dengan penanggung jawab.",
                    ),
                    ("Laporkan kegiatan", "Laporan singkat setiap triwulan kepada kepala desa."),
                ),
                callout(
                    "info",
                    "Konsultasi",
                    "Seksi PMD kecamatan dapat membantu menyusun AD/ART lembaga.",
                ),
            ],
        ),
        (
            "pelaksanaan-program-padat-karya",
            "Melaksanakan program padat karya tunai desa",
            "Panduan menyusun daftar pekerja, upah dan dokumentasi kegiatan padat karya agar "
            "tepat sasaran dan mudah dipertanggungjawabkan.",
            "Pemberdayaan masyarakat & pelaksanaan program",
            "Seksi Pemberdayaan Masyarakat dan Desa",
            [
                steps(
                    "Urutan kerja",
                    (
                        "Tetapkan sasaran",
                        "Utamakan warga miskin, penganggur dan setengah penganggur.",
                    ),
                    (
                        "Susun daftar hadir harian",
                        "Pekerja menandatangani daftar hadir setiap hari kerja.",
                    ),
                    (
                        "Bayar upah tepat waktu",
                        "Upah dibayar harian atau mingguan dengan bukti terima.",
                    ),
                    ("Dokumentasikan", "Foto 0%, 50% dan 100% dari titik yang sama."),
                ),
            ],
        ),
        (
            "memutakhirkan-data-desa",
            "Memutakhirkan data desa untuk perencanaan",
            "Cara menjaga data penduduk, kemiskinan dan potensi desa tetap mutakhir sehingga "
            "dapat dipakai untuk menyusun kebijakan.",
            "Data desa untuk kebijakan",
            "Seksi Pemerintahan",
            [
                (
                    "text",
                    rt(
                        "Data yang dipakai di musyawarah desa harus sama dengan data yang dilaporkan ke "
                        "kecamatan dan kabupaten. Tunjuk satu pengelola data di kantor desa."
                    ),
                ),
                steps(
                    "Siklus pemutakhiran",
                    (
                        "Kumpulkan perubahan",
                        "Kelahiran, kematian, pindah datang setiap bulan dari RT.",
                    ),
                    ("Periksa ganda", "Cocokkan NIK sebelum memasukkan data baru."),
                    ("Umumkan ringkasan", "Tampilkan angka agregat di papan informasi desa."),
                ),
                (
                    "table",
                    {
                        "caption": "Jadwal pemutakhiran",
                        "data": "Data | Frekuensi\nKependudukan | Bulanan\nKeluarga miskin | Semester\nPotensi desa | Tahunan",
                    },
                ),
            ],
        ),
        (
            "mengajukan-pertanyaan-lain",
            "Masalah lain: cara bertanya ke kecamatan",
            "Bila masalah desa tidak masuk kategori mana pun, begini cara menyampaikannya agar "
            "diteruskan ke seksi yang tepat.",
            "Lainnya",
            "Sekretariat",
            [
                (
                    "text",
                    rt(
                        "Tuliskan masalahnya sesingkat mungkin dan pilih kategori Lainnya saat "
                        "mengajukan koordinasi. Sekretariat kecamatan akan meneruskannya ke seksi "
                        "yang membidangi dalam satu hari kerja."
                    ),
                ),
                callout(
                    "info",
                    "Belum tahu harus bagaimana?",
                    "Datang ke kantor kecamatan pada jam kerja; petugas pelayanan akan membantu.",
                ),
            ],
        ),
        (
            "peran-bpd-dalam-pengawasan",
            "Peran BPD dalam mengawasi kinerja kepala desa",
            "Tugas Badan Permusyawaratan Desa menurut UU Desa dan cara menjalankannya dalam "
            "musyawarah yang tertib.",
            "Tata pemerintahan & fungsi BPD",
            "Seksi Pemerintahan",
            [
                (
                    "text",
                    rt(
                        "Menurut UU No. 6 Tahun 2014 tentang Desa, BPD membahas dan menyepakati "
                        "rancangan peraturan desa, menampung aspirasi masyarakat dan mengawasi kinerja "
                        "kepala desa."
                    ),
                ),
                qa(
                    (
                        "Kapan BPD menerima laporan kepala desa?",
                        "Setiap akhir tahun anggaran, dalam bentuk laporan keterangan penyelenggaraan pemerintahan desa.",
                    ),
                ),
            ],
        ),
    ]


def regulation_guides():
    """Guides on village finance and governance, in our own words from public regulations.
    (slug, title, summary, category, section, body)"""
    return [
        (
            "menyusun-apbdes",
            "Menyusun dan menetapkan APBDes tepat waktu",
            "Tahapan rancangan APBDes dari RKPDes sampai penetapan Peraturan Desa, termasuk "
            "pembahasan dengan BPD dan evaluasi oleh bupati melalui camat.",
            "Administrasi, keuangan & aset desa",
            "Seksi Pemberdayaan Masyarakat dan Desa",
            [
                (
                    "text",
                    rt(
                        "Anggaran Pendapatan dan Belanja Desa disusun berdasarkan RKPDes tahun berkenaan. "
                        "Sekretaris desa mengoordinasikan penyusunan rancangan bersama Kaur Keuangan dan para Kasi."
                    ),
                ),
                ("heading", {"text": "Tahapan dan batas waktu", "level": "h2"}),
                steps(
                    "",
                    (
                        "Rancangan disampaikan kepada BPD",
                        "Kepala desa menyampaikan rancangan Perdes tentang APBDes kepada BPD paling lambat bulan Oktober tahun berjalan.",
                    ),
                    (
                        "Dibahas dan disepakati bersama",
                        "Kepala desa dan BPD membahas rancangan dan menyepakatinya paling lambat bulan Oktober.",
                    ),
                    (
                        "Diserahkan untuk evaluasi",
                        "Rancangan yang telah disepakati diserahkan kepada bupati melalui camat paling lambat 3 hari sejak disepakati.",
                    ),
                    (
                        "Evaluasi",
                        "Evaluasi oleh bupati (dapat didelegasikan kepada camat) selesai paling lama 20 hari kerja sejak rancangan diterima.",
                    ),
                    (
                        "Penetapan",
                        "APBDes ditetapkan dengan Peraturan Desa paling lambat 31 Desember tahun anggaran sebelumnya.",
                    ),
                ),
                qa(
                    (
                        "Bagaimana bila hasil evaluasi tidak keluar dalam 20 hari kerja?",
                        "Kepala desa dapat menetapkan rancangan tersebut menjadi Peraturan Desa.",
                    ),
                    (
                        "Bagaimana bila hasil evaluasi meminta perbaikan?",
                        "Kepala desa memperbaiki rancangan paling lama 7 hari kerja sejak hasil evaluasi diterima.",
                    ),
                ),
                callout(
                    "info",
                    "Dasar",
                    "Permendagri Nomor 20 Tahun 2018 tentang Pengelolaan Keuangan Desa.",
                ),
            ],
        ),
        (
            "penyaluran-dana-desa",
            "Penyaluran dan penggunaan Dana Desa dan Alokasi Dana Desa",
            "Perbedaan Dana Desa (DD) dan Alokasi Dana Desa (ADD), syarat penyaluran per tahap, "
            "dan prioritas penggunaannya termasuk BLT Dana Desa.",
            "Administrasi, keuangan & aset desa",
            "Seksi Pemberdayaan Masyarakat dan Desa",
            [
                (
                    "text",
                    rt(
                        "Dana Desa bersumber dari APBN dan disalurkan dari rekening kas umum negara melalui "
                        "rekening kas umum daerah ke rekening kas desa secara bertahap.",
                        "Alokasi Dana Desa berasal dari APBD kabupaten, paling sedikit 10 persen dari dana "
                        "perimbangan yang diterima kabupaten setelah dikurangi Dana Alokasi Khusus.",
                    ),
                ),
                ("heading", {"text": "Syarat penyaluran per tahap", "level": "h2"}),
                (
                    "table",
                    {
                        "caption": "Dokumen yang biasanya diminta",
                        "data": "Tahap | Dokumen\nTahap I | Peraturan Desa tentang APBDes, surat kuasa pemindahbukuan\nTahap II | Laporan realisasi penyerapan dan capaian keluaran tahap sebelumnya\nTahap III | Laporan realisasi tahun sebelumnya dan tahap II, laporan konvergensi stunting",
                    },
                ),
                qa(
                    (
                        "Apakah Dana Desa boleh dipakai untuk bantuan langsung tunai?",
                        "Boleh: BLT Dana Desa untuk keluarga miskin yang memenuhi kriteria, sesuai prioritas penggunaan yang ditetapkan pemerintah tahun itu.",
                    ),
                    (
                        "Mengapa penyaluran tahap berikutnya tertunda?",
                        "Biasanya karena laporan realisasi tahap sebelumnya belum lengkap atau belum dientri di Siskeudes.",
                    ),
                ),
            ],
        ),
        (
            "siskeudes-dan-prodeskel",
            "Aplikasi desa: Siskeudes dan Prodeskel",
            "Kegunaan Sistem Keuangan Desa (Siskeudes) dan Profil Desa dan Kelurahan (Prodeskel), "
            "siapa operatornya, dan ke mana meminta bantuan bila akun bermasalah.",
            "Pelayanan publik & kapasitas TIK aparatur",
            "Seksi Pemberdayaan Masyarakat dan Desa",
            [
                (
                    "text",
                    rt(
                        "Siskeudes dipakai untuk perencanaan, penganggaran, penatausahaan dan pelaporan keuangan "
                        "desa. Operatornya biasanya Kaur Keuangan dengan akun dari admin kabupaten.",
                        "Prodeskel memuat profil desa: potensi, kependudukan dan perkembangan desa. Datanya "
                        "dimutakhirkan sekali setahun dan dipakai untuk menilai tingkat perkembangan desa.",
                    ),
                ),
                qa(
                    (
                        "Lupa kata sandi Siskeudes, harus menghubungi siapa?",
                        "Hubungi admin aplikasi di Dinas PMD kabupaten melalui Seksi PMD kecamatan; sebutkan nama desa dan nama pengguna.",
                    ),
                    (
                        "Berapa kali Prodeskel diisi?",
                        "Sekali setiap tahun, ditambah perbaikan bila ada data yang keliru.",
                    ),
                ),
            ],
        ),
        (
            "pengisian-anggota-bpd",
            "Pengisian keanggotaan BPD",
            "Jumlah anggota, masa keanggotaan, syarat calon dan cara pengisian anggota Badan "
            "Permusyawaratan Desa.",
            "Tata pemerintahan & fungsi BPD",
            "Seksi Pemerintahan",
            [
                (
                    "table",
                    {
                        "caption": "Ketentuan pokok",
                        "data": "Hal | Ketentuan\nJumlah anggota | Ganjil, paling sedikit 5 dan paling banyak 9 orang\nMasa keanggotaan | 6 tahun sejak pengucapan sumpah, paling banyak 3 kali masa keanggotaan\nUsia calon | Paling rendah 20 tahun atau sudah/pernah menikah\nPendidikan calon | Paling rendah tamat SMP atau sederajat",
                    },
                ),
                (
                    "text",
                    rt(
                        "Pengisian dilakukan secara demokratis melalui pemilihan langsung atau musyawarah "
                        "perwakilan dengan keterwakilan perempuan. Peresmian anggota ditetapkan dengan keputusan bupati."
                    ),
                ),
                callout(
                    "info",
                    "Dasar",
                    "Permendagri Nomor 110 Tahun 2016 tentang Badan Permusyawaratan Desa.",
                ),
            ],
        ),
        (
            "pengangkatan-perangkat-desa",
            "Pengangkatan dan pemberhentian perangkat desa",
            "Tahapan penjaringan, konsultasi dengan camat dan syarat calon perangkat desa, serta "
            "alasan pemberhentian perangkat desa.",
            "Tata pemerintahan & fungsi BPD",
            "Seksi Pemerintahan",
            [
                steps(
                    "Pengangkatan",
                    (
                        "Penjaringan dan penyaringan",
                        "Kepala desa membentuk tim yang menjaring calon Sekretaris Desa, Kaur, Kasi atau Kepala Dusun.",
                    ),
                    (
                        "Konsultasi dengan camat",
                        "Hasil penyaringan paling sedikit dua calon dikonsultasikan kepada camat.",
                    ),
                    (
                        "Rekomendasi tertulis",
                        "Camat memberikan rekomendasi tertulis paling lambat 7 hari kerja.",
                    ),
                    (
                        "Keputusan kepala desa",
                        "Calon yang direkomendasikan diangkat dengan keputusan kepala desa.",
                    ),
                ),
                (
                    "table",
                    {
                        "caption": "Syarat calon",
                        "data": "Syarat | Ketentuan\nPendidikan | Paling rendah SMA atau sederajat\nUsia | 20 sampai 42 tahun\nLain | Terdaftar sebagai penduduk desa paling sedikit 1 tahun",
                    },
                ),
                (
                    "text",
                    rt(
                        "Perangkat desa berhenti karena meninggal dunia, permintaan sendiri atau "
                        "diberhentikan, antara lain karena telah berusia 60 tahun. Pemberhentian juga "
                        "dikonsultasikan kepada camat."
                    ),
                ),
                callout(
                    "info",
                    "Dasar",
                    "Permendagri Nomor 67 Tahun 2017 tentang Pengangkatan dan Pemberhentian Perangkat Desa.",
                ),
            ],
        ),
        (
            "menyusun-peraturan-desa",
            "Menyusun Peraturan Desa",
            "Langkah perencanaan, penyusunan, pembahasan, penetapan dan pengundangan Peraturan "
            "Desa, serta rancangan yang wajib dievaluasi bupati.",
            "Tata pemerintahan & fungsi BPD",
            "Seksi Pemerintahan",
            [
                steps(
                    "Tahapan",
                    ("Perencanaan", "Rencana Perdes ditetapkan kepala desa dan BPD dalam RKPDes."),
                    (
                        "Penyusunan",
                        "Rancangan disusun oleh kepala desa atau diusulkan BPD, lalu dikonsultasikan kepada masyarakat.",
                    ),
                    ("Pembahasan", "Kepala desa dan BPD membahas dan menyepakati rancangan."),
                    (
                        "Penetapan",
                        "Rancangan yang disepakati ditandatangani kepala desa paling lambat 15 hari.",
                    ),
                    (
                        "Pengundangan",
                        "Sekretaris desa mengundangkan Perdes dalam Lembaran Desa dan Berita Desa.",
                    ),
                ),
                (
                    "text",
                    rt(
                        "Rancangan Perdes tentang APBDes, pungutan, tata ruang dan organisasi pemerintah "
                        "desa dievaluasi bupati melalui camat sebelum ditetapkan."
                    ),
                ),
                callout(
                    "info",
                    "Dasar",
                    "Permendagri Nomor 111 Tahun 2014 tentang Pedoman Teknis Peraturan di Desa.",
                ),
            ],
        ),
        (
            "musyawarah-perencanaan-desa",
            "Musrenbangdes dan penyusunan RKPDes",
            "Kapan musyawarah perencanaan pembangunan desa dilaksanakan, siapa pesertanya, dan "
            "batas penetapan RKPDes.",
            "Pemberdayaan masyarakat & pelaksanaan program",
            "Seksi Pemberdayaan Masyarakat dan Desa",
            [
                (
                    "text",
                    rt(
                        "RPJMDes berlaku 6 tahun; setiap tahun dijabarkan dalam RKPDes. Penyusunan RKPDes "
                        "dimulai bulan Juli dan ditetapkan dengan Peraturan Desa paling lambat akhir September.",
                        "Musyawarah desa diselenggarakan BPD untuk menyepakati arah pembangunan; musyawarah "
                        "perencanaan pembangunan desa diselenggarakan pemerintah desa untuk membahas rancangan RKPDes.",
                    ),
                ),
                ("heading", {"text": "Peserta musyawarah", "level": "h2"}),
                (
                    "text",
                    rt(
                        "Pemerintah desa, BPD, tokoh adat, tokoh agama, tokoh masyarakat, perwakilan "
                        "kelompok tani, kelompok perempuan, dan warga miskin."
                    ),
                ),
                callout(
                    "info",
                    "Dasar",
                    "Permendagri Nomor 114 Tahun 2014 tentang Pedoman Pembangunan Desa.",
                ),
            ],
        ),
        (
            "mendirikan-bumdes",
            "Mendirikan Badan Usaha Milik Desa",
            "Cara mendirikan BUMDes melalui musyawarah desa, dasar hukumnya, pendaftaran badan "
            "hukum dan sumber modalnya.",
            "Pemberdayaan masyarakat & pelaksanaan program",
            "Seksi Pemberdayaan Masyarakat dan Desa",
            [
                steps(
                    "Langkah",
                    (
                        "Musyawarah desa",
                        "Pendirian BUMDes disepakati dalam musyawarah desa bersama BPD dan unsur masyarakat.",
                    ),
                    ("Peraturan Desa", "Pendirian dan anggaran dasar ditetapkan dengan Perdes."),
                    (
                        "Pendaftaran badan hukum",
                        "BUMDes didaftarkan secara daring melalui sistem informasi kementerian desa dan kementerian hukum.",
                    ),
                ),
                qa(
                    (
                        "Dari mana modal BUMDes?",
                        "Penyertaan modal desa dari APBDes, ditambah modal dari masyarakat atau pihak lain sesuai anggaran dasar.",
                    ),
                ),
                callout(
                    "info",
                    "Dasar",
                    "Peraturan Pemerintah Nomor 11 Tahun 2021 tentang Badan Usaha Milik Desa.",
                ),
            ],
        ),
        (
            "kader-pembangunan-manusia",
            "Kader Pembangunan Manusia dan kader posyandu",
            "Tugas KPM dalam konvergensi pencegahan stunting di desa dan cara desa membiayai "
            "kader posyandu dan KPM.",
            "Kesejahteraan sosial & stunting",
            "Seksi Kesejahteraan Sosial",
            [
                (
                    "text",
                    rt(
                        "KPM ditetapkan dengan keputusan kepala desa. Tugasnya memetakan sasaran "
                        "rumah tangga 1.000 hari pertama kehidupan, memantau layanan yang mereka terima, "
                        "dan menyiapkan bahan rembuk stunting desa."
                    ),
                ),
                qa(
                    (
                        "Bolehkah insentif kader posyandu dan KPM dibayar dari Dana Desa?",
                        "Boleh, bila dianggarkan dalam APBDes sebagai kegiatan pelayanan kesehatan dasar dan pencegahan stunting.",
                    ),
                ),
            ],
        ),
    ]


@transaction.atomic
def load():
    index = ensure_index()
    checklist = _document(
        "Daftar periksa sesi koordinasi", "daftar-periksa-koordinasi.txt", CHECKLIST_TXT.encode()
    )
    apbdes = _document(
        "Jadwal laporan keuangan desa", "jadwal-laporan-keuangan-desa.csv", APBDES_CSV.encode()
    )
    _document(
        "Ringkasan alur koordinasi RUKO PARSEL",
        "ringkasan-alur-koordinasi.pdf",
        tiny_pdf(
            [
                "Ringkasan alur koordinasi RUKO PARSEL",
                "1. Koordinasi dengan pimpinan kecamatan",
                "2. Penjadwalan sesi",
                "3. Sesi koordinasi di ruang RUKO PARSEL",
                "4. Laporan dan tindak lanjut",
                "5. Monitoring dan evaluasi",
                "Dasar: Perbup Balangan No. 72 Tahun 2021; UU No. 6 Tahun 2014 tentang Desa",
            ]
        ),
    )
    create_sop(index)
    create_mail_sop(index)
    for slug, title, summary, category, section, body in [
        *guides(checklist, apbdes),
        *regulation_guides(),
    ]:
        if Page.objects.filter(slug=slug).child_of(index).exists():
            continue
        _publish(
            index,
            GuidancePage(
                title=title,
                slug=slug,
                summary=summary,
                body=body,
                owner_section=_section(section),
                next_review=REVIEW,
            ),
            _categories(category),
        )
