from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from home.models import Village

KABUPATEN_FILE = Path(__file__).resolve().parents[2] / "data" / "wilayah-kabupaten-balangan.csv"

EXPECTED = {
    "63.11.07.1001": ("Batu Piring", "kelurahan"),
    "63.11.07.2002": ("Baruh Bahinu Luar", "desa"),
    "63.11.07.2003": ("Inan", "desa"),
    "63.11.07.2004": ("Baruh Bahinu Dalam", "desa"),
    "63.11.07.2005": ("Panggung", "desa"),
    "63.11.07.2006": ("Galumbang", "desa"),
    "63.11.07.2007": ("Halubau", "desa"),
    "63.11.07.2008": ("Binjai", "desa"),
    "63.11.07.2009": ("Murung Abuin", "desa"),
    "63.11.07.2010": ("Bungin", "desa"),
    "63.11.07.2011": ("Maradap", "desa"),
    "63.11.07.2012": ("Halubau Utara", "desa"),
    "63.11.07.2013": ("Murung Jambu", "desa"),
    "63.11.07.2014": ("Telaga Purun", "desa"),
    "63.11.07.2015": ("Lingsir", "desa"),
    "63.11.07.2016": ("Tarangan", "desa"),
}


def loaded():
    return {v.code: (v.name, v.kind) for v in Village.objects.all()}


@pytest.mark.django_db
def test_import_loads_exactly_the_sixteen_villages_with_their_codes():
    call_command("import_villages")
    assert loaded() == EXPECTED


@pytest.mark.django_db
def test_import_twice_updates_and_never_duplicates():
    call_command("import_villages")
    Village.objects.filter(code="63.11.07.2006").update(name="Galombang")
    call_command("import_villages")
    assert Village.objects.count() == 16
    assert Village.objects.get(code="63.11.07.2006").name == "Galumbang"


@pytest.mark.django_db
def test_import_from_the_kabupaten_file_gives_the_same_villages():
    call_command("import_villages", file=KABUPATEN_FILE, kecamatan="63.11.07")
    assert loaded() == EXPECTED


@pytest.mark.django_db
def test_import_another_kecamatan_from_the_kabupaten_file():
    call_command("import_villages", file=KABUPATEN_FILE, kecamatan="63.11.01")
    codes = set(Village.objects.values_list("code", flat=True))
    assert codes and all(code.startswith("63.11.01.") for code in codes)
    assert Village.objects.get(code="63.11.01.2001").name == "Muara Ninian"


@pytest.mark.django_db
def test_import_of_an_unknown_kecamatan_fails_and_changes_nothing():
    with pytest.raises(CommandError):
        call_command("import_villages", kecamatan="99.99.99")
    assert Village.objects.count() == 0


@pytest.mark.django_db
def test_demo_admin_sees_the_sixteen_villages_in_the_admin(client):
    from home.demo import DEMO_PASSWORD

    call_command("load_demo")
    response = client.post("/masuk/", {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    response = client.get("/admin/snippets/home/village/?per_page=50")
    assert response.status_code == 200
    html = response.content.decode()
    for name, _kind in EXPECTED.values():
        assert name in html
    assert html.count("63.11.07.") >= 16
