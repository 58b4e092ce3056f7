"""The site's starting shape: a HomePage at the root, the portal's groups, and the starting
sets of sections and problem categories from the product brief (all editable afterwards)."""

from django.db import migrations
from django.utils.text import slugify

SECTIONS = [
    "Sekretariat",
    "Seksi Pemerintahan",
    "Seksi Pemberdayaan Masyarakat dan Desa",
    "Seksi Ketenteraman dan Ketertiban Umum",
    "Seksi Kesejahteraan Sosial",
    "Seksi Pelayanan Umum",
]

CATEGORIES = [
    "Tata pemerintahan & fungsi BPD",
    "Pelayanan publik & kapasitas TIK aparatur",
    "Sarana & prasarana kinerja desa",
    "Administrasi, keuangan & aset desa",
    "Lembaga kemasyarakatan desa",
    "Pemberdayaan masyarakat & pelaksanaan program",
    "Data desa untuk kebijakan",
    "Kesejahteraan sosial & stunting",
    "Kebencanaan & peringatan dini",
    "Lainnya",
]

HOME_LEAD = (
    "Rumah Koordinasi Paringin Selatan: tempat pemerintah desa dan kelurahan membawa "
    "persoalannya ke kecamatan, bertemu seksi yang tepat, dan pulang dengan tindak lanjut yang jelas."
)
HOME_BODY = (
    "<h2>Apa itu RUKO PARSEL?</h2>"
    "<p>Sejak Juni 2022 Kecamatan Paringin Selatan menyediakan sebuah ruang koordinasi di kantor "
    "kecamatan untuk 15 desa dan 1 kelurahan. Di ruang ini aparatur desa dapat menyampaikan "
    "masalah yang mereka hadapi — administrasi dan keuangan desa, data desa, pelayanan dan TIK, "
    "kinerja BPD, lembaga kemasyarakatan, stunting, hingga kesiapsiagaan bencana — lalu mencari "
    "jalan keluarnya bersama seksi kecamatan yang membidangi.</p>"
    "<p>Portal ini membawa prosedur itu ke dalam jaringan: panduan dan SOP dapat dibaca kapan saja, "
    "jadwal ruang terlihat terbuka, dan desa dapat mengajukan sesi koordinasi tanpa harus datang "
    "lebih dulu. Dasar hukumnya adalah Peraturan Bupati Balangan Nomor 72 Tahun 2021 yang memberi "
    "kecamatan tugas mengoordinasikan desa dan kelurahan, sejalan dengan UU Nomor 6 Tahun 2014 "
    "tentang Desa.</p>"
)

STAFF_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("home", "village", "add_village"),
    ("home", "village", "change_village"),
    ("home", "section", "add_section"),
    ("home", "section", "change_section"),
    ("home", "problemcategory", "add_problemcategory"),
    ("home", "problemcategory", "change_problemcategory"),
    ("home", "userprofile", "add_userprofile"),
    ("home", "userprofile", "change_userprofile"),
]


def create_initial_content(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Section = apps.get_model("home.Section")
    ProblemCategory = apps.get_model("home.ProblemCategory")

    # Wagtail's own initial data leaves a plain welcome page; ours replaces it.
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=page_type, depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    locale = Locale.objects.order_by("pk").first()
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="RUKO PARSEL",
        draft_title="RUKO PARSEL",
        slug="beranda",
        content_type=home_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/beranda/",
        locale=locale,
        lead=HOME_LEAD,
        body=HOME_BODY,
        search_description=HOME_LEAD,
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
        site_name="RUKO PARSEL",
    )

    for app_label, model, codename in STAFF_PERMISSIONS:
        ContentType.objects.get_or_create(app_label=app_label, model=model)
    staff, _ = Group.objects.get_or_create(name="Staf Kecamatan")
    for app_label, model, codename in STAFF_PERMISSIONS:
        content_type = ContentType.objects.get(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )
        staff.permissions.add(permission)
    Group.objects.get_or_create(name="Operator Desa")

    for order, name in enumerate(SECTIONS, start=1):
        Section.objects.get_or_create(name=name, defaults={"order": order})
    for order, name in enumerate(CATEGORIES, start=1):
        ProblemCategory.objects.get_or_create(
            name=name, defaults={"order": order, "slug": slugify(name.replace("&", "dan"))}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_initial_content, migrations.RunPython.noop)]
