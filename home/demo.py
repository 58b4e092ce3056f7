"""Demo accounts and site settings. Never loaded in production (DEMO_DATA_ALLOWED)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify
from wagtail.models import Site

from . import roles
from .models import BodyKind, CommunityBody, Section, SiteSettings, UserProfile, Village
from .villages import import_villages

DEMO_PASSWORD = "ruko-demo-2026"  # noqa: S105 -- documented demo-only password


def _user(username, *, first_name, last_name="", email=None, superuser=False, groups=()):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email or f"{username}@demo.rukoparsel.invalid",
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def load():
    if not Village.objects.exists():
        import_villages()
    site = Site.objects.get(is_default_site=True)
    office = SiteSettings.for_site(site)
    if not office.address:
        office.office_name = "Kantor Kecamatan Paringin Selatan"
        office.address = "Jl. Ahmad Yani, Paringin Selatan\nKabupaten Balangan, Kalimantan Selatan"
        office.phone = "0526 2028 000"
        office.whatsapp = "6281200000000"
        office.email = "kecamatan.parsel@demo.rukoparsel.invalid"
        office.office_hours = "Senin–Kamis 07.30–16.00 WITA\nJumat 07.30–11.00 WITA"
        office.save()

    _user("admin", first_name="Admin", last_name="Portal", superuser=True)
    _user("editor", first_name="Rina", last_name="Editor", groups=[roles.EDITORS])
    _user("moderator", first_name="Hendra", last_name="Moderator", groups=[roles.MODERATORS])
    staff = _user("staf", first_name="Sari", last_name="Pemerintahan", groups=[roles.STAFF])
    UserProfile.objects.get_or_create(
        user=staff,
        defaults={
            "section": Section.objects.filter(name="Seksi Pemerintahan").first(),
            "position": "Kepala Seksi Pemerintahan",
        },
    )
    for village in Village.objects.all():
        username = "operator-" + slugify(village.name)
        user = _user(
            username, first_name="Operator", last_name=village.name, groups=[roles.OPERATORS]
        )
        UserProfile.objects.get_or_create(
            user=user, defaults={"village": village, "position": "Operator desa"}
        )
    _bodies()


# Community bodies with their own account: (user name, kind slug, body name, village name).
DEMO_BODIES = [
    ("bpd-inan", "bpd", "BPD Desa Inan", "Inan", "Rahmah", "Ketua BPD"),
    ("pkk-panggung", "pkk", "TP PKK Desa Panggung", "Panggung", "Siti", "Sekretaris TP PKK"),
]


def _bodies():
    for username, kind, name, village_name, first_name, position in DEMO_BODIES:
        village = Village.objects.filter(name=village_name).first()
        kind = BodyKind.objects.filter(slug=kind).first()
        if village is None or kind is None:
            continue
        body, _created = CommunityBody.objects.get_or_create(
            village=village,
            name=name,
            defaults={"kind": kind, "email": f"{username}@demo.rukoparsel.invalid"},
        )
        user = _user(username, first_name=first_name, last_name=name)
        UserProfile.objects.get_or_create(user=user, defaults={"body": body, "position": position})
