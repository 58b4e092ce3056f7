"""Backups that restore: a PostgreSQL dump plus both media folders, with SHA-256 checksums.

A backup is a folder `ruko-<date>-<time>/` holding `database.dump` (pg_dump's custom format),
`media.tar` (MEDIA_ROOT: images, documents), `private-media.tar` (PRIVATE_MEDIA_ROOT: booking
attachments) and `manifest.json`, which lists every file of the backup and every media file
inside the archives with its size and SHA-256. `restore` checks every checksum before and
after it writes anything, and only writes into an empty database and empty media folders.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
ARCHIVES = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    """Something that stops a backup or restore; the message says what to do."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _postgres(alias="default"):
    database = settings.DATABASES[alias]
    if "postgresql" not in database["ENGINE"]:
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://...).")
    arguments = ["-h", database.get("HOST") or "127.0.0.1", "-p", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        arguments += ["-U", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return database["NAME"], arguments, env


def _tool(name):
    folder = getattr(settings, "BACKUP_PG_BIN", "")
    path = str(Path(folder) / name) if folder else shutil.which(name)
    if not path or not Path(path).exists():
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client (apt-get install "
            "postgresql-client) or set BACKUP_PG_BIN to the folder holding it."
        )
    return path


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - PostgreSQL tools
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")


def _media_files(root):
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): {"size": path.stat().st_size, "sha256": sha256(path)}
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def make_backup(folder, *, keep=None, now=None):
    """Write a backup into a new folder under `folder`; keep only the `keep` newest ones."""
    folder = Path(folder)
    now = now or datetime.datetime.now(datetime.UTC)
    target = folder / now.strftime("ruko-%Y%m%d-%H%M%S")
    partial = folder / (target.name + ".partial")
    if target.exists():
        raise BackupError(f"{target} exists already.")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    name, arguments, env = _postgres()
    _run(
        [
            _tool("pg_dump"),
            "-Fc",
            "--no-owner",
            *arguments,
            "-f",
            str(partial / "database.dump"),
            name,
        ],
        env,
    )
    media = {}
    for archive, setting in ARCHIVES.items():
        root = Path(getattr(settings, setting))
        media[archive] = _media_files(root)
        with tarfile.open(partial / f"{archive}.tar", "w") as tar:
            for relative in media[archive]:
                tar.add(root / relative, arcname=relative, recursive=False)
    manifest = {
        "format": FORMAT,
        "created": now.isoformat(),
        "database": name,
        "files": {
            path.name: {"size": path.stat().st_size, "sha256": sha256(path)}
            for path in sorted(partial.iterdir())
        },
        "media": media,
    }
    (partial / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    partial.rename(target)
    if keep:
        backups = sorted(p for p in folder.glob("ruko-*") if p.is_dir() and "." not in p.name)
        for old in backups[:-keep]:
            shutil.rmtree(old)
    return target


def read_manifest(backup):
    """The manifest, after checking every file of the backup against it."""
    backup = Path(backup)
    try:
        manifest = json.loads((backup / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{backup} has no readable manifest.json: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{backup}: unknown backup format {manifest.get('format')!r}.")
    for name, expected in manifest["files"].items():
        path = backup / name
        if not path.is_file():
            raise BackupError(f"{backup}: {name} is missing.")
        if sha256(path) != expected["sha256"]:
            raise BackupError(f"{backup}: {name} does not match its checksum; it is damaged.")
    return manifest


def _database_is_empty(alias="default"):
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
            "'information_schema')"
        )
        return cursor.fetchone()[0] == 0


def _folder_is_empty(path):
    path = Path(path)
    return not path.exists() or not any(path.iterdir())


def restore_backup(backup):
    """Put a backup back into an empty database and empty media folders; check every file."""
    backup = Path(backup)
    manifest = read_manifest(backup)
    name, arguments, env = _postgres()
    if not _database_is_empty():
        raise BackupError(
            f"The database {name} is not empty. Restore into a new, empty database "
            "(createdb, then point DATABASE_URL at it)."
        )
    for setting in ARCHIVES.values():
        if not _folder_is_empty(getattr(settings, setting)):
            raise BackupError(
                f"{setting} ({getattr(settings, setting)}) is not empty. Restore into an empty "
                "folder."
            )
    connections.close_all()
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            *arguments,
            "-d",
            name,
            str(backup / "database.dump"),
        ],
        env,
    )
    for archive, setting in ARCHIVES.items():
        root = Path(getattr(settings, setting))
        root.mkdir(parents=True, exist_ok=True)
        expected = manifest["media"][archive]
        with tarfile.open(backup / f"{archive}.tar") as tar:
            members = [member for member in tar.getmembers() if member.isfile()]
            if sorted(member.name for member in members) != sorted(expected):
                raise BackupError(f"{archive}.tar does not hold the files its manifest lists.")
            tar.extractall(root, members=members, filter="data")
        for relative, facts in expected.items():
            if sha256(root / relative) != facts["sha256"]:
                raise BackupError(f"{setting}/{relative} does not match its checksum.")
    return manifest


def summary(manifest):
    files = sum(len(files) for files in manifest["media"].values())
    return f"{manifest['created']}: database {manifest['database']}, {files} media files"
