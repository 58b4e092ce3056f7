"""Trigram similarity for misspelt queries (pg_trgm), the starting list of synonyms and
abbreviations, the portal's own services as search entries, and the text of documents
already in the library. All of it is editable afterwards (snippets)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SYNONYMS = [
    ("APBDes", "anggaran pendapatan dan belanja desa, APB Desa"),
    ("BPD", "badan permusyawaratan desa"),
    ("LPM", "lembaga pemberdayaan masyarakat"),
    ("KPM", "kader pembangunan manusia"),
    ("HPK", "hari pertama kehidupan, 1000 HPK"),
    ("Siskeudes", "sistem keuangan desa"),
    ("Prodeskel", "profil desa dan kelurahan"),
    ("Perdes", "peraturan desa"),
    ("Perkades", "peraturan kepala desa"),
    ("ADD", "alokasi dana desa"),
    ("DD", "dana desa"),
    ("BLT", "bantuan langsung tunai"),
    ("LKD", "lembaga kemasyarakatan desa"),
    ("PKK", "pemberdayaan kesejahteraan keluarga"),
    ("Posyandu", "pos pelayanan terpadu"),
    ("Karang Taruna", "organisasi pemuda desa, lembaga kemasyarakatan"),
    ("BUMDes", "badan usaha milik desa"),
    ("RKPDes", "rencana kerja pemerintah desa"),
    ("RPJMDes", "rencana pembangunan jangka menengah desa"),
    ("Musdes", "musyawarah desa"),
    ("Musrenbangdes", "musyawarah perencanaan pembangunan desa, musrenbang"),
    ("Kades", "kepala desa"),
    ("Sekdes", "sekretaris desa"),
    ("Kaur", "kepala urusan, perangkat desa"),
    ("Kasi", "kepala seksi"),
    ("Camat", "kecamatan"),
    ("Sekcam", "sekretaris camat"),
    ("PMD", "pemberdayaan masyarakat dan desa"),
    ("Monev", "monitoring dan evaluasi"),
    ("SK", "surat keputusan"),
    ("Trantib", "ketenteraman dan ketertiban"),
    ("BPBD", "badan penanggulangan bencana daerah"),
    ("NIK", "nomor induk kependudukan"),
    ("pencairan", "penyaluran"),
    ("password", "kata sandi"),
    ("email", "surel"),
    ("tanda tangan", "menandatangani"),
    ("anggaran desa", "APBDes"),
    ("honor", "insentif"),
    ("vakum", "tidak aktif, menghidupkan kembali"),
    ("umur", "usia"),
    ("pinjam ruang", "reservasi ruang, jadwal ruang"),
    ("pakai ruang", "reservasi ruang, jadwal ruang"),
    ("sewa ruang", "reservasi ruang, jadwal ruang"),
    ("ruang rapat", "ruang koordinasi"),
    ("booking", "reservasi"),
    ("kalender hp", "langganan kalender"),
]

SERVICES = [
    (
        "reservasi-ruang",
        "Mengajukan jadwal sesi di ruang koordinasi RUKO PARSEL",
        "Desa atau kelurahan memilih waktu yang masih kosong dan mengajukan sesi koordinasi "
        "di ruang RUKO PARSEL; seksi kecamatan menyetujui atau menawarkan waktu lain.",
        "reservasi, pinjam ruang, meminjam ruangan, pakai ruang rapat, sewa ruang, booking, "
        "pesan ruang, ajukan sesi, daftar sesi koordinasi",
        "/reservasi/baru/",
    ),
    (
        "jadwal-ruang",
        "Jadwal ruang koordinasi",
        "Jadwal pemakaian ruang RUKO PARSEL per minggu: waktu yang sudah terisi dan yang "
        "masih kosong.",
        "jadwal ruang, ruang kosong, waktu tersedia, ketersediaan ruang, agenda ruang",
        "/jadwal/",
    ),
    (
        "kalender-desa",
        "Langganan kalender sesi desa",
        "Alamat kalender (iCal) berisi sesi desa Anda, untuk ditambahkan ke kalender ponsel "
        "atau komputer agar jadwal muncul otomatis.",
        "kalender, langganan kalender, ical, google calendar, pengingat jadwal, sinkron jadwal",
        "/reservasi/kalender/",
    ),
    (
        "reservasi-saya",
        "Daftar reservasi desa",
        "Sesi yang diajukan desa Anda: status, membatalkan, memindahkan jadwal, dan daftar "
        "tunggu bila waktu yang diinginkan penuh.",
        "reservasi saya, batal reservasi, pindah jadwal, ubah jadwal, daftar tunggu, antrean",
        "/reservasi/",
    ),
    (
        "angka-publik",
        "Angka koordinasi untuk publik",
        "Jumlah sesi koordinasi, masalah per kategori dan tindak lanjut yang selesai, "
        "diterbitkan sebagai angka gabungan setiap tahun.",
        "transparansi, statistik, angka, jumlah sesi, rekap tahunan, data publik",
        "/transparansi/",
    ),
    (
        "tindak-lanjut",
        "Tindak lanjut hasil sesi koordinasi",
        "Kesepakatan setiap sesi: siapa mengerjakan apa dan kapan, serta catatan "
        "perkembangannya.",
        "tindak lanjut, hasil sesi, kesepakatan, notulen, perkembangan, progres",
        "/tindak-lanjut/",
    ),
    (
        "dokumen",
        "Dokumen dan formulir",
        "Formulir, daftar periksa dan jadwal yang dapat diunduh.",
        "unduh, download, formulir, blanko, templat",
        "/panduan/dokumen/",
    ),
]


def add_starting_data(apps, schema_editor):
    SearchSynonym = apps.get_model("guidance", "SearchSynonym")
    PortalService = apps.get_model("guidance", "PortalService")
    for term, alternatives in SYNONYMS:
        SearchSynonym.objects.get_or_create(term=term, defaults={"alternatives": alternatives})
    for slug, title, description, keywords, url in SERVICES:
        PortalService.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "description": description, "keywords": keywords, "url": url},
        )


def read_documents(apps, schema_editor):
    from guidance.document_text import extract_text

    Document = apps.get_model("wagtaildocs", "Document")
    DocumentText = apps.get_model("guidance", "DocumentText")
    for document in Document.objects.all():
        extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else ""
        DocumentText.objects.get_or_create(
            document=document, defaults={"text": extract_text(document.file, extension)}
        )


def remove_starting_data(apps, schema_editor):
    apps.get_model("guidance", "SearchSynonym").objects.filter(
        term__in=[term for term, _a in SYNONYMS]
    ).delete()
    apps.get_model("guidance", "PortalService").objects.filter(
        slug__in=[service[0] for service in SERVICES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0006_search_services_synonyms_log"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(add_starting_data, remove_starting_data),
        migrations.RunPython(read_documents, migrations.RunPython.noop),
    ]
