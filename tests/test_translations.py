"""Every string a user reads is translated to Indonesian: extract the catalogues afresh from a
copy of the code and require every entry to have a finished Indonesian translation."""

import re
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
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete", "--no-location"]
        + ["--ignore=templates/wagtailadmin"],
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


# The admin's own catalogue (portal/translations/admin): Wagtail's and Django's strings.

ADMIN_CATALOGUE = ROOT / "portal" / "translations" / "admin" / "id" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_admin_catalogue_is_complete(domain):
    catalogue = polib.pofile(str(ADMIN_CATALOGUE / f"{domain}.po"))
    assert len(catalogue) > 10
    problems = [f"{e.msgid!r} untranslated" for e in catalogue.untranslated_entries()]
    problems += [f"{e.msgid!r} fuzzy" for e in catalogue.fuzzy_entries()]
    for entry in catalogue:
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for translation in translations:
            if sorted(PLACEHOLDER.findall(translation)) != wanted:
                problems.append(f"{entry.msgid!r}: placeholders differ in {translation!r}")
    assert not problems, "\n".join(problems)


def test_the_admin_catalogue_never_rewords_the_projects_own_strings():
    """The admin catalogue comes first in LOCALE_PATHS, so a string the project also uses
    takes its wording from there: both must say the same (e.g. "Requested by" in the e-mails)."""
    admin = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in polib.pofile(str(ADMIN_CATALOGUE / "django.po"))
    }
    differing = []
    for path in [ROOT / "locale", *ROOT.glob("*/locale")]:
        po = path / "id" / "LC_MESSAGES" / "django.po"
        if not po.exists() or ADMIN_CATALOGUE.parent.parent in po.parents:
            continue
        for entry in polib.pofile(str(po)):
            theirs = admin.get((entry.msgctxt, entry.msgid))
            if entry.msgstr and theirs and theirs != entry.msgstr:
                differing.append(f"{entry.msgid!r}: {theirs!r} here, {entry.msgstr!r} in {po}")
    assert not differing, "\n".join(differing)


def test_make_messages_leaves_the_admin_catalogue_alone(fresh_catalogues):
    copy = fresh_catalogues["."].parents[3]
    for domain in ("django", "djangojs"):
        relative = ADMIN_CATALOGUE.relative_to(ROOT) / f"{domain}.po"
        assert (copy / relative).read_bytes() == (ROOT / relative).read_bytes()


def test_the_admin_catalogue_overrides_wagtail_and_english_stays_english():
    from django.utils import translation

    with translation.override("id"):
        assert translation.gettext("Snippets") == "Cuplikan"  # Wagtail's own: "Potongan"
        assert translation.gettext("Save draft") == "Simpan draf"
        assert translation.gettext("%(label)s and Publish") == "%(label)s dan terbitkan"
        assert translation.gettext("Request changes") == "Minta perubahan"
    with translation.override("en"):
        assert translation.gettext("Snippets") == "Snippets"
        assert translation.gettext("Request changes") == "Request changes"
