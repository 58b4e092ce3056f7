"""Backups that restore: `manage.py backup` then `manage.py restore` into an empty database and
empty media folders, on real PostgreSQL, run as `make backup` / `make restore` run them."""

import datetime
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from wagtail.documents.models import Document

from home.backup import make_backup
from home.models import Village
from tests.factories import BookingFactory, wita
from tests.pgcluster import REPO

ATTACHMENT = bytes(range(256)) * 40 + b"%PDF-1.4 surat undangan\x00\xff"


def run_manage(*args, database, media, private):
    settings_dict = connection.settings_dict
    url = "postgres://{USER}@{HOST}:{PORT}/".format(**settings_dict) + database
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "PRIVATE_MEDIA_ROOT": str(private),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def files(root):
    root = Path(root)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def counts(cursor, tables):
    result = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        result[table] = cursor.fetchone()[0]
    return result


def rows(cursor, table):
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')  # noqa: S608 - a fixed name
    return cursor.fetchall()


@pytest.fixture
def empty_database():
    name = connection.settings_dict["NAME"] + "_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_every_row_and_every_file(
    settings, tmp_path, villages, room, empty_database
):
    source_media, source_private = tmp_path / "media", tmp_path / "private"
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = source_media, source_private
    village = Village.objects.order_by("code")[0]
    for number in range(5):
        day = wita(2030, 2, 4) + datetime.timedelta(days=7 * number)
        BookingFactory(
            room=room,
            village=village,
            title=f"Pendampingan APBDes {number} — ✓ ünïcode",
            start=day,
            end=day + datetime.timedelta(hours=1),
            attachment=SimpleUploadedFile(f"undangan-{number}.pdf", ATTACHMENT + bytes([number])),
        )
    Document.objects.create(
        title="Laporan tahunan", file=ContentFile(b"isi laporan\n" * 500, name="laporan.pdf")
    )
    source_name = connection.settings_dict["NAME"]
    backups = tmp_path / "backups"

    made = run_manage(
        "backup",
        "--to",
        str(backups),
        database=source_name,
        media=source_media,
        private=source_private,
    )
    assert made.returncode == 0, made.stderr
    (backup,) = backups.iterdir()
    assert {p.name for p in backup.iterdir()} == {
        "database.dump",
        "media.tar",
        "private-media.tar",
        "manifest.json",
    }

    target_media, target_private = tmp_path / "restored-media", tmp_path / "restored-private"
    restored = run_manage(
        "restore",
        str(backup),
        database=empty_database,
        media=target_media,
        private=target_private,
    )
    assert restored.returncode == 0, restored.stderr

    tables = connection.introspection.table_names()
    target = psycopg.connect(
        dbname=empty_database,
        host=connection.settings_dict["HOST"],
        port=connection.settings_dict["PORT"],
        user=connection.settings_dict["USER"],
    )
    with target, target.cursor() as restored_cursor, connection.cursor() as source_cursor:
        assert counts(restored_cursor, tables) == counts(source_cursor, tables)
        assert rows(restored_cursor, "bookings_booking") == rows(source_cursor, "bookings_booking")
        assert len(rows(restored_cursor, "bookings_booking")) == 5
    assert files(target_private) == files(source_private)
    assert len(files(target_private)) == 5
    assert files(target_media) == files(source_media)
    assert any(name.endswith(".pdf") for name in files(target_media))

    # A second restore over the now-filled database is refused and changes nothing.
    again = run_manage(
        "restore",
        str(backup),
        database=empty_database,
        media=tmp_path / "other-media",
        private=tmp_path / "other",
    )
    assert again.returncode != 0
    assert "is not empty" in again.stderr
    assert not (tmp_path / "other").exists()

    # A damaged archive is found by its checksum before anything is written.
    archive = backup / "private-media.tar"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    checked = run_manage(
        "restore",
        "--check",
        str(backup),
        database=empty_database,
        media=target_media,
        private=target_private,
    )
    assert checked.returncode != 0
    assert "private-media.tar does not match its checksum" in checked.stderr


@pytest.mark.django_db
def test_backups_beyond_the_retention_are_removed(settings, tmp_path):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "m", tmp_path / "p"
    start = datetime.datetime(2030, 1, 1, 2, 30, tzinfo=datetime.UTC)
    for day in range(4):
        make_backup(tmp_path / "backups", keep=2, now=start + datetime.timedelta(days=day))
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [
        "ruko-20300103-023000",
        "ruko-20300104-023000",
    ]
