"""Every string a user reads is translated to Indonesian: extract the catalogues afresh from a
copy of the code and require every entry to have a finished Indonesian translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".git", "node_modules", "staticfiles", "media", ".test-media", "tests", "bench"}


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    copy = tmp_path_factory.mktemp("source") / "portal"
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in SKIP])
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete", "--no-location"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
    )
    assert result.returncode == 0, result.stderr
    return {
        str(path.relative_to(copy).parent.parent.parent.parent): path
        for path in copy.glob("**/locale/id/LC_MESSAGES/django.po")
    }


def test_project_and_each_app_have_an_indonesian_catalogue(fresh_catalogues):
    assert {".", "guidance", "bookings"} <= set(fresh_catalogues)


def test_every_string_has_an_indonesian_translation(fresh_catalogues):
    missing = []
    for where, path in fresh_catalogues.items():
        catalogue = polib.pofile(str(path))
        missing += [f"{where}: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
        missing += [f"{where}: {entry.msgid!r} (fuzzy)" for entry in catalogue.fuzzy_entries()]
    assert not missing, "Untranslated strings:\n" + "\n".join(missing)
